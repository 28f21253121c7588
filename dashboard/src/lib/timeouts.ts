// Words for the timeouts the engine enforces (an activity attempt's, all its attempts', the
// run's) and for an activity in progress, as the run page shows them.

import type { ActivityTimeouts, PendingActivity, TimeoutKind } from '../api/types';
import { formatDuration } from './format';

const LABELS: Record<TimeoutKind, string> = {
  heartbeat: 'heartbeat',
  start_to_close: 'start-to-close',
  schedule_to_start: 'schedule-to-start',
  schedule_to_close: 'schedule-to-close',
  execution: 'execution',
};

/** `start_to_close` reads `start-to-close`; a kind newer than this dashboard reads as itself. */
export function timeoutLabel(kind: string): string {
  return kind in LABELS ? LABELS[kind as TimeoutKind] : kind.replace(/_/g, ' ');
}

/** An activity's timeouts in words, `start-to-close 30 s`, in the order an attempt meets them. */
export function describeTimeouts(timeouts: ActivityTimeouts | null | undefined): string[] {
  if (!timeouts) return [];
  const parts: [TimeoutKind, number | undefined][] = [
    ['schedule_to_start', timeouts.schedule_to_start_ms],
    ['start_to_close', timeouts.start_to_close_ms],
    ['heartbeat', timeouts.heartbeat_ms],
    ['schedule_to_close', timeouts.schedule_to_close_ms],
  ];
  return parts
    .filter((part): part is [TimeoutKind, number] => typeof part[1] === 'number' && part[1] > 0)
    .map(([kind, ms]) => `${LABELS[kind]} ${formatDuration(ms)}`);
}

/** Whether the activity's attempt runs on a worker or waits to start (a retry not yet begun). */
export function activityPhase(activity: PendingActivity): 'running' | 'waiting to start' {
  return activity.startedAt === null ? 'waiting to start' : 'running';
}
