// Original file: ../../proto/aether/v1/client.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AwaitResultRequest as _aether_v1_AwaitResultRequest, AwaitResultRequest__Output as _aether_v1_AwaitResultRequest__Output } from '../../aether/v1/AwaitResultRequest.js';
import type { CancelWorkflowRequest as _aether_v1_CancelWorkflowRequest, CancelWorkflowRequest__Output as _aether_v1_CancelWorkflowRequest__Output } from '../../aether/v1/CancelWorkflowRequest.js';
import type { CancelWorkflowResponse as _aether_v1_CancelWorkflowResponse, CancelWorkflowResponse__Output as _aether_v1_CancelWorkflowResponse__Output } from '../../aether/v1/CancelWorkflowResponse.js';
import type { GetHistoryRequest as _aether_v1_GetHistoryRequest, GetHistoryRequest__Output as _aether_v1_GetHistoryRequest__Output } from '../../aether/v1/GetHistoryRequest.js';
import type { GetHistoryResponse as _aether_v1_GetHistoryResponse, GetHistoryResponse__Output as _aether_v1_GetHistoryResponse__Output } from '../../aether/v1/GetHistoryResponse.js';
import type { GetWorkflowStatusRequest as _aether_v1_GetWorkflowStatusRequest, GetWorkflowStatusRequest__Output as _aether_v1_GetWorkflowStatusRequest__Output } from '../../aether/v1/GetWorkflowStatusRequest.js';
import type { SignalRequest as _aether_v1_SignalRequest, SignalRequest__Output as _aether_v1_SignalRequest__Output } from '../../aether/v1/SignalRequest.js';
import type { SignalResponse as _aether_v1_SignalResponse, SignalResponse__Output as _aether_v1_SignalResponse__Output } from '../../aether/v1/SignalResponse.js';
import type { StartWorkflowRequest as _aether_v1_StartWorkflowRequest, StartWorkflowRequest__Output as _aether_v1_StartWorkflowRequest__Output } from '../../aether/v1/StartWorkflowRequest.js';
import type { StartWorkflowResponse as _aether_v1_StartWorkflowResponse, StartWorkflowResponse__Output as _aether_v1_StartWorkflowResponse__Output } from '../../aether/v1/StartWorkflowResponse.js';
import type { StartsBatch as _aether_v1_StartsBatch, StartsBatch__Output as _aether_v1_StartsBatch__Output } from '../../aether/v1/StartsBatch.js';
import type { StartsReply as _aether_v1_StartsReply, StartsReply__Output as _aether_v1_StartsReply__Output } from '../../aether/v1/StartsReply.js';
import type { StartsReplyBatch as _aether_v1_StartsReplyBatch, StartsReplyBatch__Output as _aether_v1_StartsReplyBatch__Output } from '../../aether/v1/StartsReplyBatch.js';
import type { StartsRequest as _aether_v1_StartsRequest, StartsRequest__Output as _aether_v1_StartsRequest__Output } from '../../aether/v1/StartsRequest.js';
import type { WorkflowInfo as _aether_v1_WorkflowInfo, WorkflowInfo__Output as _aether_v1_WorkflowInfo__Output } from '../../aether/v1/WorkflowInfo.js';

/**
 * Used by applications to start workflows and observe them.
 */
