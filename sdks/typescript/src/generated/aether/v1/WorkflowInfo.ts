// Original file: ../../proto/aether/v1/common.proto

import type { WorkflowState as _aether_v1_WorkflowState, WorkflowState__Output as _aether_v1_WorkflowState__Output } from '../../aether/v1/WorkflowState.js';
import type { WaitKind as _aether_v1_WaitKind, WaitKind__Output as _aether_v1_WaitKind__Output } from '../../aether/v1/WaitKind.js';
import type { Failure as _aether_v1_Failure, Failure__Output as _aether_v1_Failure__Output } from '../../aether/v1/Failure.js';
import type { Wait as _aether_v1_Wait, Wait__Output as _aether_v1_Wait__Output } from '../../aether/v1/Wait.js';
import type { PendingActivity as _aether_v1_PendingActivity, PendingActivity__Output as _aether_v1_PendingActivity__Output } from '../../aether/v1/PendingActivity.js';
import type { Long } from '@grpc/proto-loader';

export interface WorkflowInfo {
  'workflowId'?: (string);
  'workflowType'?: (string);
  'state'?: (_aether_v1_WorkflowState);
  'waitingOn'?: (_aether_v1_WaitKind);
  'createdAtMs'?: (number | string | Long);
  'updatedAtMs'?: (number | string | Long);
  /**
   * 0 while the workflow is not terminal.
   */
  'closedAtMs'?: (number | string | Long);
  /**
   * Empty for a top-level workflow.
   */
  'parentWorkflowId'?: (string);
  'input'?: (Buffer | Uint8Array | string);
  /**
   * Set when COMPLETED.
   */
  'result'?: (Buffer | Uint8Array | string);
  /**
   * Set when FAILED.
   */
  'failure'?: (_aether_v1_Failure | null);
  /**
   * Number of actions in the history.
   */
  'historyLength'?: (number | string | Long);
  /**
   * The worker holding the workflow's task, if any.
   */
  'workerId'?: (string);
  /**
   * When the workflow began waiting on `waiting_on`; 0 when it is not waiting.
   */
  'waitingSinceMs'?: (number | string | Long);
  /**
   * Every open wait, the oldest first. Set by GetWorkflowStatus and AwaitResult; listings leave
   * it empty (they carry `waiting_on` and `waiting_since_ms`).
   */
  'waits'?: (_aether_v1_Wait)[];
  /**
   * Activities with engine-enforced timeouts that are running or due to run again. Set like
   * `waits`.
   */
  'pendingActivities'?: (_aether_v1_PendingActivity)[];
  /**
   * When the execution timeout fails the workflow; 0 when it has none.
   */
  'executionDeadlineMs'?: (number | string | Long);
}

export interface WorkflowInfo__Output {
  'workflowId': (string);
  'workflowType': (string);
  'state': (_aether_v1_WorkflowState__Output);
  'waitingOn': (_aether_v1_WaitKind__Output);
  'createdAtMs': (number);
  'updatedAtMs': (number);
  /**
   * 0 while the workflow is not terminal.
   */
  'closedAtMs': (number);
  /**
   * Empty for a top-level workflow.
   */
  'parentWorkflowId': (string);
  'input': (Buffer);
  /**
   * Set when COMPLETED.
   */
  'result': (Buffer);
  /**
   * Set when FAILED.
   */
  'failure': (_aether_v1_Failure__Output | null);
  /**
   * Number of actions in the history.
   */
  'historyLength': (number);
  /**
   * The worker holding the workflow's task, if any.
   */
  'workerId': (string);
  /**
   * When the workflow began waiting on `waiting_on`; 0 when it is not waiting.
   */
  'waitingSinceMs': (number);
  /**
   * Every open wait, the oldest first. Set by GetWorkflowStatus and AwaitResult; listings leave
   * it empty (they carry `waiting_on` and `waiting_since_ms`).
   */
  'waits': (_aether_v1_Wait__Output)[];
  /**
   * Activities with engine-enforced timeouts that are running or due to run again. Set like
   * `waits`.
   */
  'pendingActivities': (_aether_v1_PendingActivity__Output)[];
  /**
   * When the execution timeout fails the workflow; 0 when it has none.
   */
  'executionDeadlineMs': (number);
}
