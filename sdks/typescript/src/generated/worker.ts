import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ActivityTimeouts as _aether_v1_ActivityTimeouts, ActivityTimeouts__Output as _aether_v1_ActivityTimeouts__Output } from './aether/v1/ActivityTimeouts.js';
import type { AnnotationEvidence as _aether_v1_AnnotationEvidence, AnnotationEvidence__Output as _aether_v1_AnnotationEvidence__Output } from './aether/v1/AnnotationEvidence.js';
import type { Approval as _aether_v1_Approval, Approval__Output as _aether_v1_Approval__Output } from './aether/v1/Approval.js';
import type { ApprovalRequest as _aether_v1_ApprovalRequest, ApprovalRequest__Output as _aether_v1_ApprovalRequest__Output } from './aether/v1/ApprovalRequest.js';
import type { ApprovalServiceClient as _aether_v1_ApprovalServiceClient, ApprovalServiceDefinition as _aether_v1_ApprovalServiceDefinition } from './aether/v1/ApprovalService.js';
import type { ApprovalWaitResponse as _aether_v1_ApprovalWaitResponse, ApprovalWaitResponse__Output as _aether_v1_ApprovalWaitResponse__Output } from './aether/v1/ApprovalWaitResponse.js';
import type { CancelTask as _aether_v1_CancelTask, CancelTask__Output as _aether_v1_CancelTask__Output } from './aether/v1/CancelTask.js';
import type { CheckpointEvidence as _aether_v1_CheckpointEvidence, CheckpointEvidence__Output as _aether_v1_CheckpointEvidence__Output } from './aether/v1/CheckpointEvidence.js';
import type { CommandBatch as _aether_v1_CommandBatch, CommandBatch__Output as _aether_v1_CommandBatch__Output } from './aether/v1/CommandBatch.js';
import type { CommandError as _aether_v1_CommandError, CommandError__Output as _aether_v1_CommandError__Output } from './aether/v1/CommandError.js';
import type { CommandReply as _aether_v1_CommandReply, CommandReply__Output as _aether_v1_CommandReply__Output } from './aether/v1/CommandReply.js';
import type { CommandReplyBatch as _aether_v1_CommandReplyBatch, CommandReplyBatch__Output as _aether_v1_CommandReplyBatch__Output } from './aether/v1/CommandReplyBatch.js';
import type { CommandRequest as _aether_v1_CommandRequest, CommandRequest__Output as _aether_v1_CommandRequest__Output } from './aether/v1/CommandRequest.js';
import type { CommandResponse as _aether_v1_CommandResponse, CommandResponse__Output as _aether_v1_CommandResponse__Output } from './aether/v1/CommandResponse.js';
import type { CompleteStepRequest as _aether_v1_CompleteStepRequest, CompleteStepRequest__Output as _aether_v1_CompleteStepRequest__Output } from './aether/v1/CompleteStepRequest.js';
import type { CompleteStepResponse as _aether_v1_CompleteStepResponse, CompleteStepResponse__Output as _aether_v1_CompleteStepResponse__Output } from './aether/v1/CompleteStepResponse.js';
import type { CompleteWorkflowRequest as _aether_v1_CompleteWorkflowRequest, CompleteWorkflowRequest__Output as _aether_v1_CompleteWorkflowRequest__Output } from './aether/v1/CompleteWorkflowRequest.js';
import type { DecideApprovalRequest as _aether_v1_DecideApprovalRequest, DecideApprovalRequest__Output as _aether_v1_DecideApprovalRequest__Output } from './aether/v1/DecideApprovalRequest.js';
import type { Decision as _aether_v1_Decision, Decision__Output as _aether_v1_Decision__Output } from './aether/v1/Decision.js';
import type { Evidence as _aether_v1_Evidence, Evidence__Output as _aether_v1_Evidence__Output } from './aether/v1/Evidence.js';
import type { Failure as _aether_v1_Failure, Failure__Output as _aether_v1_Failure__Output } from './aether/v1/Failure.js';
import type { GetApprovalRequest as _aether_v1_GetApprovalRequest, GetApprovalRequest__Output as _aether_v1_GetApprovalRequest__Output } from './aether/v1/GetApprovalRequest.js';
import type { HeartbeatRequest as _aether_v1_HeartbeatRequest, HeartbeatRequest__Output as _aether_v1_HeartbeatRequest__Output } from './aether/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _aether_v1_HeartbeatResponse, HeartbeatResponse__Output as _aether_v1_HeartbeatResponse__Output } from './aether/v1/HeartbeatResponse.js';
import type { HistoryEvent as _aether_v1_HistoryEvent, HistoryEvent__Output as _aether_v1_HistoryEvent__Output } from './aether/v1/HistoryEvent.js';
import type { JournalEntry as _aether_v1_JournalEntry, JournalEntry__Output as _aether_v1_JournalEntry__Output } from './aether/v1/JournalEntry.js';
import type { ListApprovalsRequest as _aether_v1_ListApprovalsRequest, ListApprovalsRequest__Output as _aether_v1_ListApprovalsRequest__Output } from './aether/v1/ListApprovalsRequest.js';
import type { ListApprovalsResponse as _aether_v1_ListApprovalsResponse, ListApprovalsResponse__Output as _aether_v1_ListApprovalsResponse__Output } from './aether/v1/ListApprovalsResponse.js';
import type { PendingActivity as _aether_v1_PendingActivity, PendingActivity__Output as _aether_v1_PendingActivity__Output } from './aether/v1/PendingActivity.js';
import type { PollTasksRequest as _aether_v1_PollTasksRequest, PollTasksRequest__Output as _aether_v1_PollTasksRequest__Output } from './aether/v1/PollTasksRequest.js';
import type { RecordHeartbeatRequest as _aether_v1_RecordHeartbeatRequest, RecordHeartbeatRequest__Output as _aether_v1_RecordHeartbeatRequest__Output } from './aether/v1/RecordHeartbeatRequest.js';
import type { RegisterRequest as _aether_v1_RegisterRequest, RegisterRequest__Output as _aether_v1_RegisterRequest__Output } from './aether/v1/RegisterRequest.js';
import type { RegisterResponse as _aether_v1_RegisterResponse, RegisterResponse__Output as _aether_v1_RegisterResponse__Output } from './aether/v1/RegisterResponse.js';
import type { RequestApprovalRequest as _aether_v1_RequestApprovalRequest, RequestApprovalRequest__Output as _aether_v1_RequestApprovalRequest__Output } from './aether/v1/RequestApprovalRequest.js';
import type { RequestSessionApprovalRequest as _aether_v1_RequestSessionApprovalRequest, RequestSessionApprovalRequest__Output as _aether_v1_RequestSessionApprovalRequest__Output } from './aether/v1/RequestSessionApprovalRequest.js';
import type { RetryPolicy as _aether_v1_RetryPolicy, RetryPolicy__Output as _aether_v1_RetryPolicy__Output } from './aether/v1/RetryPolicy.js';
import type { ScheduleTimerRequest as _aether_v1_ScheduleTimerRequest, ScheduleTimerRequest__Output as _aether_v1_ScheduleTimerRequest__Output } from './aether/v1/ScheduleTimerRequest.js';
import type { SessionEvidence as _aether_v1_SessionEvidence, SessionEvidence__Output as _aether_v1_SessionEvidence__Output } from './aether/v1/SessionEvidence.js';
import type { StartActivityRequest as _aether_v1_StartActivityRequest, StartActivityRequest__Output as _aether_v1_StartActivityRequest__Output } from './aether/v1/StartActivityRequest.js';
import type { StartChildRequest as _aether_v1_StartChildRequest, StartChildRequest__Output as _aether_v1_StartChildRequest__Output } from './aether/v1/StartChildRequest.js';
import type { StartChildResponse as _aether_v1_StartChildResponse, StartChildResponse__Output as _aether_v1_StartChildResponse__Output } from './aether/v1/StartChildResponse.js';
import type { SuspendTaskRequest as _aether_v1_SuspendTaskRequest, SuspendTaskRequest__Output as _aether_v1_SuspendTaskRequest__Output } from './aether/v1/SuspendTaskRequest.js';
import type { Task as _aether_v1_Task, Task__Output as _aether_v1_Task__Output } from './aether/v1/Task.js';
import type { UrlEvidence as _aether_v1_UrlEvidence, UrlEvidence__Output as _aether_v1_UrlEvidence__Output } from './aether/v1/UrlEvidence.js';
import type { Wait as _aether_v1_Wait, Wait__Output as _aether_v1_Wait__Output } from './aether/v1/Wait.js';
import type { WaitForApprovalRequest as _aether_v1_WaitForApprovalRequest, WaitForApprovalRequest__Output as _aether_v1_WaitForApprovalRequest__Output } from './aether/v1/WaitForApprovalRequest.js';
import type { WaitForSignalRequest as _aether_v1_WaitForSignalRequest, WaitForSignalRequest__Output as _aether_v1_WaitForSignalRequest__Output } from './aether/v1/WaitForSignalRequest.js';
import type { WaitForSignalResponse as _aether_v1_WaitForSignalResponse, WaitForSignalResponse__Output as _aether_v1_WaitForSignalResponse__Output } from './aether/v1/WaitForSignalResponse.js';
import type { WorkerMessage as _aether_v1_WorkerMessage, WorkerMessage__Output as _aether_v1_WorkerMessage__Output } from './aether/v1/WorkerMessage.js';
import type { WorkerServiceClient as _aether_v1_WorkerServiceClient, WorkerServiceDefinition as _aether_v1_WorkerServiceDefinition } from './aether/v1/WorkerService.js';
import type { WorkflowInfo as _aether_v1_WorkflowInfo, WorkflowInfo__Output as _aether_v1_WorkflowInfo__Output } from './aether/v1/WorkflowInfo.js';
import type { WorkspaceActivityRequest as _aether_v1_WorkspaceActivityRequest, WorkspaceActivityRequest__Output as _aether_v1_WorkspaceActivityRequest__Output } from './aether/v1/WorkspaceActivityRequest.js';
import type { WorkspaceActivityResponse as _aether_v1_WorkspaceActivityResponse, WorkspaceActivityResponse__Output as _aether_v1_WorkspaceActivityResponse__Output } from './aether/v1/WorkspaceActivityResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  aether: {
    v1: {
      ActionKind: EnumTypeDefinition
      ActivityTimeouts: MessageTypeDefinition<_aether_v1_ActivityTimeouts, _aether_v1_ActivityTimeouts__Output>
      AnnotationEvidence: MessageTypeDefinition<_aether_v1_AnnotationEvidence, _aether_v1_AnnotationEvidence__Output>
      Approval: MessageTypeDefinition<_aether_v1_Approval, _aether_v1_Approval__Output>
      ApprovalRequest: MessageTypeDefinition<_aether_v1_ApprovalRequest, _aether_v1_ApprovalRequest__Output>
      /**
       * Approvals: requests for a person's decision, stored as objects (who asked, why, with what
       * evidence, until when; who decided what, when, with which comment and edits). A workflow asks
       * for one with ctx.requestApproval (WorkerService.RequestApproval) and is suspended, holding no
       * worker, until it is decided or expires. An approval about a session may also be requested
       * outside any workflow (RequestSessionApproval); a workflow can wait on it by id
       * (WorkerService.WaitForApproval). The first decision wins: a second fails with ABORTED and
       * changes nothing.
       */
      ApprovalService: SubtypeConstructor<typeof grpc.Client, _aether_v1_ApprovalServiceClient> & { service: _aether_v1_ApprovalServiceDefinition }
      ApprovalState: EnumTypeDefinition
      ApprovalWaitResponse: MessageTypeDefinition<_aether_v1_ApprovalWaitResponse, _aether_v1_ApprovalWaitResponse__Output>
      CancelTask: MessageTypeDefinition<_aether_v1_CancelTask, _aether_v1_CancelTask__Output>
      CheckpointEvidence: MessageTypeDefinition<_aether_v1_CheckpointEvidence, _aether_v1_CheckpointEvidence__Output>
      CommandBatch: MessageTypeDefinition<_aether_v1_CommandBatch, _aether_v1_CommandBatch__Output>
      CommandError: MessageTypeDefinition<_aether_v1_CommandError, _aether_v1_CommandError__Output>
      CommandReply: MessageTypeDefinition<_aether_v1_CommandReply, _aether_v1_CommandReply__Output>
      CommandReplyBatch: MessageTypeDefinition<_aether_v1_CommandReplyBatch, _aether_v1_CommandReplyBatch__Output>
      CommandRequest: MessageTypeDefinition<_aether_v1_CommandRequest, _aether_v1_CommandRequest__Output>
      CommandResponse: MessageTypeDefinition<_aether_v1_CommandResponse, _aether_v1_CommandResponse__Output>
      CompleteStepRequest: MessageTypeDefinition<_aether_v1_CompleteStepRequest, _aether_v1_CompleteStepRequest__Output>
      CompleteStepResponse: MessageTypeDefinition<_aether_v1_CompleteStepResponse, _aether_v1_CompleteStepResponse__Output>
      CompleteWorkflowRequest: MessageTypeDefinition<_aether_v1_CompleteWorkflowRequest, _aether_v1_CompleteWorkflowRequest__Output>
      DecideApprovalRequest: MessageTypeDefinition<_aether_v1_DecideApprovalRequest, _aether_v1_DecideApprovalRequest__Output>
      Decision: MessageTypeDefinition<_aether_v1_Decision, _aether_v1_Decision__Output>
      Directive: EnumTypeDefinition
      EntryKind: EnumTypeDefinition
      EntryStatus: EnumTypeDefinition
      Evidence: MessageTypeDefinition<_aether_v1_Evidence, _aether_v1_Evidence__Output>
      Failure: MessageTypeDefinition<_aether_v1_Failure, _aether_v1_Failure__Output>
      GetApprovalRequest: MessageTypeDefinition<_aether_v1_GetApprovalRequest, _aether_v1_GetApprovalRequest__Output>
      HeartbeatRequest: MessageTypeDefinition<_aether_v1_HeartbeatRequest, _aether_v1_HeartbeatRequest__Output>
      HeartbeatResponse: MessageTypeDefinition<_aether_v1_HeartbeatResponse, _aether_v1_HeartbeatResponse__Output>
      HistoryEvent: MessageTypeDefinition<_aether_v1_HistoryEvent, _aether_v1_HistoryEvent__Output>
      JournalEntry: MessageTypeDefinition<_aether_v1_JournalEntry, _aether_v1_JournalEntry__Output>
      ListApprovalsRequest: MessageTypeDefinition<_aether_v1_ListApprovalsRequest, _aether_v1_ListApprovalsRequest__Output>
      ListApprovalsResponse: MessageTypeDefinition<_aether_v1_ListApprovalsResponse, _aether_v1_ListApprovalsResponse__Output>
      Outcome: EnumTypeDefinition
      PendingActivity: MessageTypeDefinition<_aether_v1_PendingActivity, _aether_v1_PendingActivity__Output>
      PollTasksRequest: MessageTypeDefinition<_aether_v1_PollTasksRequest, _aether_v1_PollTasksRequest__Output>
      RecordHeartbeatRequest: MessageTypeDefinition<_aether_v1_RecordHeartbeatRequest, _aether_v1_RecordHeartbeatRequest__Output>
      RegisterRequest: MessageTypeDefinition<_aether_v1_RegisterRequest, _aether_v1_RegisterRequest__Output>
      RegisterResponse: MessageTypeDefinition<_aether_v1_RegisterResponse, _aether_v1_RegisterResponse__Output>
      RequestApprovalRequest: MessageTypeDefinition<_aether_v1_RequestApprovalRequest, _aether_v1_RequestApprovalRequest__Output>
      RequestSessionApprovalRequest: MessageTypeDefinition<_aether_v1_RequestSessionApprovalRequest, _aether_v1_RequestSessionApprovalRequest__Output>
      RetryPolicy: MessageTypeDefinition<_aether_v1_RetryPolicy, _aether_v1_RetryPolicy__Output>
      ScheduleTimerRequest: MessageTypeDefinition<_aether_v1_ScheduleTimerRequest, _aether_v1_ScheduleTimerRequest__Output>
      SessionEvidence: MessageTypeDefinition<_aether_v1_SessionEvidence, _aether_v1_SessionEvidence__Output>
      StartActivityRequest: MessageTypeDefinition<_aether_v1_StartActivityRequest, _aether_v1_StartActivityRequest__Output>
      StartChildRequest: MessageTypeDefinition<_aether_v1_StartChildRequest, _aether_v1_StartChildRequest__Output>
      StartChildResponse: MessageTypeDefinition<_aether_v1_StartChildResponse, _aether_v1_StartChildResponse__Output>
      StepOutcome: EnumTypeDefinition
      StopReason: EnumTypeDefinition
      SuspendTaskRequest: MessageTypeDefinition<_aether_v1_SuspendTaskRequest, _aether_v1_SuspendTaskRequest__Output>
      Task: MessageTypeDefinition<_aether_v1_Task, _aether_v1_Task__Output>
      UrlEvidence: MessageTypeDefinition<_aether_v1_UrlEvidence, _aether_v1_UrlEvidence__Output>
      Wait: MessageTypeDefinition<_aether_v1_Wait, _aether_v1_Wait__Output>
      WaitForApprovalRequest: MessageTypeDefinition<_aether_v1_WaitForApprovalRequest, _aether_v1_WaitForApprovalRequest__Output>
      WaitForSignalRequest: MessageTypeDefinition<_aether_v1_WaitForSignalRequest, _aether_v1_WaitForSignalRequest__Output>
      WaitForSignalResponse: MessageTypeDefinition<_aether_v1_WaitForSignalResponse, _aether_v1_WaitForSignalResponse__Output>
      WaitKind: EnumTypeDefinition
      WorkerMessage: MessageTypeDefinition<_aether_v1_WorkerMessage, _aether_v1_WorkerMessage__Output>
      /**
       * Used by workers. A worker registers the workflow types it serves, opens PollTasks, and the
       * engine pushes tasks to it while it has free capacity. A task carries the workflow's input and
       * journal; the worker replays the journal and reports each new step, timer and child, each
       * identified by the task's token, as a message on the Commands stream (what the SDKs do) or as
       * the equivalent unary call below (one call per report). A token stops being valid when the task
       * ends (suspended, completed, cancelled, or the lease expired); calls made with a stale token get
       * DIRECTIVE_STOP and change nothing.
       */
      WorkerService: SubtypeConstructor<typeof grpc.Client, _aether_v1_WorkerServiceClient> & { service: _aether_v1_WorkerServiceDefinition }
      WorkflowInfo: MessageTypeDefinition<_aether_v1_WorkflowInfo, _aether_v1_WorkflowInfo__Output>
      WorkflowState: EnumTypeDefinition
      WorkspaceActivityRequest: MessageTypeDefinition<_aether_v1_WorkspaceActivityRequest, _aether_v1_WorkspaceActivityRequest__Output>
      WorkspaceActivityResponse: MessageTypeDefinition<_aether_v1_WorkspaceActivityResponse, _aether_v1_WorkspaceActivityResponse__Output>
    }
  }
}