export interface ClientServiceClient extends grpc.Client {
  /**
   * Waits until the workflow is terminal or the timeout passes; returns its info either way.
   */
  AwaitResult(argument: _aether_v1_AwaitResultRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  AwaitResult(argument: _aether_v1_AwaitResultRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  AwaitResult(argument: _aether_v1_AwaitResultRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  AwaitResult(argument: _aether_v1_AwaitResultRequest, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  /**
   * Waits until the workflow is terminal or the timeout passes; returns its info either way.
   */
  awaitResult(argument: _aether_v1_AwaitResultRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  awaitResult(argument: _aether_v1_AwaitResultRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  awaitResult(argument: _aether_v1_AwaitResultRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  awaitResult(argument: _aether_v1_AwaitResultRequest, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  
  CancelWorkflow(argument: _aether_v1_CancelWorkflowRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CancelWorkflowResponse__Output>): grpc.ClientUnaryCall;
  CancelWorkflow(argument: _aether_v1_CancelWorkflowRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CancelWorkflowResponse__Output>): grpc.ClientUnaryCall;
  CancelWorkflow(argument: _aether_v1_CancelWorkflowRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CancelWorkflowResponse__Output>): grpc.ClientUnaryCall;
  CancelWorkflow(argument: _aether_v1_CancelWorkflowRequest, callback: grpc.requestCallback<_aether_v1_CancelWorkflowResponse__Output>): grpc.ClientUnaryCall;
  cancelWorkflow(argument: _aether_v1_CancelWorkflowRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CancelWorkflowResponse__Output>): grpc.ClientUnaryCall;
  cancelWorkflow(argument: _aether_v1_CancelWorkflowRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CancelWorkflowResponse__Output>): grpc.ClientUnaryCall;
  cancelWorkflow(argument: _aether_v1_CancelWorkflowRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CancelWorkflowResponse__Output>): grpc.ClientUnaryCall;
  cancelWorkflow(argument: _aether_v1_CancelWorkflowRequest, callback: grpc.requestCallback<_aether_v1_CancelWorkflowResponse__Output>): grpc.ClientUnaryCall;
  
  GetHistory(argument: _aether_v1_GetHistoryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_GetHistoryResponse__Output>): grpc.ClientUnaryCall;
  GetHistory(argument: _aether_v1_GetHistoryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_GetHistoryResponse__Output>): grpc.ClientUnaryCall;
  GetHistory(argument: _aether_v1_GetHistoryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_GetHistoryResponse__Output>): grpc.ClientUnaryCall;
  GetHistory(argument: _aether_v1_GetHistoryRequest, callback: grpc.requestCallback<_aether_v1_GetHistoryResponse__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _aether_v1_GetHistoryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_GetHistoryResponse__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _aether_v1_GetHistoryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_GetHistoryResponse__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _aether_v1_GetHistoryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_GetHistoryResponse__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _aether_v1_GetHistoryRequest, callback: grpc.requestCallback<_aether_v1_GetHistoryResponse__Output>): grpc.ClientUnaryCall;
  
  GetWorkflowStatus(argument: _aether_v1_GetWorkflowStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  GetWorkflowStatus(argument: _aether_v1_GetWorkflowStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  GetWorkflowStatus(argument: _aether_v1_GetWorkflowStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  GetWorkflowStatus(argument: _aether_v1_GetWorkflowStatusRequest, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  getWorkflowStatus(argument: _aether_v1_GetWorkflowStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  getWorkflowStatus(argument: _aether_v1_GetWorkflowStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  getWorkflowStatus(argument: _aether_v1_GetWorkflowStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  getWorkflowStatus(argument: _aether_v1_GetWorkflowStatusRequest, callback: grpc.requestCallback<_aether_v1_WorkflowInfo__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sends a signal to a workflow. It is recorded in the workflow's log and kept, with the other
   * signals of its name in order, until a wait takes it; each signal goes to exactly one wait. A
   * finished workflow refuses signals (FAILED_PRECONDITION); an unknown one is NOT_FOUND.
   */
  Signal(argument: _aether_v1_SignalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_SignalResponse__Output>): grpc.ClientUnaryCall;
  Signal(argument: _aether_v1_SignalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_SignalResponse__Output>): grpc.ClientUnaryCall;
  Signal(argument: _aether_v1_SignalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_SignalResponse__Output>): grpc.ClientUnaryCall;
  Signal(argument: _aether_v1_SignalRequest, callback: grpc.requestCallback<_aether_v1_SignalResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Sends a signal to a workflow. It is recorded in the workflow's log and kept, with the other
   * signals of its name in order, until a wait takes it; each signal goes to exactly one wait. A
   * finished workflow refuses signals (FAILED_PRECONDITION); an unknown one is NOT_FOUND.
   */
  signal(argument: _aether_v1_SignalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_SignalResponse__Output>): grpc.ClientUnaryCall;
  signal(argument: _aether_v1_SignalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_SignalResponse__Output>): grpc.ClientUnaryCall;
  signal(argument: _aether_v1_SignalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_SignalResponse__Output>): grpc.ClientUnaryCall;
  signal(argument: _aether_v1_SignalRequest, callback: grpc.requestCallback<_aether_v1_SignalResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts with several to a message each way, as CommandBatches is to Commands.
   */
  StartBatches(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_StartsBatch, _aether_v1_StartsReplyBatch__Output>;
  StartBatches(options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_StartsBatch, _aether_v1_StartsReplyBatch__Output>;
  /**
   * Starts with several to a message each way, as CommandBatches is to Commands.
   */
  startBatches(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_StartsBatch, _aether_v1_StartsReplyBatch__Output>;
  startBatches(options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_StartsBatch, _aether_v1_StartsReplyBatch__Output>;
  
  /**
   * Persists a workflow and enqueues its first task. A client-supplied workflow_id is an
   * idempotency key: starting an existing id returns that run (created = false).
   */
  StartWorkflow(argument: _aether_v1_StartWorkflowRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_StartWorkflowResponse__Output>): grpc.ClientUnaryCall;
  StartWorkflow(argument: _aether_v1_StartWorkflowRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_StartWorkflowResponse__Output>): grpc.ClientUnaryCall;
  StartWorkflow(argument: _aether_v1_StartWorkflowRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_StartWorkflowResponse__Output>): grpc.ClientUnaryCall;
  StartWorkflow(argument: _aether_v1_StartWorkflowRequest, callback: grpc.requestCallback<_aether_v1_StartWorkflowResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Persists a workflow and enqueues its first task. A client-supplied workflow_id is an
   * idempotency key: starting an existing id returns that run (created = false).
   */
  startWorkflow(argument: _aether_v1_StartWorkflowRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_StartWorkflowResponse__Output>): grpc.ClientUnaryCall;
  startWorkflow(argument: _aether_v1_StartWorkflowRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_StartWorkflowResponse__Output>): grpc.ClientUnaryCall;
  startWorkflow(argument: _aether_v1_StartWorkflowRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_StartWorkflowResponse__Output>): grpc.ClientUnaryCall;
  startWorkflow(argument: _aether_v1_StartWorkflowRequest, callback: grpc.requestCallback<_aether_v1_StartWorkflowResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * StartWorkflow multiplexed on one stream, one to a message (the TypeScript SDK's client now
   * uses StartBatches; this stays for clients built before it): in Node a message on an open
   * stream costs a fraction of a new call. Each reply carries its request's id; replies
   * come in the order the starts (and their waits) finish. A refused start is answered with the
   * error the unary call would have returned; the stream stays open. If the stream breaks, a
   * start without a reply may or may not have happened: send it again only with a workflow_id,
   * which makes it idempotent.
   */
  Starts(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_StartsRequest, _aether_v1_StartsReply__Output>;
  Starts(options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_StartsRequest, _aether_v1_StartsReply__Output>;
  /**
   * StartWorkflow multiplexed on one stream, one to a message (the TypeScript SDK's client now
   * uses StartBatches; this stays for clients built before it): in Node a message on an open
   * stream costs a fraction of a new call. Each reply carries its request's id; replies
   * come in the order the starts (and their waits) finish. A refused start is answered with the
   * error the unary call would have returned; the stream stays open. If the stream breaks, a
   * start without a reply may or may not have happened: send it again only with a workflow_id,
   * which makes it idempotent.
   */
  starts(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_StartsRequest, _aether_v1_StartsReply__Output>;
  starts(options?: grpc.CallOptions): grpc.ClientDuplexStream<_aether_v1_StartsRequest, _aether_v1_StartsReply__Output>;
  
}

/**
 * Used by applications to start workflows and observe them.
 */
export interface ClientServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Waits until the workflow is terminal or the timeout passes; returns its info either way.
   */
  AwaitResult: grpc.handleUnaryCall<_aether_v1_AwaitResultRequest__Output, _aether_v1_WorkflowInfo>;
  
  CancelWorkflow: grpc.handleUnaryCall<_aether_v1_CancelWorkflowRequest__Output, _aether_v1_CancelWorkflowResponse>;
  
  GetHistory: grpc.handleUnaryCall<_aether_v1_GetHistoryRequest__Output, _aether_v1_GetHistoryResponse>;
  
  GetWorkflowStatus: grpc.handleUnaryCall<_aether_v1_GetWorkflowStatusRequest__Output, _aether_v1_WorkflowInfo>;
  
  /**
   * Sends a signal to a workflow. It is recorded in the workflow's log and kept, with the other
   * signals of its name in order, until a wait takes it; each signal goes to exactly one wait. A
   * finished workflow refuses signals (FAILED_PRECONDITION); an unknown one is NOT_FOUND.
   */
  Signal: grpc.handleUnaryCall<_aether_v1_SignalRequest__Output, _aether_v1_SignalResponse>;
  
  /**
   * Starts with several to a message each way, as CommandBatches is to Commands.
   */
  StartBatches: grpc.handleBidiStreamingCall<_aether_v1_StartsBatch__Output, _aether_v1_StartsReplyBatch>;
  
  /**
   * Persists a workflow and enqueues its first task. A client-supplied workflow_id is an
   * idempotency key: starting an existing id returns that run (created = false).
   */
  StartWorkflow: grpc.handleUnaryCall<_aether_v1_StartWorkflowRequest__Output, _aether_v1_StartWorkflowResponse>;
  
  /**
   * StartWorkflow multiplexed on one stream, one to a message (the TypeScript SDK's client now
   * uses StartBatches; this stays for clients built before it): in Node a message on an open
   * stream costs a fraction of a new call. Each reply carries its request's id; replies
   * come in the order the starts (and their waits) finish. A refused start is answered with the
   * error the unary call would have returned; the stream stays open. If the stream breaks, a
   * start without a reply may or may not have happened: send it again only with a workflow_id,
   * which makes it idempotent.
   */
  Starts: grpc.handleBidiStreamingCall<_aether_v1_StartsRequest__Output, _aether_v1_StartsReply>;
  
}

export interface ClientServiceDefinition extends grpc.ServiceDefinition {
  AwaitResult: MethodDefinition<_aether_v1_AwaitResultRequest, _aether_v1_WorkflowInfo, _aether_v1_AwaitResultRequest__Output, _aether_v1_WorkflowInfo__Output>
  CancelWorkflow: MethodDefinition<_aether_v1_CancelWorkflowRequest, _aether_v1_CancelWorkflowResponse, _aether_v1_CancelWorkflowRequest__Output, _aether_v1_CancelWorkflowResponse__Output>
  GetHistory: MethodDefinition<_aether_v1_GetHistoryRequest, _aether_v1_GetHistoryResponse, _aether_v1_GetHistoryRequest__Output, _aether_v1_GetHistoryResponse__Output>
  GetWorkflowStatus: MethodDefinition<_aether_v1_GetWorkflowStatusRequest, _aether_v1_WorkflowInfo, _aether_v1_GetWorkflowStatusRequest__Output, _aether_v1_WorkflowInfo__Output>
  Signal: MethodDefinition<_aether_v1_SignalRequest, _aether_v1_SignalResponse, _aether_v1_SignalRequest__Output, _aether_v1_SignalResponse__Output>
  StartBatches: MethodDefinition<_aether_v1_StartsBatch, _aether_v1_StartsReplyBatch, _aether_v1_StartsBatch__Output, _aether_v1_StartsReplyBatch__Output>
  StartWorkflow: MethodDefinition<_aether_v1_StartWorkflowRequest, _aether_v1_StartWorkflowResponse, _aether_v1_StartWorkflowRequest__Output, _aether_v1_StartWorkflowResponse__Output>
  Starts: MethodDefinition<_aether_v1_StartsRequest, _aether_v1_StartsReply, _aether_v1_StartsRequest__Output, _aether_v1_StartsReply__Output>
}
