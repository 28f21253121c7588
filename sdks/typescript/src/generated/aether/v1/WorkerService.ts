// Original file: ../../proto/aether/v1/worker.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ApprovalWaitResponse as _aether_v1_ApprovalWaitResponse, ApprovalWaitResponse__Output as _aether_v1_ApprovalWaitResponse__Output } from '../../aether/v1/ApprovalWaitResponse.js';
import type { CommandBatch as _aether_v1_CommandBatch, CommandBatch__Output as _aether_v1_CommandBatch__Output } from '../../aether/v1/CommandBatch.js';
import type { CommandReply as _aether_v1_CommandReply, CommandReply__Output as _aether_v1_CommandReply__Output } from '../../aether/v1/CommandReply.js';
import type { CommandReplyBatch as _aether_v1_CommandReplyBatch, CommandReplyBatch__Output as _aether_v1_CommandReplyBatch__Output } from '../../aether/v1/CommandReplyBatch.js';
import type { CommandRequest as _aether_v1_CommandRequest, CommandRequest__Output as _aether_v1_CommandRequest__Output } from '../../aether/v1/CommandRequest.js';
import type { CommandResponse as _aether_v1_CommandResponse, CommandResponse__Output as _aether_v1_CommandResponse__Output } from '../../aether/v1/CommandResponse.js';
import type { CompleteStepRequest as _aether_v1_CompleteStepRequest, CompleteStepRequest__Output as _aether_v1_CompleteStepRequest__Output } from '../../aether/v1/CompleteStepRequest.js';
import type { CompleteStepResponse as _aether_v1_CompleteStepResponse, CompleteStepResponse__Output as _aether_v1_CompleteStepResponse__Output } from '../../aether/v1/CompleteStepResponse.js';
import type { CompleteWorkflowRequest as _aether_v1_CompleteWorkflowRequest, CompleteWorkflowRequest__Output as _aether_v1_CompleteWorkflowRequest__Output } from '../../aether/v1/CompleteWorkflowRequest.js';
import type { HeartbeatRequest as _aether_v1_HeartbeatRequest, HeartbeatRequest__Output as _aether_v1_HeartbeatRequest__Output } from '../../aether/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _aether_v1_HeartbeatResponse, HeartbeatResponse__Output as _aether_v1_HeartbeatResponse__Output } from '../../aether/v1/HeartbeatResponse.js';
import type { PollTasksRequest as _aether_v1_PollTasksRequest, PollTasksRequest__Output as _aether_v1_PollTasksRequest__Output } from '../../aether/v1/PollTasksRequest.js';
import type { RecordHeartbeatRequest as _aether_v1_RecordHeartbeatRequest, RecordHeartbeatRequest__Output as _aether_v1_RecordHeartbeatRequest__Output } from '../../aether/v1/RecordHeartbeatRequest.js';
import type { RegisterRequest as _aether_v1_RegisterRequest, RegisterRequest__Output as _aether_v1_RegisterRequest__Output } from '../../aether/v1/RegisterRequest.js';
import type { RegisterResponse as _aether_v1_RegisterResponse, RegisterResponse__Output as _aether_v1_RegisterResponse__Output } from '../../aether/v1/RegisterResponse.js';
import type { RequestApprovalRequest as _aether_v1_RequestApprovalRequest, RequestApprovalRequest__Output as _aether_v1_RequestApprovalRequest__Output } from '../../aether/v1/RequestApprovalRequest.js';
import type { ScheduleTimerRequest as _aether_v1_ScheduleTimerRequest, ScheduleTimerRequest__Output as _aether_v1_ScheduleTimerRequest__Output } from '../../aether/v1/ScheduleTimerRequest.js';
import type { StartActivityRequest as _aether_v1_StartActivityRequest, StartActivityRequest__Output as _aether_v1_StartActivityRequest__Output } from '../../aether/v1/StartActivityRequest.js';
import type { StartChildRequest as _aether_v1_StartChildRequest, StartChildRequest__Output as _aether_v1_StartChildRequest__Output } from '../../aether/v1/StartChildRequest.js';
import type { StartChildResponse as _aether_v1_StartChildResponse, StartChildResponse__Output as _aether_v1_StartChildResponse__Output } from '../../aether/v1/StartChildResponse.js';
import type { SuspendTaskRequest as _aether_v1_SuspendTaskRequest, SuspendTaskRequest__Output as _aether_v1_SuspendTaskRequest__Output } from '../../aether/v1/SuspendTaskRequest.js';
import type { WaitForApprovalRequest as _aether_v1_WaitForApprovalRequest, WaitForApprovalRequest__Output as _aether_v1_WaitForApprovalRequest__Output } from '../../aether/v1/WaitForApprovalRequest.js';
import type { WaitForSignalRequest as _aether_v1_WaitForSignalRequest, WaitForSignalRequest__Output as _aether_v1_WaitForSignalRequest__Output } from '../../aether/v1/WaitForSignalRequest.js';
import type { WaitForSignalResponse as _aether_v1_WaitForSignalResponse, WaitForSignalResponse__Output as _aether_v1_WaitForSignalResponse__Output } from '../../aether/v1/WaitForSignalResponse.js';
import type { WorkerMessage as _aether_v1_WorkerMessage, WorkerMessage__Output as _aether_v1_WorkerMessage__Output } from '../../aether/v1/WorkerMessage.js';
import type { WorkspaceActivityRequest as _aether_v1_WorkspaceActivityRequest, WorkspaceActivityRequest__Output as _aether_v1_WorkspaceActivityRequest__Output } from '../../aether/v1/WorkspaceActivityRequest.js';
import type { WorkspaceActivityResponse as _aether_v1_WorkspaceActivityResponse, WorkspaceActivityResponse__Output as _aether_v1_WorkspaceActivityResponse__Output } from '../../aether/v1/WorkspaceActivityResponse.js';

