// Original file: ../../proto/aether/v1/admin.proto

import type { WorkflowState as _aether_v1_WorkflowState, WorkflowState__Output as _aether_v1_WorkflowState__Output } from '../../aether/v1/WorkflowState.js';
import type { WaitKind as _aether_v1_WaitKind, WaitKind__Output as _aether_v1_WaitKind__Output } from '../../aether/v1/WaitKind.js';

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
  /**
   * UNSPECIFIED: whatever it waits on, or nothing. Otherwise only RUNNING workflows whose
   * current wait is of this kind.
   */
  'waiting'?: (_aether_v1_WaitKind);
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
  /**
   * UNSPECIFIED: whatever it waits on, or nothing. Otherwise only RUNNING workflows whose
   * current wait is of this kind.
   */
  'waiting': (_aether_v1_WaitKind__Output);
}
