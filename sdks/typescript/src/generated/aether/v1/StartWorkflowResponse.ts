// Original file: ../../proto/aether/v1/client.proto

import type { WorkflowInfo as _aether_v1_WorkflowInfo, WorkflowInfo__Output as _aether_v1_WorkflowInfo__Output } from '../../aether/v1/WorkflowInfo.js';

export interface StartWorkflowResponse {
  'workflowId'?: (string);
  /**
   * False when a workflow with this id already existed.
   */
  'created'?: (boolean);
  /**
   * With wait_ms: the workflow's info when the wait ended (terminal, or still running).
   */
  'info'?: (_aether_v1_WorkflowInfo | null);
}

export interface StartWorkflowResponse__Output {
  'workflowId': (string);
  /**
   * False when a workflow with this id already existed.
   */
  'created': (boolean);
  /**
   * With wait_ms: the workflow's info when the wait ended (terminal, or still running).
   */
  'info': (_aether_v1_WorkflowInfo__Output | null);
}
