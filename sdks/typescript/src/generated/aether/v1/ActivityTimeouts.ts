// Original file: ../../proto/aether/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * An activity's timeouts in milliseconds; 0 is none, a negative value is INVALID_ARGUMENT.
 */
export interface ActivityTimeouts {
  /**
   * One attempt, from its start to its end.
   */
  'startToCloseMs'?: (number | string | Long);
  /**
   * The longest time between heartbeats of an attempt (its start counts as one).
   */
  'heartbeatMs'?: (number | string | Long);
  /**
   * A retry, from the end of its backoff until its attempt starts.
   */
  'scheduleToStartMs'?: (number | string | Long);
  /**
   * The whole activity, all attempts together, from its first start: when it passes, the
   * running attempt fails and no further attempt runs.
   */
  'scheduleToCloseMs'?: (number | string | Long);
}

/**
 * An activity's timeouts in milliseconds; 0 is none, a negative value is INVALID_ARGUMENT.
 */
export interface ActivityTimeouts__Output {
  /**
   * One attempt, from its start to its end.
   */
  'startToCloseMs': (number);
  /**
   * The longest time between heartbeats of an attempt (its start counts as one).
   */
  'heartbeatMs': (number);
  /**
   * A retry, from the end of its backoff until its attempt starts.
   */
  'scheduleToStartMs': (number);
  /**
   * The whole activity, all attempts together, from its first start: when it passes, the
   * running attempt fails and no further attempt runs.
   */
  'scheduleToCloseMs': (number);
}
