// Original file: ../../proto/aether/v1/worker.proto

import type { Long } from '@grpc/proto-loader';

export interface RegisterResponse {
  'workerId'?: (string);
  'heartbeatIntervalMs'?: (number | string | Long);
  'heartbeatTimeoutMs'?: (number | string | Long);
}

export interface RegisterResponse__Output {
  'workerId': (string);
  'heartbeatIntervalMs': (number);
  'heartbeatTimeoutMs': (number);
}
