// Original file: ../../proto/aether/v1/worker.proto

import type { ActivityTimeouts as _aether_v1_ActivityTimeouts, ActivityTimeouts__Output as _aether_v1_ActivityTimeouts__Output } from '../../aether/v1/ActivityTimeouts.js';
import type { RetryPolicy as _aether_v1_RetryPolicy, RetryPolicy__Output as _aether_v1_RetryPolicy__Output } from '../../aether/v1/RetryPolicy.js';

export interface StartActivityRequest {
  'taskToken'?: (string);
  'position'?: (number);
  'name'?: (string);
  /**
   * 1-based attempt number.
   */
  'attempt'?: (number);
  'timeouts'?: (_aether_v1_ActivityTimeouts | null);
  /**
   * Applied when the engine times an attempt out; absent: no retry.
   */
  'retryPolicy'?: (_aether_v1_RetryPolicy | null);
}

export interface StartActivityRequest__Output {
  'taskToken': (string);
  'position': (number);
  'name': (string);
  /**
   * 1-based attempt number.
   */
  'attempt': (number);
  'timeouts': (_aether_v1_ActivityTimeouts__Output | null);
  /**
   * Applied when the engine times an attempt out; absent: no retry.
   */
  'retryPolicy': (_aether_v1_RetryPolicy__Output | null);
}
