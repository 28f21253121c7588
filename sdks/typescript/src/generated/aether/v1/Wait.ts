// Original file: ../../proto/aether/v1/common.proto

import type { WaitKind as _aether_v1_WaitKind, WaitKind__Output as _aether_v1_WaitKind__Output } from '../../aether/v1/WaitKind.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One thing a RUNNING workflow waits on, at one journal position.
 */
export interface Wait {
  'position'?: (number);
  'kind'?: (_aether_v1_WaitKind);
  /**
   * What is waited for: the timer's name, the retried step's name, the child's workflow id.
   */
  'target'?: (string);
  /**
   * When the wait began.
   */
  'sinceMs'?: (number | string | Long);
  /**
   * When the engine ends the wait by itself (a timer, a retry's backoff); 0 when only an event
   * can end it (a child's result).
   */
  'deadlineMs'?: (number | string | Long);
}

/**
 * One thing a RUNNING workflow waits on, at one journal position.
 */
export interface Wait__Output {
  'position': (number);
  'kind': (_aether_v1_WaitKind__Output);
  /**
   * What is waited for: the timer's name, the retried step's name, the child's workflow id.
   */
  'target': (string);
  /**
   * When the wait began.
   */
  'sinceMs': (number);
  /**
   * When the engine ends the wait by itself (a timer, a retry's backoff); 0 when only an event
   * can end it (a child's result).
   */
  'deadlineMs': (number);
}
