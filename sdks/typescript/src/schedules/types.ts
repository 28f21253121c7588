/**
 * The public types of schedules: what `client.schedules.create` takes, and a schedule as
 * `describe` and `list` return it. Plain data only; the wire conversions are in `wire.ts`, the
 * client in `client.ts`.
 */

import type { AnyWorkflow, WorkflowState } from '../client.js';
import type { SleepDuration } from '../duration.js';

/** What a tick does while a run the schedule started is still open. */
export type OverlapPolicy = 'skip' | 'buffer-one' | 'buffer-all' | 'cancel-other' | 'allow-all';

/** When a schedule fires and what it starts. */
export interface ScheduleOptions {
  /** 5 fields as Unix cron reads them (minute hour day-of-month month day-of-week, Sunday 0),
   * or 6 or 7 with seconds first (day of week 1-7, Sunday 1, as the `cron` crate reads them):
   * `'0 9 * * 1-5'`, `'*\/10 * * * * *'`. */
  cron: string;
  /** An IANA time zone the expression is read in, e.g. `'Europe/Paris'` (default UTC). */
  timeZone?: string;
  /** The workflow each tick starts: its handle, or its type's name. */
  workflow: AnyWorkflow | string;
  /** The workflow's arguments (default: none). */
  args?: unknown[];
  /** Default `'skip'`. */
  overlap?: OverlapPolicy;
  /** After downtime, ticks older than this are counted as missed instead of run (default one
   * minute): a duration, or milliseconds. */
  catchupWindow?: SleepDuration | number;
  /** Each tick starts after a delay below this, the same on every engine node. */
  jitter?: SleepDuration | number;
  /** No tick before this time. */
  startAt?: Date;
  /** No tick after this time. */
  endAt?: Date;
}

export interface CreateScheduleOptions extends ScheduleOptions {
  /** Create it paused. */
  paused?: boolean;
  /** Why (shown by describe). */
  note?: string;
}

/** A run the schedule started. */
export interface ScheduleRun {
  /** The tick's time (before jitter), which the workflow id names. */
  scheduledAt: Date;
  startedAt: Date;
  /** `<scheduleId>@<scheduled time>`: the same tick never starts twice. */
  workflowId: string;
  /** Absent while its start is still being made. */
  state?: WorkflowState;
}

export interface ScheduleCounters {
  /** Runs started (ticks, triggers and backfills). */
  actionsStarted: number;
  /** Ticks not started because a run was open. */
  skippedOverlap: number;
  /** Ticks older than the catch-up window when the engine reached them. */
  missedCatchup: number;
  /** Ticks ever held back by a buffering policy. */
  buffered: number;
}

/** A schedule as the engine stores and describes it. */
export interface ScheduleDescription {
  scheduleId: string;
  cron: string;
  /** As stored: `'UTC'` when none was given. */
  timeZone: string;
  jitterMs: number;
  startAt?: Date;
  endAt?: Date;
  workflowType: string;
  /** The arguments each run gets. */
  args: unknown[];
  overlap: OverlapPolicy;
  catchupWindowMs: number;
  paused: boolean;
  note: string;
  createdAt: Date;
  updatedAt: Date;
  /** The next 5 fire times (before jitter); empty once the schedule has ended. */
  nextFireTimes: Date[];
  /** The latest runs, newest first. */
  recentRuns: ScheduleRun[];
  runningWorkflowIds: string[];
  counters: ScheduleCounters;
  /** Ticks a buffering policy holds, and those a trigger or backfill queued, oldest first. */
  waitingTicks: Date[];
}

/** What `trigger` did with its tick. */
export interface Triggered {
  scheduledAt: Date;
  /** The run's id (for a buffered tick, the id it will have). */
  workflowId: string;
  outcome: 'started' | 'skipped' | 'buffered';
}

/** `client.schedules`. */
export interface SchedulesClient {
  /** Creates a schedule. A bad cron expression, time zone, policy or duration is refused
   * with an `AetherError` and creates nothing; an id in use is refused too. */
  create(scheduleId: string, options: CreateScheduleOptions): Promise<ScheduleDescription>;
  /** Every schedule, ordered by id. */
  list(): Promise<ScheduleDescription[]>;
  describe(scheduleId: string): Promise<ScheduleDescription>;
  /** Changes what is given and keeps the rest (its runs, counters and paused flag too; the
   * stored input as it is, unless `args` is given). */
  update(scheduleId: string, changes: Partial<ScheduleOptions>): Promise<ScheduleDescription>;
  /** Its ticks start nothing until it is unpaused; those that pass meanwhile are not run later. */
  pause(scheduleId: string, note?: string): Promise<ScheduleDescription>;
  unpause(scheduleId: string, note?: string): Promise<ScheduleDescription>;
  /** Starts one run now; the overlap policy applies. */
  trigger(scheduleId: string): Promise<Triggered>;
  /** Runs the ticks in `[start, end]` under `overlap` (default: the engine's, `'buffer-all'`,
   * every tick in turn); returns how many ticks the range holds. */
  backfill(scheduleId: string, range: { start: Date; end: Date; overlap?: OverlapPolicy }): Promise<number>;
  /** Removes the schedule; the runs it started go on. */
  delete(scheduleId: string): Promise<void>;
}
