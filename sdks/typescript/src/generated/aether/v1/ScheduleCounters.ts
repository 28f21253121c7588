// Original file: ../../proto/aether/v1/schedules.proto

import type { Long } from '@grpc/proto-loader';

export interface ScheduleCounters {
  /**
   * Runs started (ticks, triggers and backfills).
   */
  'actionsStarted'?: (number | string | Long);
  /**
   * Ticks not started because a run was open (SKIP, or BUFFER_ONE with its one place taken).
   */
  'skippedOverlap'?: (number | string | Long);
  /**
   * Ticks older than the catch-up window when the engine reached them.
   */
  'missedCatchup'?: (number | string | Long);
  /**
   * Ticks ever held back by BUFFER_ONE or BUFFER_ALL.
   */
  'buffered'?: (number | string | Long);
}

export interface ScheduleCounters__Output {
  /**
   * Runs started (ticks, triggers and backfills).
   */
  'actionsStarted': (number);
  /**
   * Ticks not started because a run was open (SKIP, or BUFFER_ONE with its one place taken).
   */
  'skippedOverlap': (number);
  /**
   * Ticks older than the catch-up window when the engine reached them.
   */
  'missedCatchup': (number);
  /**
   * Ticks ever held back by BUFFER_ONE or BUFFER_ALL.
   */
  'buffered': (number);
}
