// Original file: ../../proto/aether/v1/admin.proto

import type { WorkerInfo as _aether_v1_WorkerInfo, WorkerInfo__Output as _aether_v1_WorkerInfo__Output } from '../../aether/v1/WorkerInfo.js';

export interface ListWorkersResponse {
  'workers'?: (_aether_v1_WorkerInfo)[];
}

export interface ListWorkersResponse__Output {
  'workers': (_aether_v1_WorkerInfo__Output)[];
}
