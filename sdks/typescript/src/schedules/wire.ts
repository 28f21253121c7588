/**
 * Conversions between the schedule types of `types.ts` and the generated messages of
 * `proto/aether/v1/schedules.proto`. Times and durations are milliseconds on the wire; a
 * negative or non-finite duration is refused here, before any call, with the words the engine
 * would use.
 */

import { decode, encode, required } from '../codec.js';
import { toMillis } from '../duration.js';
import type { SleepDuration } from '../duration.js';
import { AetherError, ProtocolError } from '../errors.js';
import type { OverlapPolicy as WireOverlap, OverlapPolicy__Output } from '../generated/aether/v1/OverlapPolicy.js';
import type { ScheduleDefinition } from '../generated/aether/v1/ScheduleDefinition.js';
import type { ScheduleDescription__Output } from '../generated/aether/v1/ScheduleDescription.js';
import type { TriggerScheduleResponse__Output } from '../generated/aether/v1/TriggerScheduleResponse.js';
import type { WorkflowState } from '../client.js';
import type { OverlapPolicy, ScheduleDescription, ScheduleOptions, Triggered } from './types.js';

const WIRE_POLICIES: Record<OverlapPolicy, WireOverlap> = {
  skip: 'OVERLAP_POLICY_SKIP',
  'buffer-one': 'OVERLAP_POLICY_BUFFER_ONE',
  'buffer-all': 'OVERLAP_POLICY_BUFFER_ALL',
  'cancel-other': 'OVERLAP_POLICY_CANCEL_OTHER',
  'allow-all': 'OVERLAP_POLICY_ALLOW_ALL',
};

export function toWirePolicy(policy: OverlapPolicy): WireOverlap {
  const wire = WIRE_POLICIES[policy] as WireOverlap | undefined;
  if (wire === undefined) {
    throw new AetherError(
      `unknown overlap policy ${JSON.stringify(policy)}; expected one of: ${Object.keys(WIRE_POLICIES).join(', ')}`,
    );
  }
  return wire;
}

function fromWirePolicy(wire: OverlapPolicy__Output): OverlapPolicy {
  if (wire === 'OVERLAP_POLICY_UNSPECIFIED') return 'skip';
  const found = (Object.keys(WIRE_POLICIES) as OverlapPolicy[]).find((p) => WIRE_POLICIES[p] === wire);
  if (found === undefined) {
    throw new ProtocolError(`the server sent an unknown overlap policy ${JSON.stringify(wire)}`);
  }
  return found;
}

/** A duration as the wire's milliseconds; absent stays absent, negative is refused. */
export function wireDuration(value: SleepDuration | number | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : toMillis(value);
  if (!Number.isFinite(ms) || ms < 0) {
    throw new AetherError(`the ${what} must not be negative (got ${JSON.stringify(value)})`);
  }
  return Math.ceil(ms);
}

function wireTime(value: Date | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = value.getTime();
  if (!Number.isFinite(ms)) {
    throw new AetherError(`the ${what} is not a valid date`);
  }
  return ms;
}

export function toWireDefinition(options: ScheduleOptions): ScheduleDefinition {
  const workflowType = typeof options.workflow === 'string' ? options.workflow : options.workflow.name;
  const catchupWindowMs = wireDuration(options.catchupWindow, 'catch-up window');
  const startAtMs = wireTime(options.startAt, 'start');
  const endAtMs = wireTime(options.endAt, 'end');
  return {
    spec: {
      cron: options.cron,
      timeZone: options.timeZone ?? '',
      jitterMs: wireDuration(options.jitter, 'jitter') ?? 0,
      ...(startAtMs === undefined ? {} : { startAtMs }),
      ...(endAtMs === undefined ? {} : { endAtMs }),
    },
    action: { workflowType, input: encode(options.args ?? []) },
    overlap: toWirePolicy(options.overlap ?? 'skip'),
    ...(catchupWindowMs === undefined ? {} : { catchupWindowMs }),
  };
}

