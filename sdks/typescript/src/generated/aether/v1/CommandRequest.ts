// Original file: ../../proto/aether/v1/worker.proto

import type { CompleteStepRequest as _aether_v1_CompleteStepRequest, CompleteStepRequest__Output as _aether_v1_CompleteStepRequest__Output } from '../../aether/v1/CompleteStepRequest.js';
import type { ScheduleTimerRequest as _aether_v1_ScheduleTimerRequest, ScheduleTimerRequest__Output as _aether_v1_ScheduleTimerRequest__Output } from '../../aether/v1/ScheduleTimerRequest.js';
import type { StartChildRequest as _aether_v1_StartChildRequest, StartChildRequest__Output as _aether_v1_StartChildRequest__Output } from '../../aether/v1/StartChildRequest.js';
import type { SuspendTaskRequest as _aether_v1_SuspendTaskRequest, SuspendTaskRequest__Output as _aether_v1_SuspendTaskRequest__Output } from '../../aether/v1/SuspendTaskRequest.js';
import type { CompleteWorkflowRequest as _aether_v1_CompleteWorkflowRequest, CompleteWorkflowRequest__Output as _aether_v1_CompleteWorkflowRequest__Output } from '../../aether/v1/CompleteWorkflowRequest.js';
import type { WaitForSignalRequest as _aether_v1_WaitForSignalRequest, WaitForSignalRequest__Output as _aether_v1_WaitForSignalRequest__Output } from '../../aether/v1/WaitForSignalRequest.js';
import type { RequestApprovalRequest as _aether_v1_RequestApprovalRequest, RequestApprovalRequest__Output as _aether_v1_RequestApprovalRequest__Output } from '../../aether/v1/RequestApprovalRequest.js';
import type { WaitForApprovalRequest as _aether_v1_WaitForApprovalRequest, WaitForApprovalRequest__Output as _aether_v1_WaitForApprovalRequest__Output } from '../../aether/v1/WaitForApprovalRequest.js';
import type { WorkspaceActivityRequest as _aether_v1_WorkspaceActivityRequest, WorkspaceActivityRequest__Output as _aether_v1_WorkspaceActivityRequest__Output } from '../../aether/v1/WorkspaceActivityRequest.js';
import type { StartActivityRequest as _aether_v1_StartActivityRequest, StartActivityRequest__Output as _aether_v1_StartActivityRequest__Output } from '../../aether/v1/StartActivityRequest.js';
import type { RecordHeartbeatRequest as _aether_v1_RecordHeartbeatRequest, RecordHeartbeatRequest__Output as _aether_v1_RecordHeartbeatRequest__Output } from '../../aether/v1/RecordHeartbeatRequest.js';
import type { Long } from '@grpc/proto-loader';

export interface CommandRequest {
  'id'?: (number | string | Long);
  'completeStep'?: (_aether_v1_CompleteStepRequest | null);
  'scheduleTimer'?: (_aether_v1_ScheduleTimerRequest | null);
  'startChild'?: (_aether_v1_StartChildRequest | null);
  'suspendTask'?: (_aether_v1_SuspendTaskRequest | null);
  'completeWorkflow'?: (_aether_v1_CompleteWorkflowRequest | null);
  'waitForSignal'?: (_aether_v1_WaitForSignalRequest | null);
  'requestApproval'?: (_aether_v1_RequestApprovalRequest | null);
  'waitForApproval'?: (_aether_v1_WaitForApprovalRequest | null);
  'workspaceActivity'?: (_aether_v1_WorkspaceActivityRequest | null);
  'startActivity'?: (_aether_v1_StartActivityRequest | null);
  'recordHeartbeat'?: (_aether_v1_RecordHeartbeatRequest | null);
  'command'?: "completeStep"|"scheduleTimer"|"startChild"|"suspendTask"|"completeWorkflow"|"waitForSignal"|"requestApproval"|"waitForApproval"|"workspaceActivity"|"startActivity"|"recordHeartbeat";
}

export interface CommandRequest__Output {
  'id': (number);
  'completeStep'?: (_aether_v1_CompleteStepRequest__Output | null);
  'scheduleTimer'?: (_aether_v1_ScheduleTimerRequest__Output | null);
  'startChild'?: (_aether_v1_StartChildRequest__Output | null);
  'suspendTask'?: (_aether_v1_SuspendTaskRequest__Output | null);
  'completeWorkflow'?: (_aether_v1_CompleteWorkflowRequest__Output | null);
  'waitForSignal'?: (_aether_v1_WaitForSignalRequest__Output | null);
  'requestApproval'?: (_aether_v1_RequestApprovalRequest__Output | null);
  'waitForApproval'?: (_aether_v1_WaitForApprovalRequest__Output | null);
  'workspaceActivity'?: (_aether_v1_WorkspaceActivityRequest__Output | null);
  'startActivity'?: (_aether_v1_StartActivityRequest__Output | null);
  'recordHeartbeat'?: (_aether_v1_RecordHeartbeatRequest__Output | null);
  'command'?: "completeStep"|"scheduleTimer"|"startChild"|"suspendTask"|"completeWorkflow"|"waitForSignal"|"requestApproval"|"waitForApproval"|"workspaceActivity"|"startActivity"|"recordHeartbeat";
}
