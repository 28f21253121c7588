// Original file: ../../proto/aether/v1/approvals.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Approval as _aether_v1_Approval, Approval__Output as _aether_v1_Approval__Output } from '../../aether/v1/Approval.js';
import type { DecideApprovalRequest as _aether_v1_DecideApprovalRequest, DecideApprovalRequest__Output as _aether_v1_DecideApprovalRequest__Output } from '../../aether/v1/DecideApprovalRequest.js';
import type { GetApprovalRequest as _aether_v1_GetApprovalRequest, GetApprovalRequest__Output as _aether_v1_GetApprovalRequest__Output } from '../../aether/v1/GetApprovalRequest.js';
import type { ListApprovalsRequest as _aether_v1_ListApprovalsRequest, ListApprovalsRequest__Output as _aether_v1_ListApprovalsRequest__Output } from '../../aether/v1/ListApprovalsRequest.js';
import type { ListApprovalsResponse as _aether_v1_ListApprovalsResponse, ListApprovalsResponse__Output as _aether_v1_ListApprovalsResponse__Output } from '../../aether/v1/ListApprovalsResponse.js';
import type { RequestSessionApprovalRequest as _aether_v1_RequestSessionApprovalRequest, RequestSessionApprovalRequest__Output as _aether_v1_RequestSessionApprovalRequest__Output } from '../../aether/v1/RequestSessionApprovalRequest.js';

/**
 * Approvals: requests for a person's decision, stored as objects (who asked, why, with what
 * evidence, until when; who decided what, when, with which comment and edits). A workflow asks
 * for one with ctx.requestApproval (WorkerService.RequestApproval) and is suspended, holding no
 * worker, until it is decided or expires. An approval about a session may also be requested
 * outside any workflow (RequestSessionApproval); a workflow can wait on it by id
 * (WorkerService.WaitForApproval). The first decision wins: a second fails with ABORTED and
 * changes nothing.
 */
export interface ApprovalServiceClient extends grpc.Client {
  /**
   * Approves or denies a pending approval, and resumes the workflows waiting on it.
   */
  DecideApproval(argument: _aether_v1_DecideApprovalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  DecideApproval(argument: _aether_v1_DecideApprovalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  DecideApproval(argument: _aether_v1_DecideApprovalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  DecideApproval(argument: _aether_v1_DecideApprovalRequest, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  /**
   * Approves or denies a pending approval, and resumes the workflows waiting on it.
   */
  decideApproval(argument: _aether_v1_DecideApprovalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  decideApproval(argument: _aether_v1_DecideApprovalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  decideApproval(argument: _aether_v1_DecideApprovalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  decideApproval(argument: _aether_v1_DecideApprovalRequest, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  
  GetApproval(argument: _aether_v1_GetApprovalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  GetApproval(argument: _aether_v1_GetApprovalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  GetApproval(argument: _aether_v1_GetApprovalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  GetApproval(argument: _aether_v1_GetApprovalRequest, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  getApproval(argument: _aether_v1_GetApprovalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  getApproval(argument: _aether_v1_GetApprovalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  getApproval(argument: _aether_v1_GetApprovalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  getApproval(argument: _aether_v1_GetApprovalRequest, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  
  /**
   * Newest request first, a page at a time.
   */
  ListApprovals(argument: _aether_v1_ListApprovalsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  ListApprovals(argument: _aether_v1_ListApprovalsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  ListApprovals(argument: _aether_v1_ListApprovalsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  ListApprovals(argument: _aether_v1_ListApprovalsRequest, callback: grpc.requestCallback<_aether_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Newest request first, a page at a time.
   */
  listApprovals(argument: _aether_v1_ListApprovalsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  listApprovals(argument: _aether_v1_ListApprovalsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  listApprovals(argument: _aether_v1_ListApprovalsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  listApprovals(argument: _aether_v1_ListApprovalsRequest, callback: grpc.requestCallback<_aether_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * An approval about a session, outside any workflow.
   */
  RequestSessionApproval(argument: _aether_v1_RequestSessionApprovalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  RequestSessionApproval(argument: _aether_v1_RequestSessionApprovalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  RequestSessionApproval(argument: _aether_v1_RequestSessionApprovalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  RequestSessionApproval(argument: _aether_v1_RequestSessionApprovalRequest, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  /**
   * An approval about a session, outside any workflow.
   */
  requestSessionApproval(argument: _aether_v1_RequestSessionApprovalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  requestSessionApproval(argument: _aether_v1_RequestSessionApprovalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  requestSessionApproval(argument: _aether_v1_RequestSessionApprovalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  requestSessionApproval(argument: _aether_v1_RequestSessionApprovalRequest, callback: grpc.requestCallback<_aether_v1_Approval__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Approvals: requests for a person's decision, stored as objects (who asked, why, with what
 * evidence, until when; who decided what, when, with which comment and edits). A workflow asks
 * for one with ctx.requestApproval (WorkerService.RequestApproval) and is suspended, holding no
 * worker, until it is decided or expires. An approval about a session may also be requested
 * outside any workflow (RequestSessionApproval); a workflow can wait on it by id
 * (WorkerService.WaitForApproval). The first decision wins: a second fails with ABORTED and
 * changes nothing.
 */
export interface ApprovalServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Approves or denies a pending approval, and resumes the workflows waiting on it.
   */
  DecideApproval: grpc.handleUnaryCall<_aether_v1_DecideApprovalRequest__Output, _aether_v1_Approval>;
  
  GetApproval: grpc.handleUnaryCall<_aether_v1_GetApprovalRequest__Output, _aether_v1_Approval>;
  
  /**
   * Newest request first, a page at a time.
   */
  ListApprovals: grpc.handleUnaryCall<_aether_v1_ListApprovalsRequest__Output, _aether_v1_ListApprovalsResponse>;
  
  /**
   * An approval about a session, outside any workflow.
   */
  RequestSessionApproval: grpc.handleUnaryCall<_aether_v1_RequestSessionApprovalRequest__Output, _aether_v1_Approval>;
  
}

export interface ApprovalServiceDefinition extends grpc.ServiceDefinition {
  DecideApproval: MethodDefinition<_aether_v1_DecideApprovalRequest, _aether_v1_Approval, _aether_v1_DecideApprovalRequest__Output, _aether_v1_Approval__Output>
  GetApproval: MethodDefinition<_aether_v1_GetApprovalRequest, _aether_v1_Approval, _aether_v1_GetApprovalRequest__Output, _aether_v1_Approval__Output>
  ListApprovals: MethodDefinition<_aether_v1_ListApprovalsRequest, _aether_v1_ListApprovalsResponse, _aether_v1_ListApprovalsRequest__Output, _aether_v1_ListApprovalsResponse__Output>
  RequestSessionApproval: MethodDefinition<_aether_v1_RequestSessionApprovalRequest, _aether_v1_Approval, _aether_v1_RequestSessionApprovalRequest__Output, _aether_v1_Approval__Output>
}