/**
 * Used by workers. A worker registers the workflow types it serves, opens PollTasks, and the
 * engine pushes tasks to it while it has free capacity. A task carries the workflow's input and
 * journal; the worker replays the journal and reports each new step, timer and child, each
 * identified by the task's token, as a message on the Commands stream (what the SDKs do) or as
 * the equivalent unary call below (one call per report). A token stops being valid when the task
 * ends (suspended, completed, cancelled, or the lease expired); calls made with a stale token get
 * DIRECTIVE_STOP and change nothing.
 */
export interface WorkerServiceClient extends grpc.Client {
  /**
   * Commands with several to a message each way, which is what the SDKs use: each gRPC message
   * costs a worker more than the bytes in it (in Node most of all). A worker sends the commands it
   * has at hand as one CommandBatch; the engine answers with the replies ready when it sends,
   * any number to a CommandReplyBatch, each carrying its request's id as on Commands.
   */
  CommandBatches(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_CommandBatch, _aether_v1_CommandReplyBatch__Output>;
  CommandBatches(options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_CommandBatch, _aether_v1_CommandReplyBatch__Output>;
  /**
   * Commands with several to a message each way, which is what the SDKs use: each gRPC message
   * costs a worker more than the bytes in it (in Node most of all). A worker sends the commands it
   * has at hand as one CommandBatch; the engine answers with the replies ready when it sends,
   * any number to a CommandReplyBatch, each carrying its request's id as on Commands.
   */
  commandBatches(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_CommandBatch, _aether_v1_CommandReplyBatch__Output>;
  commandBatches(options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_CommandBatch, _aether_v1_CommandReplyBatch__Output>;
  
  /**
   * The calls above multiplexed on one stream, one to a message (SDKs now use CommandBatches;
   * this stays for workers built before it): a message on an open stream costs a fraction of
   * a new call. Each reply carries its request's id; replies
   * may come in any order. If the stream breaks, requests without a reply may be sent again
   * (every command is idempotent).
   */
  Commands(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_CommandRequest, _aether_v1_CommandReply__Output>;
  Commands(options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_CommandRequest, _aether_v1_CommandReply__Output>;
  /**
   * The calls above multiplexed on one stream, one to a message (SDKs now use CommandBatches;
   * this stays for workers built before it): a message on an open stream costs a fraction of
   * a new call. Each reply carries its request's id; replies
   * may come in any order. If the stream breaks, requests without a reply may be sent again
   * (every command is idempotent).
   */
  commands(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_CommandRequest, _aether_v1_CommandReply__Output>;
  commands(options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_CommandRequest, _aether_v1_CommandReply__Output>;
  
  /**
   * Records a step's result or the failure of one attempt. The engine persists it before replying.
   */
  CompleteStep(argument: _aether_v1_CompleteStepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CompleteStepResponse__Output>): grpc.ClientUnaryCall;
  CompleteStep(argument: _aether_v1_CompleteStepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CompleteStepResponse__Output>): grpc.ClientUnaryCall;
  CompleteStep(argument: _aether_v1_CompleteStepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CompleteStepResponse__Output>): grpc.ClientUnaryCall;
  CompleteStep(argument: _aether_v1_CompleteStepRequest, callback: grpc.requestCallback<_aether_v1_CompleteStepResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Records a step's result or the failure of one attempt. The engine persists it before replying.
   */
  completeStep(argument: _aether_v1_CompleteStepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CompleteStepResponse__Output>): grpc.ClientUnaryCall;
  completeStep(argument: _aether_v1_CompleteStepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CompleteStepResponse__Output>): grpc.ClientUnaryCall;
  completeStep(argument: _aether_v1_CompleteStepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CompleteStepResponse__Output>): grpc.ClientUnaryCall;
  completeStep(argument: _aether_v1_CompleteStepRequest, callback: grpc.requestCallback<_aether_v1_CompleteStepResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The workflow function returned (result) or threw (failure).
   */
  CompleteWorkflow(argument: _aether_v1_CompleteWorkflowRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  CompleteWorkflow(argument: _aether_v1_CompleteWorkflowRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  CompleteWorkflow(argument: _aether_v1_CompleteWorkflowRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  CompleteWorkflow(argument: _aether_v1_CompleteWorkflowRequest, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The workflow function returned (result) or threw (failure).
   */
  completeWorkflow(argument: _aether_v1_CompleteWorkflowRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  completeWorkflow(argument: _aether_v1_CompleteWorkflowRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  completeWorkflow(argument: _aether_v1_CompleteWorkflowRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  completeWorkflow(argument: _aether_v1_CompleteWorkflowRequest, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  
  Heartbeat(argument: _aether_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _aether_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _aether_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _aether_v1_HeartbeatRequest, callback: grpc.requestCallback<_aether_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _aether_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _aether_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _aether_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _aether_v1_HeartbeatRequest, callback: grpc.requestCallback<_aether_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  PollTasks(argument: _aether_v1_PollTasksRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_aether_v1_WorkerMessage__Output>;
  PollTasks(argument: _aether_v1_PollTasksRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_aether_v1_WorkerMessage__Output>;
  pollTasks(argument: _aether_v1_PollTasksRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_aether_v1_WorkerMessage__Output>;
  pollTasks(argument: _aether_v1_PollTasksRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_aether_v1_WorkerMessage__Output>;
  
  /**
   * A heartbeat of a running activity attempt, with its latest details (kept by the engine,
   * shown in status, recorded with the attempt's failure and handed to the next attempt).
   */
  RecordHeartbeat(argument: _aether_v1_RecordHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  RecordHeartbeat(argument: _aether_v1_RecordHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  RecordHeartbeat(argument: _aether_v1_RecordHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  RecordHeartbeat(argument: _aether_v1_RecordHeartbeatRequest, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A heartbeat of a running activity attempt, with its latest details (kept by the engine,
   * shown in status, recorded with the attempt's failure and handed to the next attempt).
   */
  recordHeartbeat(argument: _aether_v1_RecordHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  recordHeartbeat(argument: _aether_v1_RecordHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  recordHeartbeat(argument: _aether_v1_RecordHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  recordHeartbeat(argument: _aether_v1_RecordHeartbeatRequest, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  
  Register(argument: _aether_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _aether_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _aether_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _aether_v1_RegisterRequest, callback: grpc.requestCallback<_aether_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _aether_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _aether_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _aether_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _aether_v1_RegisterRequest, callback: grpc.requestCallback<_aether_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Asks for a person's decision (ctx.requestApproval): the approval is stored as pending and the
   * workflow suspends until it is decided or expires; the decision arrives in a later task's
   * journal. A repeated report for the position answers with what the journal holds.
   */
  RequestApproval(argument: _aether_v1_RequestApprovalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  RequestApproval(argument: _aether_v1_RequestApprovalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  RequestApproval(argument: _aether_v1_RequestApprovalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  RequestApproval(argument: _aether_v1_RequestApprovalRequest, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Asks for a person's decision (ctx.requestApproval): the approval is stored as pending and the
   * workflow suspends until it is decided or expires; the decision arrives in a later task's
   * journal. A repeated report for the position answers with what the journal holds.
   */
  requestApproval(argument: _aether_v1_RequestApprovalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  requestApproval(argument: _aether_v1_RequestApprovalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  requestApproval(argument: _aether_v1_RequestApprovalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  requestApproval(argument: _aether_v1_RequestApprovalRequest, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts a durable timer (ctx.sleep).
   */
  ScheduleTimer(argument: _aether_v1_ScheduleTimerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  ScheduleTimer(argument: _aether_v1_ScheduleTimerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  ScheduleTimer(argument: _aether_v1_ScheduleTimerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  ScheduleTimer(argument: _aether_v1_ScheduleTimerRequest, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a durable timer (ctx.sleep).
   */
  scheduleTimer(argument: _aether_v1_ScheduleTimerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  scheduleTimer(argument: _aether_v1_ScheduleTimerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  scheduleTimer(argument: _aether_v1_ScheduleTimerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  scheduleTimer(argument: _aether_v1_ScheduleTimerRequest, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * An attempt of an activity with engine-enforced timeouts started (plain steps never send
   * it): the engine records it and arms its deadlines. When one passes, the engine fails the
   * attempt with a timeout failure (retried per `retry_policy`), ends the lease and sends
   * CancelTask; later reports with the token get DIRECTIVE_STOP.
   */
  StartActivity(argument: _aether_v1_StartActivityRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  StartActivity(argument: _aether_v1_StartActivityRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  StartActivity(argument: _aether_v1_StartActivityRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  StartActivity(argument: _aether_v1_StartActivityRequest, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  /**
   * An attempt of an activity with engine-enforced timeouts started (plain steps never send
   * it): the engine records it and arms its deadlines. When one passes, the engine fails the
   * attempt with a timeout failure (retried per `retry_policy`), ends the lease and sends
   * CancelTask; later reports with the token get DIRECTIVE_STOP.
   */
  startActivity(argument: _aether_v1_StartActivityRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  startActivity(argument: _aether_v1_StartActivityRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  startActivity(argument: _aether_v1_StartActivityRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  startActivity(argument: _aether_v1_StartActivityRequest, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts a child workflow (ctx.child); its result arrives in a later task's journal.
   */
  StartChild(argument: _aether_v1_StartChildRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_StartChildResponse__Output>): grpc.ClientUnaryCall;
  StartChild(argument: _aether_v1_StartChildRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_StartChildResponse__Output>): grpc.ClientUnaryCall;
  StartChild(argument: _aether_v1_StartChildRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_StartChildResponse__Output>): grpc.ClientUnaryCall;
  StartChild(argument: _aether_v1_StartChildRequest, callback: grpc.requestCallback<_aether_v1_StartChildResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a child workflow (ctx.child); its result arrives in a later task's journal.
   */
  startChild(argument: _aether_v1_StartChildRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_StartChildResponse__Output>): grpc.ClientUnaryCall;
  startChild(argument: _aether_v1_StartChildRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_StartChildResponse__Output>): grpc.ClientUnaryCall;
  startChild(argument: _aether_v1_StartChildRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_StartChildResponse__Output>): grpc.ClientUnaryCall;
  startChild(argument: _aether_v1_StartChildRequest, callback: grpc.requestCallback<_aether_v1_StartChildResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Releases the task: the workflow waits on the engine (timer, child, retry backoff).
   */
  SuspendTask(argument: _aether_v1_SuspendTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  SuspendTask(argument: _aether_v1_SuspendTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  SuspendTask(argument: _aether_v1_SuspendTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  SuspendTask(argument: _aether_v1_SuspendTaskRequest, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Releases the task: the workflow waits on the engine (timer, child, retry backoff).
   */
  suspendTask(argument: _aether_v1_SuspendTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  suspendTask(argument: _aether_v1_SuspendTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  suspendTask(argument: _aether_v1_SuspendTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  suspendTask(argument: _aether_v1_SuspendTaskRequest, callback: grpc.requestCallback<_aether_v1_CommandResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Waits on an approval requested outside the workflow (for a session), by id: answered at once
   * if it is already decided.
   */
  WaitForApproval(argument: _aether_v1_WaitForApprovalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  WaitForApproval(argument: _aether_v1_WaitForApprovalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  WaitForApproval(argument: _aether_v1_WaitForApprovalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  WaitForApproval(argument: _aether_v1_WaitForApprovalRequest, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Waits on an approval requested outside the workflow (for a session), by id: answered at once
   * if it is already decided.
   */
  waitForApproval(argument: _aether_v1_WaitForApprovalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  waitForApproval(argument: _aether_v1_WaitForApprovalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  waitForApproval(argument: _aether_v1_WaitForApprovalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  waitForApproval(argument: _aether_v1_WaitForApprovalRequest, callback: grpc.requestCallback<_aether_v1_ApprovalWaitResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Waits for the next signal of a name (ctx.waitForSignal): answered at once with a signal that
   * arrived earlier, otherwise the workflow suspends and the signal (or the timeout) arrives in a
   * later task's journal.
   */
  WaitForSignal(argument: _aether_v1_WaitForSignalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WaitForSignalResponse__Output>): grpc.ClientUnaryCall;
  WaitForSignal(argument: _aether_v1_WaitForSignalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_WaitForSignalResponse__Output>): grpc.ClientUnaryCall;
  WaitForSignal(argument: _aether_v1_WaitForSignalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WaitForSignalResponse__Output>): grpc.ClientUnaryCall;
  WaitForSignal(argument: _aether_v1_WaitForSignalRequest, callback: grpc.requestCallback<_aether_v1_WaitForSignalResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Waits for the next signal of a name (ctx.waitForSignal): answered at once with a signal that
   * arrived earlier, otherwise the workflow suspends and the signal (or the timeout) arrives in a
   * later task's journal.
   */
  waitForSignal(argument: _aether_v1_WaitForSignalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WaitForSignalResponse__Output>): grpc.ClientUnaryCall;
  waitForSignal(argument: _aether_v1_WaitForSignalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_WaitForSignalResponse__Output>): grpc.ClientUnaryCall;
  waitForSignal(argument: _aether_v1_WaitForSignalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WaitForSignalResponse__Output>): grpc.ClientUnaryCall;
  waitForSignal(argument: _aether_v1_WaitForSignalRequest, callback: grpc.requestCallback<_aether_v1_WaitForSignalResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A workspace operation (ctx.workspace.*) the engine runs itself and journals like a step: a
   * change it makes to a session applies exactly once, however often the report is sent or the
   * workflow replayed. A position already journaled answers with the journaled outcome (and, for
   * a read or an export, the bytes its recorded hash names) without touching the session.
   */
  WorkspaceActivity(argument: _aether_v1_WorkspaceActivityRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WorkspaceActivityResponse__Output>): grpc.ClientUnaryCall;
  WorkspaceActivity(argument: _aether_v1_WorkspaceActivityRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_WorkspaceActivityResponse__Output>): grpc.ClientUnaryCall;
  WorkspaceActivity(argument: _aether_v1_WorkspaceActivityRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WorkspaceActivityResponse__Output>): grpc.ClientUnaryCall;
  WorkspaceActivity(argument: _aether_v1_WorkspaceActivityRequest, callback: grpc.requestCallback<_aether_v1_WorkspaceActivityResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A workspace operation (ctx.workspace.*) the engine runs itself and journals like a step: a
   * change it makes to a session applies exactly once, however often the report is sent or the
   * workflow replayed. A position already journaled answers with the journaled outcome (and, for
   * a read or an export, the bytes its recorded hash names) without touching the session.
   */
  workspaceActivity(argument: _aether_v1_WorkspaceActivityRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WorkspaceActivityResponse__Output>): grpc.ClientUnaryCall;
  workspaceActivity(argument: _aether_v1_WorkspaceActivityRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_WorkspaceActivityResponse__Output>): grpc.ClientUnaryCall;
  workspaceActivity(argument: _aether_v1_WorkspaceActivityRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WorkspaceActivityResponse__Output>): grpc.ClientUnaryCall;
  workspaceActivity(argument: _aether_v1_WorkspaceActivityRequest, callback: grpc.requestCallback<_aether_v1_WorkspaceActivityResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Used by workers. A worker registers the workflow types it serves, opens PollTasks, and the
 * engine pushes tasks to it while it has free capacity. A task carries the workflow's input and
 * journal; the worker replays the journal and reports each new step, timer and child, each
 * identified by the task's token, as a message on the Commands stream (what the SDKs do) or as
 * the equivalent unary call below (one call per report). A token stops being valid when the task
 * ends (suspended, completed, cancelled, or the lease expired); calls made with a stale token get
 * DIRECTIVE_STOP and change nothing.
 */
export interface WorkerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Commands with several to a message each way, which is what the SDKs use: each gRPC message
   * costs a worker more than the bytes in it (in Node most of all). A worker sends the commands it
   * has at hand as one CommandBatch; the engine answers with the replies ready when it sends,
   * any number to a CommandReplyBatch, each carrying its request's id as on Commands.
   */
  CommandBatches: grpc.handleBidiStreamingCall<_aether_v1_CommandBatch__Output, _aether_v1_CommandReplyBatch>;
  
  /**
   * The calls above multiplexed on one stream, one to a message (SDKs now use CommandBatches;
   * this stays for workers built before it): a message on an open stream costs a fraction of
   * a new call. Each reply carries its request's id; replies
   * may come in any order. If the stream breaks, requests without a reply may be sent again
   * (every command is idempotent).
   */
  Commands: grpc.handleBidiStreamingCall<_aether_v1_CommandRequest__Output, _aether_v1_CommandReply>;
  
  /**
   * Records a step's result or the failure of one attempt. The engine persists it before replying.
   */
  CompleteStep: grpc.handleUnaryCall<_aether_v1_CompleteStepRequest__Output, _aether_v1_CompleteStepResponse>;
  
  /**
   * The workflow function returned (result) or threw (failure).
   */
  CompleteWorkflow: grpc.handleUnaryCall<_aether_v1_CompleteWorkflowRequest__Output, _aether_v1_CommandResponse>;
  
  Heartbeat: grpc.handleUnaryCall<_aether_v1_HeartbeatRequest__Output, _aether_v1_HeartbeatResponse>;
  
  PollTasks: grpc.handleServerStreamingCall<_aether_v1_PollTasksRequest__Output, _aether_v1_WorkerMessage>;
  
  /**
   * A heartbeat of a running activity attempt, with its latest details (kept by the engine,
   * shown in status, recorded with the attempt's failure and handed to the next attempt).
   */
  RecordHeartbeat: grpc.handleUnaryCall<_aether_v1_RecordHeartbeatRequest__Output, _aether_v1_CommandResponse>;
  
  Register: grpc.handleUnaryCall<_aether_v1_RegisterRequest__Output, _aether_v1_RegisterResponse>;
  
  /**
   * Asks for a person's decision (ctx.requestApproval): the approval is stored as pending and the
   * workflow suspends until it is decided or expires; the decision arrives in a later task's
   * journal. A repeated report for the position answers with what the journal holds.
   */
  RequestApproval: grpc.handleUnaryCall<_aether_v1_RequestApprovalRequest__Output, _aether_v1_ApprovalWaitResponse>;
  
  /**
   * Starts a durable timer (ctx.sleep).
   */
  ScheduleTimer: grpc.handleUnaryCall<_aether_v1_ScheduleTimerRequest__Output, _aether_v1_CommandResponse>;
  
  /**
   * An attempt of an activity with engine-enforced timeouts started (plain steps never send
   * it): the engine records it and arms its deadlines. When one passes, the engine fails the
   * attempt with a timeout failure (retried per `retry_policy`), ends the lease and sends
   * CancelTask; later reports with the token get DIRECTIVE_STOP.
   */
  StartActivity: grpc.handleUnaryCall<_aether_v1_StartActivityRequest__Output, _aether_v1_CommandResponse>;
  
  /**
   * Starts a child workflow (ctx.child); its result arrives in a later task's journal.
   */
  StartChild: grpc.handleUnaryCall<_aether_v1_StartChildRequest__Output, _aether_v1_StartChildResponse>;
  
  /**
   * Releases the task: the workflow waits on the engine (timer, child, retry backoff).
   */
  SuspendTask: grpc.handleUnaryCall<_aether_v1_SuspendTaskRequest__Output, _aether_v1_CommandResponse>;
  
  /**
   * Waits on an approval requested outside the workflow (for a session), by id: answered at once
   * if it is already decided.
   */
  WaitForApproval: grpc.handleUnaryCall<_aether_v1_WaitForApprovalRequest__Output, _aether_v1_ApprovalWaitResponse>;
  
  /**
   * Waits for the next signal of a name (ctx.waitForSignal): answered at once with a signal that
   * arrived earlier, otherwise the workflow suspends and the signal (or the timeout) arrives in a
   * later task's journal.
   */
  WaitForSignal: grpc.handleUnaryCall<_aether_v1_WaitForSignalRequest__Output, _aether_v1_WaitForSignalResponse>;
  
  /**
   * A workspace operation (ctx.workspace.*) the engine runs itself and journals like a step: a
   * change it makes to a session applies exactly once, however often the report is sent or the
   * workflow replayed. A position already journaled answers with the journaled outcome (and, for
   * a read or an export, the bytes its recorded hash names) without touching the session.
   */
  WorkspaceActivity: grpc.handleUnaryCall<_aether_v1_WorkspaceActivityRequest__Output, _aether_v1_WorkspaceActivityResponse>;
  
}

export interface WorkerServiceDefinition extends grpc.ServiceDefinition {
  CommandBatches: MethodDefinition<_aether_v1_CommandBatch, _aether_v1_CommandReplyBatch, _aether_v1_CommandBatch__Output, _aether_v1_CommandReplyBatch__Output>
  Commands: MethodDefinition<_aether_v1_CommandRequest, _aether_v1_CommandReply, _aether_v1_CommandRequest__Output, _aether_v1_CommandReply__Output>
  CompleteStep: MethodDefinition<_aether_v1_CompleteStepRequest, _aether_v1_CompleteStepResponse, _aether_v1_CompleteStepRequest__Output, _aether_v1_CompleteStepResponse__Output>
  CompleteWorkflow: MethodDefinition<_aether_v1_CompleteWorkflowRequest, _aether_v1_CommandResponse, _aether_v1_CompleteWorkflowRequest__Output, _aether_v1_CommandResponse__Output>
  Heartbeat: MethodDefinition<_aether_v1_HeartbeatRequest, _aether_v1_HeartbeatResponse, _aether_v1_HeartbeatRequest__Output, _aether_v1_HeartbeatResponse__Output>
  PollTasks: MethodDefinition<_aether_v1_PollTasksRequest, _aether_v1_WorkerMessage, _aether_v1_PollTasksRequest__Output, _aether_v1_WorkerMessage__Output>
  RecordHeartbeat: MethodDefinition<_aether_v1_RecordHeartbeatRequest, _aether_v1_CommandResponse, _aether_v1_RecordHeartbeatRequest__Output, _aether_v1_CommandResponse__Output>
  Register: MethodDefinition<_aether_v1_RegisterRequest, _aether_v1_RegisterResponse, _aether_v1_RegisterRequest__Output, _aether_v1_RegisterResponse__Output>
  RequestApproval: MethodDefinition<_aether_v1_RequestApprovalRequest, _aether_v1_ApprovalWaitResponse, _aether_v1_RequestApprovalRequest__Output, _aether_v1_ApprovalWaitResponse__Output>
  ScheduleTimer: MethodDefinition<_aether_v1_ScheduleTimerRequest, _aether_v1_CommandResponse, _aether_v1_ScheduleTimerRequest__Output, _aether_v1_CommandResponse__Output>
  StartActivity: MethodDefinition<_aether_v1_StartActivityRequest, _aether_v1_CommandResponse, _aether_v1_StartActivityRequest__Output, _aether_v1_CommandResponse__Output>
  StartChild: MethodDefinition<_aether_v1_StartChildRequest, _aether_v1_StartChildResponse, _aether_v1_StartChildRequest__Output, _aether_v1_StartChildResponse__Output>
  SuspendTask: MethodDefinition<_aether_v1_SuspendTaskRequest, _aether_v1_CommandResponse, _aether_v1_SuspendTaskRequest__Output, _aether_v1_CommandResponse__Output>
  WaitForApproval: MethodDefinition<_aether_v1_WaitForApprovalRequest, _aether_v1_ApprovalWaitResponse, _aether_v1_WaitForApprovalRequest__Output, _aether_v1_ApprovalWaitResponse__Output>
  WaitForSignal: MethodDefinition<_aether_v1_WaitForSignalRequest, _aether_v1_WaitForSignalResponse, _aether_v1_WaitForSignalRequest__Output, _aether_v1_WaitForSignalResponse__Output>
  WorkspaceActivity: MethodDefinition<_aether_v1_WorkspaceActivityRequest, _aether_v1_WorkspaceActivityResponse, _aether_v1_WorkspaceActivityRequest__Output, _aether_v1_WorkspaceActivityResponse__Output>
}
