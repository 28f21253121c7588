import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ActivityTimeouts as _aether_v1_ActivityTimeouts, ActivityTimeouts__Output as _aether_v1_ActivityTimeouts__Output } from './aether/v1/ActivityTimeouts.js';
import type { AdminServiceClient as _aether_v1_AdminServiceClient, AdminServiceDefinition as _aether_v1_AdminServiceDefinition } from './aether/v1/AdminService.js';
import type { CommandError as _aether_v1_CommandError, CommandError__Output as _aether_v1_CommandError__Output } from './aether/v1/CommandError.js';
import type { Failure as _aether_v1_Failure, Failure__Output as _aether_v1_Failure__Output } from './aether/v1/Failure.js';
import type { GetMetricsRequest as _aether_v1_GetMetricsRequest, GetMetricsRequest__Output as _aether_v1_GetMetricsRequest__Output } from './aether/v1/GetMetricsRequest.js';
import type { HistoryEvent as _aether_v1_HistoryEvent, HistoryEvent__Output as _aether_v1_HistoryEvent__Output } from './aether/v1/HistoryEvent.js';
import type { ListWorkersRequest as _aether_v1_ListWorkersRequest, ListWorkersRequest__Output as _aether_v1_ListWorkersRequest__Output } from './aether/v1/ListWorkersRequest.js';
import type { ListWorkersResponse as _aether_v1_ListWorkersResponse, ListWorkersResponse__Output as _aether_v1_ListWorkersResponse__Output } from './aether/v1/ListWorkersResponse.js';
import type { ListWorkflowsRequest as _aether_v1_ListWorkflowsRequest, ListWorkflowsRequest__Output as _aether_v1_ListWorkflowsRequest__Output } from './aether/v1/ListWorkflowsRequest.js';
import type { Metrics as _aether_v1_Metrics, Metrics__Output as _aether_v1_Metrics__Output } from './aether/v1/Metrics.js';
import type { PendingActivity as _aether_v1_PendingActivity, PendingActivity__Output as _aether_v1_PendingActivity__Output } from './aether/v1/PendingActivity.js';
import type { RetryPolicy as _aether_v1_RetryPolicy, RetryPolicy__Output as _aether_v1_RetryPolicy__Output } from './aether/v1/RetryPolicy.js';
import type { Wait as _aether_v1_Wait, Wait__Output as _aether_v1_Wait__Output } from './aether/v1/Wait.js';
import type { WorkerInfo as _aether_v1_WorkerInfo, WorkerInfo__Output as _aether_v1_WorkerInfo__Output } from './aether/v1/WorkerInfo.js';
import type { WorkflowInfo as _aether_v1_WorkflowInfo, WorkflowInfo__Output as _aether_v1_WorkflowInfo__Output } from './aether/v1/WorkflowInfo.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  aether: {
    v1: {
      ActionKind: EnumTypeDefinition
      ActivityTimeouts: MessageTypeDefinition<_aether_v1_ActivityTimeouts, _aether_v1_ActivityTimeouts__Output>
      /**
       * Used by operators, the CLI and the dashboard.
       */
      AdminService: SubtypeConstructor<typeof grpc.Client, _aether_v1_AdminServiceClient> & { service: _aether_v1_AdminServiceDefinition }
      CommandError: MessageTypeDefinition<_aether_v1_CommandError, _aether_v1_CommandError__Output>
      Failure: MessageTypeDefinition<_aether_v1_Failure, _aether_v1_Failure__Output>
      GetMetricsRequest: MessageTypeDefinition<_aether_v1_GetMetricsRequest, _aether_v1_GetMetricsRequest__Output>
      HistoryEvent: MessageTypeDefinition<_aether_v1_HistoryEvent, _aether_v1_HistoryEvent__Output>
      ListWorkersRequest: MessageTypeDefinition<_aether_v1_ListWorkersRequest, _aether_v1_ListWorkersRequest__Output>
      ListWorkersResponse: MessageTypeDefinition<_aether_v1_ListWorkersResponse, _aether_v1_ListWorkersResponse__Output>
      ListWorkflowsRequest: MessageTypeDefinition<_aether_v1_ListWorkflowsRequest, _aether_v1_ListWorkflowsRequest__Output>
      Metrics: MessageTypeDefinition<_aether_v1_Metrics, _aether_v1_Metrics__Output>
      PendingActivity: MessageTypeDefinition<_aether_v1_PendingActivity, _aether_v1_PendingActivity__Output>
      RetryPolicy: MessageTypeDefinition<_aether_v1_RetryPolicy, _aether_v1_RetryPolicy__Output>
      Wait: MessageTypeDefinition<_aether_v1_Wait, _aether_v1_Wait__Output>
      WaitKind: EnumTypeDefinition
      WorkerInfo: MessageTypeDefinition<_aether_v1_WorkerInfo, _aether_v1_WorkerInfo__Output>
      WorkflowInfo: MessageTypeDefinition<_aether_v1_WorkflowInfo, _aether_v1_WorkflowInfo__Output>
      WorkflowState: EnumTypeDefinition
    }
  }
}

