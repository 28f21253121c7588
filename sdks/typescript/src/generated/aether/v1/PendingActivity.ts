// Original file: ../../proto/aether/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * An activity with engine-enforced timeouts, between its first attempt's start and its end.
 */
export interface PendingActivity {
  'position'?: (number);
  'name'?: (string);
  /**
   * The attempt running, or the next one when it waits for a retry.
   */
  'attempt'?: (number);
  /**
   * When the running attempt started; 0 while it waits for a retry.
   */
  'startedAtMs'?: (number | string | Long);
  /**
   * The attempt's last heartbeat; 0 if none reached this engine node.
   */
  'lastHeartbeatAtMs'?: (number | string | Long);
  /**
   * Its last heartbeat details, or those the previous attempt left.
   */
  'heartbeatDetails'?: (Buffer | Uint8Array | string);
  /**
   * The next deadline the engine enforces and which timeout it is (0 and "" if none).
   */
  'deadlineMs'?: (number | string | Long);
  'deadlineTimeout'?: (string);
  '_heartbeatDetails'?: "heartbeatDetails";
}

/**
 * An activity with engine-enforced timeouts, between its first attempt's start and its end.
 */
export interface PendingActivity__Output {
  'position': (number);
  'name': (string);
  /**
   * The attempt running, or the next one when it waits for a retry.
   */
  'attempt': (number);
  /**
   * When the running attempt started; 0 while it waits for a retry.
   */
  'startedAtMs': (number);
  /**
   * The attempt's last heartbeat; 0 if none reached this engine node.
   */
  'lastHeartbeatAtMs': (number);
  /**
   * Its last heartbeat details, or those the previous attempt left.
   */
  'heartbeatDetails'?: (Buffer);
  /**
   * The next deadline the engine enforces and which timeout it is (0 and "" if none).
   */
  'deadlineMs': (number);
  'deadlineTimeout': (string);
  '_heartbeatDetails'?: "heartbeatDetails";
}
