// Original file: ../../proto/aether/v1/worker.proto

import type { CompleteStepResponse as _aether_v1_CompleteStepResponse, CompleteStepResponse__Output as _aether_v1_CompleteStepResponse__Output } from '../../aether/v1/CompleteStepResponse.js';
import type { CommandResponse as _aether_v1_CommandResponse, CommandResponse__Output as _aether_v1_CommandResponse__Output } from '../../aether/v1/CommandResponse.js';
import type { StartChildResponse as _aether_v1_StartChildResponse, StartChildResponse__Output as _aether_v1_StartChildResponse__Output } from '../../aether/v1/StartChildResponse.js';
import type { CommandError as _aether_v1_CommandError, CommandError__Output as _aether_v1_CommandError__Output } from '../../aether/v1/CommandError.js';
import type { WaitForSignalResponse as _aether_v1_WaitForSignalResponse, WaitForSignalResponse__Output as _aether_v1_WaitForSignalResponse__Output } from '../../aether/v1/WaitForSignalResponse.js';
import type { ApprovalWaitResponse as _aether_v1_ApprovalWaitResponse, ApprovalWaitResponse__Output as _aether_v1_ApprovalWaitResponse__Output } from '../../aether/v1/ApprovalWaitResponse.js';
import type { WorkspaceActivityResponse as _aether_v1_WorkspaceActivityResponse, WorkspaceActivityResponse__Output as _aether_v1_WorkspaceActivityResponse__Output } from '../../aether/v1/WorkspaceActivityResponse.js';
import type { Long } from '@grpc/proto-loader';

export interface CommandReply {
  'id'?: (number | string | Long);
  'completeStep'?: (_aether_v1_CompleteStepResponse | null);
  /**
   * For schedule_timer, suspend_task, complete_workflow, start_activity and
   * record_heartbeat.
   */
  'command'?: (_aether_v1_CommandResponse | null);
  'startChild'?: (_aether_v1_StartChildResponse | null);
  'error'?: (_aether_v1_CommandError | null);
  'waitForSignal'?: (_aether_v1_WaitForSignalResponse | null);
  /**
   * For request_approval and wait_for_approval.
   */
  'approvalWait'?: (_aether_v1_ApprovalWaitResponse | null);
  'workspaceActivity'?: (_aether_v1_WorkspaceActivityResponse | null);
  'reply'?: "completeStep"|"command"|"startChild"|"error"|"waitForSignal"|"approvalWait"|"workspaceActivity";
}

export interface CommandReply__Output {
  'id': (number);
  'completeStep'?: (_aether_v1_CompleteStepResponse__Output | null);
  /**
   * For schedule_timer, suspend_task, complete_workflow, start_activity and
   * record_heartbeat.
   */
  'command'?: (_aether_v1_CommandResponse__Output | null);
  'startChild'?: (_aether_v1_StartChildResponse__Output | null);
  'error'?: (_aether_v1_CommandError__Output | null);
  'waitForSignal'?: (_aether_v1_WaitForSignalResponse__Output | null);
  /**
   * For request_approval and wait_for_approval.
   */
  'approvalWait'?: (_aether_v1_ApprovalWaitResponse__Output | null);
  'workspaceActivity'?: (_aether_v1_WorkspaceActivityResponse__Output | null);
  'reply'?: "completeStep"|"command"|"startChild"|"error"|"waitForSignal"|"approvalWait"|"workspaceActivity";
}
