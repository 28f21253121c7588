import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AnnotationEvidence as _aether_v1_AnnotationEvidence, AnnotationEvidence__Output as _aether_v1_AnnotationEvidence__Output } from './aether/v1/AnnotationEvidence.js';
import type { Approval as _aether_v1_Approval, Approval__Output as _aether_v1_Approval__Output } from './aether/v1/Approval.js';
import type { ApprovalRequest as _aether_v1_ApprovalRequest, ApprovalRequest__Output as _aether_v1_ApprovalRequest__Output } from './aether/v1/ApprovalRequest.js';
import type { ApprovalServiceClient as _aether_v1_ApprovalServiceClient, ApprovalServiceDefinition as _aether_v1_ApprovalServiceDefinition } from './aether/v1/ApprovalService.js';
import type { CheckpointEvidence as _aether_v1_CheckpointEvidence, CheckpointEvidence__Output as _aether_v1_CheckpointEvidence__Output } from './aether/v1/CheckpointEvidence.js';
import type { DecideApprovalRequest as _aether_v1_DecideApprovalRequest, DecideApprovalRequest__Output as _aether_v1_DecideApprovalRequest__Output } from './aether/v1/DecideApprovalRequest.js';
import type { Decision as _aether_v1_Decision, Decision__Output as _aether_v1_Decision__Output } from './aether/v1/Decision.js';
import type { Evidence as _aether_v1_Evidence, Evidence__Output as _aether_v1_Evidence__Output } from './aether/v1/Evidence.js';
import type { GetApprovalRequest as _aether_v1_GetApprovalRequest, GetApprovalRequest__Output as _aether_v1_GetApprovalRequest__Output } from './aether/v1/GetApprovalRequest.js';
import type { ListApprovalsRequest as _aether_v1_ListApprovalsRequest, ListApprovalsRequest__Output as _aether_v1_ListApprovalsRequest__Output } from './aether/v1/ListApprovalsRequest.js';
import type { ListApprovalsResponse as _aether_v1_ListApprovalsResponse, ListApprovalsResponse__Output as _aether_v1_ListApprovalsResponse__Output } from './aether/v1/ListApprovalsResponse.js';
import type { RequestSessionApprovalRequest as _aether_v1_RequestSessionApprovalRequest, RequestSessionApprovalRequest__Output as _aether_v1_RequestSessionApprovalRequest__Output } from './aether/v1/RequestSessionApprovalRequest.js';
import type { SessionEvidence as _aether_v1_SessionEvidence, SessionEvidence__Output as _aether_v1_SessionEvidence__Output } from './aether/v1/SessionEvidence.js';
import type { UrlEvidence as _aether_v1_UrlEvidence, UrlEvidence__Output as _aether_v1_UrlEvidence__Output } from './aether/v1/UrlEvidence.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  aether: {
    v1: {
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
      CheckpointEvidence: MessageTypeDefinition<_aether_v1_CheckpointEvidence, _aether_v1_CheckpointEvidence__Output>
      DecideApprovalRequest: MessageTypeDefinition<_aether_v1_DecideApprovalRequest, _aether_v1_DecideApprovalRequest__Output>
      Decision: MessageTypeDefinition<_aether_v1_Decision, _aether_v1_Decision__Output>
      Evidence: MessageTypeDefinition<_aether_v1_Evidence, _aether_v1_Evidence__Output>
      GetApprovalRequest: MessageTypeDefinition<_aether_v1_GetApprovalRequest, _aether_v1_GetApprovalRequest__Output>
      ListApprovalsRequest: MessageTypeDefinition<_aether_v1_ListApprovalsRequest, _aether_v1_ListApprovalsRequest__Output>
      ListApprovalsResponse: MessageTypeDefinition<_aether_v1_ListApprovalsResponse, _aether_v1_ListApprovalsResponse__Output>
      Outcome: EnumTypeDefinition
      RequestSessionApprovalRequest: MessageTypeDefinition<_aether_v1_RequestSessionApprovalRequest, _aether_v1_RequestSessionApprovalRequest__Output>
      SessionEvidence: MessageTypeDefinition<_aether_v1_SessionEvidence, _aether_v1_SessionEvidence__Output>
      UrlEvidence: MessageTypeDefinition<_aether_v1_UrlEvidence, _aether_v1_UrlEvidence__Output>
    }
  }
}

