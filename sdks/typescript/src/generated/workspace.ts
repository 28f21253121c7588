import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AddAnnotationRequest as _aether_v1_AddAnnotationRequest, AddAnnotationRequest__Output as _aether_v1_AddAnnotationRequest__Output } from './aether/v1/AddAnnotationRequest.js';
import type { AddKnowledgeRequest as _aether_v1_AddKnowledgeRequest, AddKnowledgeRequest__Output as _aether_v1_AddKnowledgeRequest__Output } from './aether/v1/AddKnowledgeRequest.js';
import type { Annotation as _aether_v1_Annotation, Annotation__Output as _aether_v1_Annotation__Output } from './aether/v1/Annotation.js';
import type { ArchiveRequest as _aether_v1_ArchiveRequest, ArchiveRequest__Output as _aether_v1_ArchiveRequest__Output } from './aether/v1/ArchiveRequest.js';
import type { BatchOp as _aether_v1_BatchOp, BatchOp__Output as _aether_v1_BatchOp__Output } from './aether/v1/BatchOp.js';
import type { BatchRequest as _aether_v1_BatchRequest, BatchRequest__Output as _aether_v1_BatchRequest__Output } from './aether/v1/BatchRequest.js';
import type { Blank as _aether_v1_Blank, Blank__Output as _aether_v1_Blank__Output } from './aether/v1/Blank.js';
import type { BusMessage as _aether_v1_BusMessage, BusMessage__Output as _aether_v1_BusMessage__Output } from './aether/v1/BusMessage.js';
import type { CacheKey as _aether_v1_CacheKey, CacheKey__Output as _aether_v1_CacheKey__Output } from './aether/v1/CacheKey.js';
import type { CacheValue as _aether_v1_CacheValue, CacheValue__Output as _aether_v1_CacheValue__Output } from './aether/v1/CacheValue.js';
import type { Checkpoint as _aether_v1_Checkpoint, Checkpoint__Output as _aether_v1_Checkpoint__Output } from './aether/v1/Checkpoint.js';
import type { ChmodOp as _aether_v1_ChmodOp, ChmodOp__Output as _aether_v1_ChmodOp__Output } from './aether/v1/ChmodOp.js';
import type { CommitInfo as _aether_v1_CommitInfo, CommitInfo__Output as _aether_v1_CommitInfo__Output } from './aether/v1/CommitInfo.js';
import type { CommitRequest as _aether_v1_CommitRequest, CommitRequest__Output as _aether_v1_CommitRequest__Output } from './aether/v1/CommitRequest.js';
import type { CreateCheckpointRequest as _aether_v1_CreateCheckpointRequest, CreateCheckpointRequest__Output as _aether_v1_CreateCheckpointRequest__Output } from './aether/v1/CreateCheckpointRequest.js';
import type { CreateSessionRequest as _aether_v1_CreateSessionRequest, CreateSessionRequest__Output as _aether_v1_CreateSessionRequest__Output } from './aether/v1/CreateSessionRequest.js';
import type { DeleteCacheRequest as _aether_v1_DeleteCacheRequest, DeleteCacheRequest__Output as _aether_v1_DeleteCacheRequest__Output } from './aether/v1/DeleteCacheRequest.js';
import type { DeleteCacheResponse as _aether_v1_DeleteCacheResponse, DeleteCacheResponse__Output as _aether_v1_DeleteCacheResponse__Output } from './aether/v1/DeleteCacheResponse.js';
import type { DeleteKnowledgeResponse as _aether_v1_DeleteKnowledgeResponse, DeleteKnowledgeResponse__Output as _aether_v1_DeleteKnowledgeResponse__Output } from './aether/v1/DeleteKnowledgeResponse.js';
import type { Event as _aether_v1_Event, Event__Output as _aether_v1_Event__Output } from './aether/v1/Event.js';
import type { ExportResponse as _aether_v1_ExportResponse, ExportResponse__Output as _aether_v1_ExportResponse__Output } from './aether/v1/ExportResponse.js';
import type { FileContent as _aether_v1_FileContent, FileContent__Output as _aether_v1_FileContent__Output } from './aether/v1/FileContent.js';
import type { ForkRequest as _aether_v1_ForkRequest, ForkRequest__Output as _aether_v1_ForkRequest__Output } from './aether/v1/ForkRequest.js';
import type { GetManifestRequest as _aether_v1_GetManifestRequest, GetManifestRequest__Output as _aether_v1_GetManifestRequest__Output } from './aether/v1/GetManifestRequest.js';
import type { GitOrigin as _aether_v1_GitOrigin, GitOrigin__Output as _aether_v1_GitOrigin__Output } from './aether/v1/GitOrigin.js';
import type { KnowledgeEntry as _aether_v1_KnowledgeEntry, KnowledgeEntry__Output as _aether_v1_KnowledgeEntry__Output } from './aether/v1/KnowledgeEntry.js';
import type { KnowledgeLink as _aether_v1_KnowledgeLink, KnowledgeLink__Output as _aether_v1_KnowledgeLink__Output } from './aether/v1/KnowledgeLink.js';
import type { KnowledgeRef as _aether_v1_KnowledgeRef, KnowledgeRef__Output as _aether_v1_KnowledgeRef__Output } from './aether/v1/KnowledgeRef.js';
import type { ListAnnotationsResponse as _aether_v1_ListAnnotationsResponse, ListAnnotationsResponse__Output as _aether_v1_ListAnnotationsResponse__Output } from './aether/v1/ListAnnotationsResponse.js';
import type { ListCheckpointsResponse as _aether_v1_ListCheckpointsResponse, ListCheckpointsResponse__Output as _aether_v1_ListCheckpointsResponse__Output } from './aether/v1/ListCheckpointsResponse.js';
import type { ListEventsRequest as _aether_v1_ListEventsRequest, ListEventsRequest__Output as _aether_v1_ListEventsRequest__Output } from './aether/v1/ListEventsRequest.js';
import type { ListEventsResponse as _aether_v1_ListEventsResponse, ListEventsResponse__Output as _aether_v1_ListEventsResponse__Output } from './aether/v1/ListEventsResponse.js';
import type { ListSessionsRequest as _aether_v1_ListSessionsRequest, ListSessionsRequest__Output as _aether_v1_ListSessionsRequest__Output } from './aether/v1/ListSessionsRequest.js';
import type { ListSessionsResponse as _aether_v1_ListSessionsResponse, ListSessionsResponse__Output as _aether_v1_ListSessionsResponse__Output } from './aether/v1/ListSessionsResponse.js';
import type { ListSourcesRequest as _aether_v1_ListSourcesRequest, ListSourcesRequest__Output as _aether_v1_ListSourcesRequest__Output } from './aether/v1/ListSourcesRequest.js';
import type { ListSourcesResponse as _aether_v1_ListSourcesResponse, ListSourcesResponse__Output as _aether_v1_ListSourcesResponse__Output } from './aether/v1/ListSourcesResponse.js';
import type { Manifest as _aether_v1_Manifest, Manifest__Output as _aether_v1_Manifest__Output } from './aether/v1/Manifest.js';
import type { ManifestEntry as _aether_v1_ManifestEntry, ManifestEntry__Output as _aether_v1_ManifestEntry__Output } from './aether/v1/ManifestEntry.js';
import type { MergeRequest as _aether_v1_MergeRequest, MergeRequest__Output as _aether_v1_MergeRequest__Output } from './aether/v1/MergeRequest.js';
import type { MergeResponse as _aether_v1_MergeResponse, MergeResponse__Output as _aether_v1_MergeResponse__Output } from './aether/v1/MergeResponse.js';
import type { Mutation as _aether_v1_Mutation, Mutation__Output as _aether_v1_Mutation__Output } from './aether/v1/Mutation.js';
import type { PatchSegmentsRequest as _aether_v1_PatchSegmentsRequest, PatchSegmentsRequest__Output as _aether_v1_PatchSegmentsRequest__Output } from './aether/v1/PatchSegmentsRequest.js';
import type { PathsRequest as _aether_v1_PathsRequest, PathsRequest__Output as _aether_v1_PathsRequest__Output } from './aether/v1/PathsRequest.js';
import type { PromoteRequest as _aether_v1_PromoteRequest, PromoteRequest__Output as _aether_v1_PromoteRequest__Output } from './aether/v1/PromoteRequest.js';
import type { PromoteResponse as _aether_v1_PromoteResponse, PromoteResponse__Output as _aether_v1_PromoteResponse__Output } from './aether/v1/PromoteResponse.js';
import type { PublishRequest as _aether_v1_PublishRequest, PublishRequest__Output as _aether_v1_PublishRequest__Output } from './aether/v1/PublishRequest.js';
import type { PutCacheRequest as _aether_v1_PutCacheRequest, PutCacheRequest__Output as _aether_v1_PutCacheRequest__Output } from './aether/v1/PutCacheRequest.js';
import type { ReadFileRequest as _aether_v1_ReadFileRequest, ReadFileRequest__Output as _aether_v1_ReadFileRequest__Output } from './aether/v1/ReadFileRequest.js';
import type { RenameOp as _aether_v1_RenameOp, RenameOp__Output as _aether_v1_RenameOp__Output } from './aether/v1/RenameOp.js';
import type { RenameRequest as _aether_v1_RenameRequest, RenameRequest__Output as _aether_v1_RenameRequest__Output } from './aether/v1/RenameRequest.js';
import type { ResolveAnnotationRequest as _aether_v1_ResolveAnnotationRequest, ResolveAnnotationRequest__Output as _aether_v1_ResolveAnnotationRequest__Output } from './aether/v1/ResolveAnnotationRequest.js';
import type { RestoreRequest as _aether_v1_RestoreRequest, RestoreRequest__Output as _aether_v1_RestoreRequest__Output } from './aether/v1/RestoreRequest.js';
import type { SearchKnowledgeRequest as _aether_v1_SearchKnowledgeRequest, SearchKnowledgeRequest__Output as _aether_v1_SearchKnowledgeRequest__Output } from './aether/v1/SearchKnowledgeRequest.js';
import type { SearchKnowledgeResponse as _aether_v1_SearchKnowledgeResponse, SearchKnowledgeResponse__Output as _aether_v1_SearchKnowledgeResponse__Output } from './aether/v1/SearchKnowledgeResponse.js';
import type { Segment as _aether_v1_Segment, Segment__Output as _aether_v1_Segment__Output } from './aether/v1/Segment.js';
import type { Session as _aether_v1_Session, Session__Output as _aether_v1_Session__Output } from './aether/v1/Session.js';
import type { SessionRef as _aether_v1_SessionRef, SessionRef__Output as _aether_v1_SessionRef__Output } from './aether/v1/SessionRef.js';
import type { Source as _aether_v1_Source, Source__Output as _aether_v1_Source__Output } from './aether/v1/Source.js';
import type { SubscribeRequest as _aether_v1_SubscribeRequest, SubscribeRequest__Output as _aether_v1_SubscribeRequest__Output } from './aether/v1/SubscribeRequest.js';
import type { SymlinkOp as _aether_v1_SymlinkOp, SymlinkOp__Output as _aether_v1_SymlinkOp__Output } from './aether/v1/SymlinkOp.js';
import type { WorkspaceServiceClient as _aether_v1_WorkspaceServiceClient, WorkspaceServiceDefinition as _aether_v1_WorkspaceServiceDefinition } from './aether/v1/WorkspaceService.js';
import type { WriteFileRequest as _aether_v1_WriteFileRequest, WriteFileRequest__Output as _aether_v1_WriteFileRequest__Output } from './aether/v1/WriteFileRequest.js';
import type { WriteOp as _aether_v1_WriteOp, WriteOp__Output as _aether_v1_WriteOp__Output } from './aether/v1/WriteOp.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  aether: {
    v1: {
      AddAnnotationRequest: MessageTypeDefinition<_aether_v1_AddAnnotationRequest, _aether_v1_AddAnnotationRequest__Output>
      AddKnowledgeRequest: MessageTypeDefinition<_aether_v1_AddKnowledgeRequest, _aether_v1_AddKnowledgeRequest__Output>
      Annotation: MessageTypeDefinition<_aether_v1_Annotation, _aether_v1_Annotation__Output>
      ArchiveRequest: MessageTypeDefinition<_aether_v1_ArchiveRequest, _aether_v1_ArchiveRequest__Output>
      BatchOp: MessageTypeDefinition<_aether_v1_BatchOp, _aether_v1_BatchOp__Output>
      BatchRequest: MessageTypeDefinition<_aether_v1_BatchRequest, _aether_v1_BatchRequest__Output>
      Blank: MessageTypeDefinition<_aether_v1_Blank, _aether_v1_Blank__Output>
      BusMessage: MessageTypeDefinition<_aether_v1_BusMessage, _aether_v1_BusMessage__Output>
      CacheKey: MessageTypeDefinition<_aether_v1_CacheKey, _aether_v1_CacheKey__Output>
      CacheValue: MessageTypeDefinition<_aether_v1_CacheValue, _aether_v1_CacheValue__Output>
      Checkpoint: MessageTypeDefinition<_aether_v1_Checkpoint, _aether_v1_Checkpoint__Output>
      ChmodOp: MessageTypeDefinition<_aether_v1_ChmodOp, _aether_v1_ChmodOp__Output>
      CommitInfo: MessageTypeDefinition<_aether_v1_CommitInfo, _aether_v1_CommitInfo__Output>
      CommitRequest: MessageTypeDefinition<_aether_v1_CommitRequest, _aether_v1_CommitRequest__Output>
      CreateCheckpointRequest: MessageTypeDefinition<_aether_v1_CreateCheckpointRequest, _aether_v1_CreateCheckpointRequest__Output>
      CreateSessionRequest: MessageTypeDefinition<_aether_v1_CreateSessionRequest, _aether_v1_CreateSessionRequest__Output>
      DeleteCacheRequest: MessageTypeDefinition<_aether_v1_DeleteCacheRequest, _aether_v1_DeleteCacheRequest__Output>
      DeleteCacheResponse: MessageTypeDefinition<_aether_v1_DeleteCacheResponse, _aether_v1_DeleteCacheResponse__Output>
      DeleteKnowledgeResponse: MessageTypeDefinition<_aether_v1_DeleteKnowledgeResponse, _aether_v1_DeleteKnowledgeResponse__Output>
      Event: MessageTypeDefinition<_aether_v1_Event, _aether_v1_Event__Output>
      ExportResponse: MessageTypeDefinition<_aether_v1_ExportResponse, _aether_v1_ExportResponse__Output>
      FileContent: MessageTypeDefinition<_aether_v1_FileContent, _aether_v1_FileContent__Output>
      ForkRequest: MessageTypeDefinition<_aether_v1_ForkRequest, _aether_v1_ForkRequest__Output>
      GetManifestRequest: MessageTypeDefinition<_aether_v1_GetManifestRequest, _aether_v1_GetManifestRequest__Output>
      GitOrigin: MessageTypeDefinition<_aether_v1_GitOrigin, _aether_v1_GitOrigin__Output>
      KnowledgeEntry: MessageTypeDefinition<_aether_v1_KnowledgeEntry, _aether_v1_KnowledgeEntry__Output>
      KnowledgeLink: MessageTypeDefinition<_aether_v1_KnowledgeLink, _aether_v1_KnowledgeLink__Output>
      KnowledgeRef: MessageTypeDefinition<_aether_v1_KnowledgeRef, _aether_v1_KnowledgeRef__Output>
      ListAnnotationsResponse: MessageTypeDefinition<_aether_v1_ListAnnotationsResponse, _aether_v1_ListAnnotationsResponse__Output>
      ListCheckpointsResponse: MessageTypeDefinition<_aether_v1_ListCheckpointsResponse, _aether_v1_ListCheckpointsResponse__Output>
      ListEventsRequest: MessageTypeDefinition<_aether_v1_ListEventsRequest, _aether_v1_ListEventsRequest__Output>
      ListEventsResponse: MessageTypeDefinition<_aether_v1_ListEventsResponse, _aether_v1_ListEventsResponse__Output>
      ListSessionsRequest: MessageTypeDefinition<_aether_v1_ListSessionsRequest, _aether_v1_ListSessionsRequest__Output>
      ListSessionsResponse: MessageTypeDefinition<_aether_v1_ListSessionsResponse, _aether_v1_ListSessionsResponse__Output>
      ListSourcesRequest: MessageTypeDefinition<_aether_v1_ListSourcesRequest, _aether_v1_ListSourcesRequest__Output>
      ListSourcesResponse: MessageTypeDefinition<_aether_v1_ListSourcesResponse, _aether_v1_ListSourcesResponse__Output>
      Manifest: MessageTypeDefinition<_aether_v1_Manifest, _aether_v1_Manifest__Output>
      ManifestEntry: MessageTypeDefinition<_aether_v1_ManifestEntry, _aether_v1_ManifestEntry__Output>
      MergeRequest: MessageTypeDefinition<_aether_v1_MergeRequest, _aether_v1_MergeRequest__Output>
      MergeResponse: MessageTypeDefinition<_aether_v1_MergeResponse, _aether_v1_MergeResponse__Output>
      Mutation: MessageTypeDefinition<_aether_v1_Mutation, _aether_v1_Mutation__Output>
      PatchSegmentsRequest: MessageTypeDefinition<_aether_v1_PatchSegmentsRequest, _aether_v1_PatchSegmentsRequest__Output>
      PathsRequest: MessageTypeDefinition<_aether_v1_PathsRequest, _aether_v1_PathsRequest__Output>
      PromoteRequest: MessageTypeDefinition<_aether_v1_PromoteRequest, _aether_v1_PromoteRequest__Output>
      PromoteResponse: MessageTypeDefinition<_aether_v1_PromoteResponse, _aether_v1_PromoteResponse__Output>
      PublishRequest: MessageTypeDefinition<_aether_v1_PublishRequest, _aether_v1_PublishRequest__Output>
      PutCacheRequest: MessageTypeDefinition<_aether_v1_PutCacheRequest, _aether_v1_PutCacheRequest__Output>
      ReadFileRequest: MessageTypeDefinition<_aether_v1_ReadFileRequest, _aether_v1_ReadFileRequest__Output>
      RenameOp: MessageTypeDefinition<_aether_v1_RenameOp, _aether_v1_RenameOp__Output>
      RenameRequest: MessageTypeDefinition<_aether_v1_RenameRequest, _aether_v1_RenameRequest__Output>
      ResolveAnnotationRequest: MessageTypeDefinition<_aether_v1_ResolveAnnotationRequest, _aether_v1_ResolveAnnotationRequest__Output>
      RestoreRequest: MessageTypeDefinition<_aether_v1_RestoreRequest, _aether_v1_RestoreRequest__Output>
      SearchKnowledgeRequest: MessageTypeDefinition<_aether_v1_SearchKnowledgeRequest, _aether_v1_SearchKnowledgeRequest__Output>
      SearchKnowledgeResponse: MessageTypeDefinition<_aether_v1_SearchKnowledgeResponse, _aether_v1_SearchKnowledgeResponse__Output>
      Segment: MessageTypeDefinition<_aether_v1_Segment, _aether_v1_Segment__Output>
      Session: MessageTypeDefinition<_aether_v1_Session, _aether_v1_Session__Output>
      SessionRef: MessageTypeDefinition<_aether_v1_SessionRef, _aether_v1_SessionRef__Output>
      Source: MessageTypeDefinition<_aether_v1_Source, _aether_v1_Source__Output>
      SubscribeRequest: MessageTypeDefinition<_aether_v1_SubscribeRequest, _aether_v1_SubscribeRequest__Output>
      SymlinkOp: MessageTypeDefinition<_aether_v1_SymlinkOp, _aether_v1_SymlinkOp__Output>
      /**
       * Workspaces: versioned sessions of files (SPEC section 5). The same operations as the HTTP /v1
       * routes. Fields named *_json carry JSON text (cache values, bus messages, event details).
       * Every mutation may carry expected_revision; a stale one fails with ABORTED and changes nothing.
       * Errors carry a reason in the "aether-reason" metadata (e.g. stale_revision, merge_conflict);
       * a merge conflict lists its conflicts as JSON in "aether-conflicts".
       */
      WorkspaceService: SubtypeConstructor<typeof grpc.Client, _aether_v1_WorkspaceServiceClient> & { service: _aether_v1_WorkspaceServiceDefinition }
      WriteFileRequest: MessageTypeDefinition<_aether_v1_WriteFileRequest, _aether_v1_WriteFileRequest__Output>
      WriteOp: MessageTypeDefinition<_aether_v1_WriteOp, _aether_v1_WriteOp__Output>
    }
  }
}

