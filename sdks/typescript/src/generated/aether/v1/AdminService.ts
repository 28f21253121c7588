// Original file: ../../proto/aether/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetMetricsRequest as _aether_v1_GetMetricsRequest, GetMetricsRequest__Output as _aether_v1_GetMetricsRequest__Output } from '../../aether/v1/GetMetricsRequest.js';
import type { ListWorkersRequest as _aether_v1_ListWorkersRequest, ListWorkersRequest__Output as _aether_v1_ListWorkersRequest__Output } from '../../aether/v1/ListWorkersRequest.js';
import type { ListWorkersResponse as _aether_v1_ListWorkersResponse, ListWorkersResponse__Output as _aether_v1_ListWorkersResponse__Output } from '../../aether/v1/ListWorkersResponse.js';
import type { ListWorkflowsRequest as _aether_v1_ListWorkflowsRequest, ListWorkflowsRequest__Output as _aether_v1_ListWorkflowsRequest__Output } from '../../aether/v1/ListWorkflowsRequest.js';
import type { Metrics as _aether_v1_Metrics, Metrics__Output as _aether_v1_Metrics__Output } from '../../aether/v1/Metrics.js';
import type { WorkflowInfo as _aether_v1_WorkflowInfo, WorkflowInfo__Output as _aether_v1_WorkflowInfo__Output } from '../../aether/v1/WorkflowInfo.js';

/**
 * Used by operators, the CLI and the dashboard.
 */
export interface AdminServiceClient extends grpc.Client {
  GetMetrics(argument: _aether_v1_GetMetricsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Metrics__Output>): grpc.ClientUnaryCall;
  GetMetrics(argument: _aether_v1_GetMetricsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Metrics__Output>): grpc.ClientUnaryCall;
  GetMetrics(argument: _aether_v1_GetMetricsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Metrics__Output>): grpc.ClientUnaryCall;
  GetMetrics(argument: _aether_v1_GetMetricsRequest, callback: grpc.requestCallback<_aether_v1_Metrics__Output>): grpc.ClientUnaryCall;
  getMetrics(argument: _aether_v1_GetMetricsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Metrics__Output>): grpc.ClientUnaryCall;
  getMetrics(argument: _aether_v1_GetMetricsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Metrics__Output>): grpc.ClientUnaryCall;
  getMetrics(argument: _aether_v1_GetMetricsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Metrics__Output>): grpc.ClientUnaryCall;
  getMetrics(argument: _aether_v1_GetMetricsRequest, callback: grpc.requestCallback<_aether_v1_Metrics__Output>): grpc.ClientUnaryCall;
  
  ListWorkers(argument: _aether_v1_ListWorkersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  ListWorkers(argument: _aether_v1_ListWorkersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  ListWorkers(argument: _aether_v1_ListWorkersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  ListWorkers(argument: _aether_v1_ListWorkersRequest, callback: grpc.requestCallback<_aether_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  listWorkers(argument: _aether_v1_ListWorkersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  listWorkers(argument: _aether_v1_ListWorkersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  listWorkers(argument: _aether_v1_ListWorkersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  listWorkers(argument: _aether_v1_ListWorkersRequest, callback: grpc.requestCallback<_aether_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Newest first.
   */
  ListWorkflows(argument: _aether_v1_ListWorkflowsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_aether_v1_WorkflowInfo__Output>;
  ListWorkflows(argument: _aether_v1_ListWorkflowsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_aether_v1_WorkflowInfo__Output>;
  /**
   * Newest first.
   */
  listWorkflows(argument: _aether_v1_ListWorkflowsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_aether_v1_WorkflowInfo__Output>;
  listWorkflows(argument: _aether_v1_ListWorkflowsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_aether_v1_WorkflowInfo__Output>;
  
}

/**
 * Used by operators, the CLI and the dashboard.
 */
export interface AdminServiceHandlers extends grpc.UntypedServiceImplementation {
  GetMetrics: grpc.handleUnaryCall<_aether_v1_GetMetricsRequest__Output, _aether_v1_Metrics>;
  
  ListWorkers: grpc.handleUnaryCall<_aether_v1_ListWorkersRequest__Output, _aether_v1_ListWorkersResponse>;
  
  /**
   * Newest first.
   */
  ListWorkflows: grpc.handleServerStreamingCall<_aether_v1_ListWorkflowsRequest__Output, _aether_v1_WorkflowInfo>;
  
}

export interface AdminServiceDefinition extends grpc.ServiceDefinition {
  GetMetrics: MethodDefinition<_aether_v1_GetMetricsRequest, _aether_v1_Metrics, _aether_v1_GetMetricsRequest__Output, _aether_v1_Metrics__Output>
  ListWorkers: MethodDefinition<_aether_v1_ListWorkersRequest, _aether_v1_ListWorkersResponse, _aether_v1_ListWorkersRequest__Output, _aether_v1_ListWorkersResponse__Output>
  ListWorkflows: MethodDefinition<_aether_v1_ListWorkflowsRequest, _aether_v1_WorkflowInfo, _aether_v1_ListWorkflowsRequest__Output, _aether_v1_WorkflowInfo__Output>
}
