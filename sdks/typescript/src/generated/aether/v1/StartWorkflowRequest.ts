// Original file: ../../proto/aether/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface StartWorkflowRequest {
  'workflowType'?: (string);
  'input'?: (Buffer | Uint8Array | string);
  /**
   * Optional; generated when empty.
   */
  'workflowId'?: (string);
  /**
   * If set, waits up to this long (capped at 60 s) for the workflow to finish and returns its
   * info: start-and-wait in one round trip.
   */
  'waitMs'?: (number | string | Long);
  /**
   * If set, the engine fails the workflow with a timeout failure (error_type "TimeoutError",
   * timeout "execution") once this long has passed since it started, ends its task and cancels
   * its children. 0: none; negative: INVALID_ARGUMENT.
   */
  'executionTimeoutMs'?: (number | string | Long);
}

export interface StartWorkflowRequest__Output {
  'workflowType': (string);
  'input': (Buffer);
  /**
   * Optional; generated when empty.
   */
  'workflowId': (string);
  /**
   * If set, waits up to this long (capped at 60 s) for the workflow to finish and returns its
   * info: start-and-wait in one round trip.
   */
  'waitMs': (number);
  /**
   * If set, the engine fails the workflow with a timeout failure (error_type "TimeoutError",
   * timeout "execution") once this long has passed since it started, ends its task and cancels
   * its children. 0: none; negative: INVALID_ARGUMENT.
   */
  'executionTimeoutMs': (number);
}
