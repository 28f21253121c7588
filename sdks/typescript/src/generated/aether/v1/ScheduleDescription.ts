// Original file: ../../proto/aether/v1/schedules.proto

import type { Schedule as _aether_v1_Schedule, Schedule__Output as _aether_v1_Schedule__Output } from '../../aether/v1/Schedule.js';
import type { ScheduleRun as _aether_v1_ScheduleRun, ScheduleRun__Output as _aether_v1_ScheduleRun__Output } from '../../aether/v1/ScheduleRun.js';
import type { ScheduleCounters as _aether_v1_ScheduleCounters, ScheduleCounters__Output as _aether_v1_ScheduleCounters__Output } from '../../aether/v1/ScheduleCounters.js';
import type { Long } from '@grpc/proto-loader';

export interface ScheduleDescription {
  'schedule'?: (_aether_v1_Schedule | null);
  /**
   * The next 5 times the spec fires (before jitter), empty when it has ended.
   */
  'nextFireTimesMs'?: (number | string | Long)[];
  /**
   * The most recent runs, newest first (at most 10).
   */
  'recentActions'?: (_aether_v1_ScheduleRun)[];
  /**
   * The runs it started that are still open.
   */
  'runningWorkflowIds'?: (string)[];
  'counters'?: (_aether_v1_ScheduleCounters | null);
  /**
   * Ticks held back by a buffering policy, oldest first, and ticks a trigger or backfill
   * queued that have not been considered yet.
   */
  'bufferedTicksMs'?: (number | string | Long)[];
}

export interface ScheduleDescription__Output {
  'schedule': (_aether_v1_Schedule__Output | null);
  /**
   * The next 5 times the spec fires (before jitter), empty when it has ended.
   */
  'nextFireTimesMs': (number)[];
  /**
   * The most recent runs, newest first (at most 10).
   */
  'recentActions': (_aether_v1_ScheduleRun__Output)[];
  /**
   * The runs it started that are still open.
   */
  'runningWorkflowIds': (string)[];
  'counters': (_aether_v1_ScheduleCounters__Output | null);
  /**
   * Ticks held back by a buffering policy, oldest first, and ticks a trigger or backfill
   * queued that have not been considered yet.
   */
  'bufferedTicksMs': (number)[];
}
