// Original file: ../../proto/aether/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface WorkerInfo {
  'workerId'?: (string);
  'workflowTypes'?: (string)[];
  'capacity'?: (number);
  'inUse'?: (number);
  'connected'?: (boolean);
  'lastHeartbeatMs'?: (number | string | Long);
}

export interface WorkerInfo__Output {
  'workerId': (string);
  'workflowTypes': (string)[];
  'capacity': (number);
  'inUse': (number);
  'connected': (boolean);
  'lastHeartbeatMs': (number);
}
