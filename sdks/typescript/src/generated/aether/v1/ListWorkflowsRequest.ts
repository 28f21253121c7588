// Original file: ../../proto/aether/v1/admin.proto

import type { WorkflowState as _aether_v1_WorkflowState, WorkflowState__Output as _aether_v1_WorkflowState__Output } from '../../aether/v1/WorkflowState.js';

export interface ListWorkflowsRequest {
  /**
   * Empty: any type.
   */
  'workflowType'?: (string);
  /**
   * UNSPECIFIED: any state.
   */
  'state'?: (_aether_v1_WorkflowState);
  /**
   * 0 uses the default (1000).
   */
  'limit'?: (number);
}

export interface ListWorkflowsRequest__Output {
  /**
   * Empty: any type.
   */
  'workflowType': (string);
  /**
   * UNSPECIFIED: any state.
   */
  'state': (_aether_v1_WorkflowState__Output);
  /**
   * 0 uses the default (1000).
   */
  'limit': (number);
}