function state(wire: string): WorkflowState | undefined {
  return wire === 'WORKFLOW_STATE_UNSPECIFIED' ? undefined : (wire.replace('WORKFLOW_STATE_', '') as WorkflowState);
}

/** Arguments as stored: what a TypeScript client sent (an array), or one value from elsewhere. */
function args(input: Buffer): unknown[] {
  const value = decode<unknown>(input);
  return Array.isArray(value) ? (value as unknown[]) : value === undefined || value === null ? [] : [value];
}

export function toDescription(wire: ScheduleDescription__Output): ScheduleDescription {
  const schedule = required(wire.schedule, "a schedule description's schedule");
  const definition = required(schedule.definition, "a schedule's definition");
  const spec = required(definition.spec, "a schedule's spec");
  const action = required(definition.action, "a schedule's action");
  const counters = wire.counters;
  return {
    scheduleId: schedule.scheduleId,
    cron: spec.cron,
    timeZone: spec.timeZone,
    jitterMs: spec.jitterMs,
    ...(spec.startAtMs === undefined ? {} : { startAt: new Date(spec.startAtMs) }),
    ...(spec.endAtMs === undefined ? {} : { endAt: new Date(spec.endAtMs) }),
    workflowType: action.workflowType,
    args: args(action.input),
    overlap: fromWirePolicy(definition.overlap),
    catchupWindowMs: definition.catchupWindowMs ?? 60_000,
    paused: schedule.paused,
    note: schedule.note,
    createdAt: new Date(schedule.createdAtMs),
    updatedAt: new Date(schedule.updatedAtMs),
    nextFireTimes: wire.nextFireTimesMs.map((t) => new Date(t)),
    recentRuns: wire.recentActions.map((run) => {
      const runState = state(run.state);
      return {
        scheduledAt: new Date(run.scheduledAtMs),
        startedAt: new Date(run.startedAtMs),
        workflowId: run.workflowId,
        ...(runState === undefined ? {} : { state: runState }),
      };
    }),
    runningWorkflowIds: wire.runningWorkflowIds,
    counters: {
      actionsStarted: counters?.actionsStarted ?? 0,
      skippedOverlap: counters?.skippedOverlap ?? 0,
      missedCatchup: counters?.missedCatchup ?? 0,
      buffered: counters?.buffered ?? 0,
    },
    waitingTicks: wire.bufferedTicksMs.map((t) => new Date(t)),
  };
}

/** The action's input bytes exactly as the engine stores them. */
export function storedInput(wire: ScheduleDescription__Output): Buffer {
  const action = required(wire.schedule?.definition?.action, "a schedule's action");
  return Buffer.from(action.input);
}

/** The options a description was made from, for an update that changes only some of them. */
export function toOptions(d: ScheduleDescription): ScheduleOptions {
  return {
    cron: d.cron,
    timeZone: d.timeZone,
    workflow: d.workflowType,
    args: d.args,
    overlap: d.overlap,
    catchupWindow: d.catchupWindowMs,
    jitter: d.jitterMs,
    ...(d.startAt === undefined ? {} : { startAt: d.startAt }),
    ...(d.endAt === undefined ? {} : { endAt: d.endAt }),
  };
}

const OUTCOMES = {
  TICK_OUTCOME_STARTED: 'started',
  TICK_OUTCOME_SKIPPED: 'skipped',
  TICK_OUTCOME_BUFFERED: 'buffered',
} as const;

export function toTriggered(wire: TriggerScheduleResponse__Output): Triggered {
  const outcome = wire.outcome === 'TICK_OUTCOME_UNSPECIFIED' ? undefined : OUTCOMES[wire.outcome];
  if (outcome === undefined) {
    throw new ProtocolError(`the server sent an unknown trigger outcome ${JSON.stringify(wire.outcome)}`);
  }
  return { scheduledAt: new Date(wire.scheduledAtMs), workflowId: wire.workflowId, outcome };
}
