// Original file: ../../proto/aether/v1/worker.proto

import type { Long } from '@grpc/proto-loader';

export interface WaitForSignalRequest {
  'taskToken'?: (string);
  'position'?: (number);
  /**
   * The signal's name.
   */
  'name'?: (string);
  /**
   * 0: no timeout.
   */
  'timeoutMs'?: (number | string | Long);
}

export interface WaitForSignalRequest__Output {
  'taskToken': (string);
  'position': (number);
  /**
   * The signal's name.
   */
  'name': (string);
  /**
   * 0: no timeout.
   */
  'timeoutMs': (number);
}
