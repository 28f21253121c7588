// Original file: ../../proto/aether/v1/worker.proto

import type { Failure as _aether_v1_Failure, Failure__Output as _aether_v1_Failure__Output } from '../../aether/v1/Failure.js';

export interface CompleteWorkflowRequest {
  'taskToken'?: (string);
  'result'?: (Buffer | Uint8Array | string);
  'failure'?: (_aether_v1_Failure | null);
  'outcome'?: "result"|"failure";
}

export interface CompleteWorkflowRequest__Output {
  'taskToken': (string);
  'result'?: (Buffer);
  'failure'?: (_aether_v1_Failure__Output | null);
  'outcome'?: "result"|"failure";
}
