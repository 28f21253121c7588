// Original file: ../../proto/aether/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * How the engine retries a failed step. Attempts are scheduled by the engine as durable timers.
 */
export interface RetryPolicy {
  'initialIntervalMs'?: (number | string | Long);
  'backoffCoefficient'?: (number | string);
  'maxIntervalMs'?: (number | string | Long);
  /**
   * 0 means unlimited.
   */
  'maximumAttempts'?: (number);
  'nonRetryableErrorTypes'?: (string)[];
}

/**
 * How the engine retries a failed step. Attempts are scheduled by the engine as durable timers.
 */
export interface RetryPolicy__Output {
  'initialIntervalMs': (number);
  'backoffCoefficient': (number);
  'maxIntervalMs': (number);
  /**
   * 0 means unlimited.
   */
  'maximumAttempts': (number);
  'nonRetryableErrorTypes': (string)[];
}
