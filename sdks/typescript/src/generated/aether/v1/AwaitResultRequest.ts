// Original file: ../../proto/aether/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface AwaitResultRequest {
  'workflowId'?: (string);
  /**
   * 0 uses the server's maximum (60 s). Callers loop until the state is terminal.
   */
  'timeoutMs'?: (number | string | Long);
}

export interface AwaitResultRequest__Output {
  'workflowId': (string);
  /**
   * 0 uses the server's maximum (60 s). Callers loop until the state is terminal.
   */
  'timeoutMs': (number);
}
