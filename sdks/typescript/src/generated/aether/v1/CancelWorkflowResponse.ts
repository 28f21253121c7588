// Original file: ../../proto/aether/v1/client.proto

import type { WorkflowState as _aether_v1_WorkflowState, WorkflowState__Output as _aether_v1_WorkflowState__Output } from '../../aether/v1/WorkflowState.js';

export interface CancelWorkflowResponse {
  'state'?: (_aether_v1_WorkflowState);
}

export interface CancelWorkflowResponse__Output {
  'state': (_aether_v1_WorkflowState__Output);
}
