// What the schedule pages say about a schedule, in words: its state, time zone, overlap
// policy, the next tick worth showing, and what a "trigger now" did.

import type { OverlapPolicy, Schedule, Triggered } from '../api/types';
import { formatCount } from './format';

/** The spec's time zone as people read it: an empty zone is the engine's UTC. */
export function timeZoneLabel(timeZone: string): string {
  return timeZone.trim() === '' ? 'UTC' : timeZone;
}

export type ScheduleState = 'active' | 'paused';

export function scheduleState(schedule: Pick<Schedule, 'paused'>): ScheduleState {
  return schedule.paused ? 'paused' : 'active';
}

const OVERLAP_TEXT: Record<OverlapPolicy, string> = {
  skip: 'a tick while a run is open is skipped',
  'buffer-one': 'one tick waits for the open runs to finish; further ones are skipped',
  'buffer-all': 'every tick waits, and they start one at a time as the open runs finish',
  'cancel-other': 'the open runs are cancelled, then the tick starts',
  'allow-all': 'every tick starts, whatever is open',
};

/** What the overlap policy does when a tick comes while an earlier run is still open. */
export function overlapDescription(policy: OverlapPolicy): string {
  return OVERLAP_TEXT[policy];
}

/**
 * The next tick that will start something: none while paused (the spec still has times, but
 * nothing fires), nor when the spec has ended.
 */
export function nextFire(schedule: Pick<Schedule, 'paused' | 'nextFireTimesMs'>): number | null {
  if (schedule.paused) return null;
  return schedule.nextFireTimesMs[0] ?? null;
}

/** A sentence for what "trigger now" did with its tick. */
export function triggerMessage(triggered: Triggered): string {
  switch (triggered.outcome) {
    case 'started':
      return `Triggered: run ${triggered.workflowId} started.`;
    case 'buffered':
      return 'Triggered: the tick waits for the open runs to finish (overlap policy).';
    case 'skipped':
      return 'Triggered, but skipped: a run is still open and the overlap policy skips.';
  }
}

/** `1 schedule`, `3 schedules`. */
export function countLabel(n: number): string {
  return `${formatCount(n)} schedule${n === 1 ? '' : 's'}`;
}
