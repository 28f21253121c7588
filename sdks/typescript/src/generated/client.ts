import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ActivityTimeouts as _aether_v1_ActivityTimeouts, ActivityTimeouts__Output as _aether_v1_ActivityTimeouts__Output } from './aether/v1/ActivityTimeouts.js';
import type { AwaitResultRequest as _aether_v1_AwaitResultRequest, AwaitResultRequest__Output as _aether_v1_AwaitResultRequest__Output } from './aether/v1/AwaitResultRequest.js';
import type { CancelWorkflowRequest as _aether_v1_CancelWorkflowRequest, CancelWorkflowRequest__Output as _aether_v1_CancelWorkflowRequest__Output } from './aether/v1/CancelWorkflowRequest.js';
import type { CancelWorkflowResponse as _aether_v1_CancelWorkflowResponse, CancelWorkflowResponse__Output as _aether_v1_CancelWorkflowResponse__Output } from './aether/v1/CancelWorkflowResponse.js';
import type { ClientServiceClient as _aether_v1_ClientServiceClient, ClientServiceDefinition as _aether_v1_ClientServiceDefinition } from './aether/v1/ClientService.js';
import type { CommandError as _aether_v1_CommandError, CommandError__Output as _aether_v1_CommandError__Output } from './aether/v1/CommandError.js';
import type { Failure as _aether_v1_Failure, Failure__Output as _aether_v1_Failure__Output } from './aether/v1/Failure.js';
import type { GetHistoryRequest as _aether_v1_GetHistoryRequest, GetHistoryRequest__Output as _aether_v1_GetHistoryRequest__Output } from './aether/v1/GetHistoryRequest.js';
import type { GetHistoryResponse as _aether_v1_GetHistoryResponse, GetHistoryResponse__Output as _aether_v1_GetHistoryResponse__Output } from './aether/v1/GetHistoryResponse.js';
import type { GetWorkflowStatusRequest as _aether_v1_GetWorkflowStatusRequest, GetWorkflowStatusRequest__Output as _aether_v1_GetWorkflowStatusRequest__Output } from './aether/v1/GetWorkflowStatusRequest.js';
import type { HistoryEvent as _aether_v1_HistoryEvent, HistoryEvent__Output as _aether_v1_HistoryEvent__Output } from './aether/v1/HistoryEvent.js';
import type { PendingActivity as _aether_v1_PendingActivity, PendingActivity__Output as _aether_v1_PendingActivity__Output } from './aether/v1/PendingActivity.js';
import type { RetryPolicy as _aether_v1_RetryPolicy, RetryPolicy__Output as _aether_v1_RetryPolicy__Output } from './aether/v1/RetryPolicy.js';
import type { SignalRequest as _aether_v1_SignalRequest, SignalRequest__Output as _aether_v1_SignalRequest__Output } from './aether/v1/SignalRequest.js';
import type { SignalResponse as _aether_v1_SignalResponse, SignalResponse__Output as _aether_v1_SignalResponse__Output } from './aether/v1/SignalResponse.js';
import type { StartWorkflowRequest as _aether_v1_StartWorkflowRequest, StartWorkflowRequest__Output as _aether_v1_StartWorkflowRequest__Output } from './aether/v1/StartWorkflowRequest.js';
import type { StartWorkflowResponse as _aether_v1_StartWorkflowResponse, StartWorkflowResponse__Output as _aether_v1_StartWorkflowResponse__Output } from './aether/v1/StartWorkflowResponse.js';
import type { StartsBatch as _aether_v1_StartsBatch, StartsBatch__Output as _aether_v1_StartsBatch__Output } from './aether/v1/StartsBatch.js';
import type { StartsReply as _aether_v1_StartsReply, StartsReply__Output as _aether_v1_StartsReply__Output } from './aether/v1/StartsReply.js';
import type { StartsReplyBatch as _aether_v1_StartsReplyBatch, StartsReplyBatch__Output as _aether_v1_StartsReplyBatch__Output } from './aether/v1/StartsReplyBatch.js';
import type { StartsRequest as _aether_v1_StartsRequest, StartsRequest__Output as _aether_v1_StartsRequest__Output } from './aether/v1/StartsRequest.js';
import type { Wait as _aether_v1_Wait, Wait__Output as _aether_v1_Wait__Output } from './aether/v1/Wait.js';
import type { WorkflowInfo as _aether_v1_WorkflowInfo, WorkflowInfo__Output as _aether_v1_WorkflowInfo__Output } from './aether/v1/WorkflowInfo.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  aether: {
    v1: {
      ActionKind: EnumTypeDefinition
      ActivityTimeouts: MessageTypeDefinition<_aether_v1_ActivityTimeouts, _aether_v1_ActivityTimeouts__Output>
      AwaitResultRequest: MessageTypeDefinition<_aether_v1_AwaitResultRequest, _aether_v1_AwaitResultRequest__Output>
      CancelWorkflowRequest: MessageTypeDefinition<_aether_v1_CancelWorkflowRequest, _aether_v1_CancelWorkflowRequest__Output>
      CancelWorkflowResponse: MessageTypeDefinition<_aether_v1_CancelWorkflowResponse, _aether_v1_CancelWorkflowResponse__Output>
      /**
       * Used by applications to start workflows and observe them.
       */
      ClientService: SubtypeConstructor<typeof grpc.Client, _aether_v1_ClientServiceClient> & { service: _aether_v1_ClientServiceDefinition }
      CommandError: MessageTypeDefinition<_aether_v1_CommandError, _aether_v1_CommandError__Output>
      Failure: MessageTypeDefinition<_aether_v1_Failure, _aether_v1_Failure__Output>
      GetHistoryRequest: MessageTypeDefinition<_aether_v1_GetHistoryRequest, _aether_v1_GetHistoryRequest__Output>
      GetHistoryResponse: MessageTypeDefinition<_aether_v1_GetHistoryResponse, _aether_v1_GetHistoryResponse__Output>
      GetWorkflowStatusRequest: MessageTypeDefinition<_aether_v1_GetWorkflowStatusRequest, _aether_v1_GetWorkflowStatusRequest__Output>
      HistoryEvent: MessageTypeDefinition<_aether_v1_HistoryEvent, _aether_v1_HistoryEvent__Output>
      PendingActivity: MessageTypeDefinition<_aether_v1_PendingActivity, _aether_v1_PendingActivity__Output>
      RetryPolicy: MessageTypeDefinition<_aether_v1_RetryPolicy, _aether_v1_RetryPolicy__Output>
      SignalRequest: MessageTypeDefinition<_aether_v1_SignalRequest, _aether_v1_SignalRequest__Output>
      SignalResponse: MessageTypeDefinition<_aether_v1_SignalResponse, _aether_v1_SignalResponse__Output>
      StartWorkflowRequest: MessageTypeDefinition<_aether_v1_StartWorkflowRequest, _aether_v1_StartWorkflowRequest__Output>
      StartWorkflowResponse: MessageTypeDefinition<_aether_v1_StartWorkflowResponse, _aether_v1_StartWorkflowResponse__Output>
      StartsBatch: MessageTypeDefinition<_aether_v1_StartsBatch, _aether_v1_StartsBatch__Output>
      StartsReply: MessageTypeDefinition<_aether_v1_StartsReply, _aether_v1_StartsReply__Output>
      StartsReplyBatch: MessageTypeDefinition<_aether_v1_StartsReplyBatch, _aether_v1_StartsReplyBatch__Output>
      StartsRequest: MessageTypeDefinition<_aether_v1_StartsRequest, _aether_v1_StartsRequest__Output>
      Wait: MessageTypeDefinition<_aether_v1_Wait, _aether_v1_Wait__Output>
      WaitKind: EnumTypeDefinition
      WorkflowInfo: MessageTypeDefinition<_aether_v1_WorkflowInfo, _aether_v1_WorkflowInfo__Output>
      WorkflowState: EnumTypeDefinition
    }
  }
}

