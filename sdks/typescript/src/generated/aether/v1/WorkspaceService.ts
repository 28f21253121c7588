// Original file: ../../proto/aether/v1/workspace.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddAnnotationRequest as _aether_v1_AddAnnotationRequest, AddAnnotationRequest__Output as _aether_v1_AddAnnotationRequest__Output } from '../../aether/v1/AddAnnotationRequest.js';
import type { AddKnowledgeRequest as _aether_v1_AddKnowledgeRequest, AddKnowledgeRequest__Output as _aether_v1_AddKnowledgeRequest__Output } from '../../aether/v1/AddKnowledgeRequest.js';
import type { Annotation as _aether_v1_Annotation, Annotation__Output as _aether_v1_Annotation__Output } from '../../aether/v1/Annotation.js';
import type { ArchiveRequest as _aether_v1_ArchiveRequest, ArchiveRequest__Output as _aether_v1_ArchiveRequest__Output } from '../../aether/v1/ArchiveRequest.js';
import type { BatchRequest as _aether_v1_BatchRequest, BatchRequest__Output as _aether_v1_BatchRequest__Output } from '../../aether/v1/BatchRequest.js';
import type { BusMessage as _aether_v1_BusMessage, BusMessage__Output as _aether_v1_BusMessage__Output } from '../../aether/v1/BusMessage.js';
import type { CacheKey as _aether_v1_CacheKey, CacheKey__Output as _aether_v1_CacheKey__Output } from '../../aether/v1/CacheKey.js';
import type { CacheValue as _aether_v1_CacheValue, CacheValue__Output as _aether_v1_CacheValue__Output } from '../../aether/v1/CacheValue.js';
import type { Checkpoint as _aether_v1_Checkpoint, Checkpoint__Output as _aether_v1_Checkpoint__Output } from '../../aether/v1/Checkpoint.js';
import type { CommitInfo as _aether_v1_CommitInfo, CommitInfo__Output as _aether_v1_CommitInfo__Output } from '../../aether/v1/CommitInfo.js';
import type { CommitRequest as _aether_v1_CommitRequest, CommitRequest__Output as _aether_v1_CommitRequest__Output } from '../../aether/v1/CommitRequest.js';
import type { CreateCheckpointRequest as _aether_v1_CreateCheckpointRequest, CreateCheckpointRequest__Output as _aether_v1_CreateCheckpointRequest__Output } from '../../aether/v1/CreateCheckpointRequest.js';
import type { CreateSessionRequest as _aether_v1_CreateSessionRequest, CreateSessionRequest__Output as _aether_v1_CreateSessionRequest__Output } from '../../aether/v1/CreateSessionRequest.js';
import type { DeleteCacheRequest as _aether_v1_DeleteCacheRequest, DeleteCacheRequest__Output as _aether_v1_DeleteCacheRequest__Output } from '../../aether/v1/DeleteCacheRequest.js';
import type { DeleteCacheResponse as _aether_v1_DeleteCacheResponse, DeleteCacheResponse__Output as _aether_v1_DeleteCacheResponse__Output } from '../../aether/v1/DeleteCacheResponse.js';
import type { DeleteKnowledgeResponse as _aether_v1_DeleteKnowledgeResponse, DeleteKnowledgeResponse__Output as _aether_v1_DeleteKnowledgeResponse__Output } from '../../aether/v1/DeleteKnowledgeResponse.js';
import type { ExportResponse as _aether_v1_ExportResponse, ExportResponse__Output as _aether_v1_ExportResponse__Output } from '../../aether/v1/ExportResponse.js';
import type { FileContent as _aether_v1_FileContent, FileContent__Output as _aether_v1_FileContent__Output } from '../../aether/v1/FileContent.js';
import type { ForkRequest as _aether_v1_ForkRequest, ForkRequest__Output as _aether_v1_ForkRequest__Output } from '../../aether/v1/ForkRequest.js';
import type { GetManifestRequest as _aether_v1_GetManifestRequest, GetManifestRequest__Output as _aether_v1_GetManifestRequest__Output } from '../../aether/v1/GetManifestRequest.js';
import type { KnowledgeEntry as _aether_v1_KnowledgeEntry, KnowledgeEntry__Output as _aether_v1_KnowledgeEntry__Output } from '../../aether/v1/KnowledgeEntry.js';
import type { KnowledgeRef as _aether_v1_KnowledgeRef, KnowledgeRef__Output as _aether_v1_KnowledgeRef__Output } from '../../aether/v1/KnowledgeRef.js';
import type { ListAnnotationsResponse as _aether_v1_ListAnnotationsResponse, ListAnnotationsResponse__Output as _aether_v1_ListAnnotationsResponse__Output } from '../../aether/v1/ListAnnotationsResponse.js';
import type { ListCheckpointsResponse as _aether_v1_ListCheckpointsResponse, ListCheckpointsResponse__Output as _aether_v1_ListCheckpointsResponse__Output } from '../../aether/v1/ListCheckpointsResponse.js';
import type { ListEventsRequest as _aether_v1_ListEventsRequest, ListEventsRequest__Output as _aether_v1_ListEventsRequest__Output } from '../../aether/v1/ListEventsRequest.js';
import type { ListEventsResponse as _aether_v1_ListEventsResponse, ListEventsResponse__Output as _aether_v1_ListEventsResponse__Output } from '../../aether/v1/ListEventsResponse.js';
import type { ListSessionsRequest as _aether_v1_ListSessionsRequest, ListSessionsRequest__Output as _aether_v1_ListSessionsRequest__Output } from '../../aether/v1/ListSessionsRequest.js';
import type { ListSessionsResponse as _aether_v1_ListSessionsResponse, ListSessionsResponse__Output as _aether_v1_ListSessionsResponse__Output } from '../../aether/v1/ListSessionsResponse.js';
import type { ListSourcesRequest as _aether_v1_ListSourcesRequest, ListSourcesRequest__Output as _aether_v1_ListSourcesRequest__Output } from '../../aether/v1/ListSourcesRequest.js';
import type { ListSourcesResponse as _aether_v1_ListSourcesResponse, ListSourcesResponse__Output as _aether_v1_ListSourcesResponse__Output } from '../../aether/v1/ListSourcesResponse.js';
import type { Manifest as _aether_v1_Manifest, Manifest__Output as _aether_v1_Manifest__Output } from '../../aether/v1/Manifest.js';
import type { MergeRequest as _aether_v1_MergeRequest, MergeRequest__Output as _aether_v1_MergeRequest__Output } from '../../aether/v1/MergeRequest.js';
import type { MergeResponse as _aether_v1_MergeResponse, MergeResponse__Output as _aether_v1_MergeResponse__Output } from '../../aether/v1/MergeResponse.js';
import type { Mutation as _aether_v1_Mutation, Mutation__Output as _aether_v1_Mutation__Output } from '../../aether/v1/Mutation.js';
import type { PatchSegmentsRequest as _aether_v1_PatchSegmentsRequest, PatchSegmentsRequest__Output as _aether_v1_PatchSegmentsRequest__Output } from '../../aether/v1/PatchSegmentsRequest.js';
import type { PathsRequest as _aether_v1_PathsRequest, PathsRequest__Output as _aether_v1_PathsRequest__Output } from '../../aether/v1/PathsRequest.js';
import type { PromoteRequest as _aether_v1_PromoteRequest, PromoteRequest__Output as _aether_v1_PromoteRequest__Output } from '../../aether/v1/PromoteRequest.js';
import type { PromoteResponse as _aether_v1_PromoteResponse, PromoteResponse__Output as _aether_v1_PromoteResponse__Output } from '../../aether/v1/PromoteResponse.js';
import type { PublishRequest as _aether_v1_PublishRequest, PublishRequest__Output as _aether_v1_PublishRequest__Output } from '../../aether/v1/PublishRequest.js';
import type { PutCacheRequest as _aether_v1_PutCacheRequest, PutCacheRequest__Output as _aether_v1_PutCacheRequest__Output } from '../../aether/v1/PutCacheRequest.js';
import type { ReadFileRequest as _aether_v1_ReadFileRequest, ReadFileRequest__Output as _aether_v1_ReadFileRequest__Output } from '../../aether/v1/ReadFileRequest.js';
import type { RenameRequest as _aether_v1_RenameRequest, RenameRequest__Output as _aether_v1_RenameRequest__Output } from '../../aether/v1/RenameRequest.js';
import type { ResolveAnnotationRequest as _aether_v1_ResolveAnnotationRequest, ResolveAnnotationRequest__Output as _aether_v1_ResolveAnnotationRequest__Output } from '../../aether/v1/ResolveAnnotationRequest.js';
import type { RestoreRequest as _aether_v1_RestoreRequest, RestoreRequest__Output as _aether_v1_RestoreRequest__Output } from '../../aether/v1/RestoreRequest.js';
import type { SearchKnowledgeRequest as _aether_v1_SearchKnowledgeRequest, SearchKnowledgeRequest__Output as _aether_v1_SearchKnowledgeRequest__Output } from '../../aether/v1/SearchKnowledgeRequest.js';
import type { SearchKnowledgeResponse as _aether_v1_SearchKnowledgeResponse, SearchKnowledgeResponse__Output as _aether_v1_SearchKnowledgeResponse__Output } from '../../aether/v1/SearchKnowledgeResponse.js';
import type { Session as _aether_v1_Session, Session__Output as _aether_v1_Session__Output } from '../../aether/v1/Session.js';
import type { SessionRef as _aether_v1_SessionRef, SessionRef__Output as _aether_v1_SessionRef__Output } from '../../aether/v1/SessionRef.js';
import type { SubscribeRequest as _aether_v1_SubscribeRequest, SubscribeRequest__Output as _aether_v1_SubscribeRequest__Output } from '../../aether/v1/SubscribeRequest.js';
import type { WriteFileRequest as _aether_v1_WriteFileRequest, WriteFileRequest__Output as _aether_v1_WriteFileRequest__Output } from '../../aether/v1/WriteFileRequest.js';

/**
 * Workspaces: versioned sessions of files (SPEC section 5). The same operations as the HTTP /v1
 * routes. Fields named *_json carry JSON text (cache values, bus messages, event details).
 * Every mutation may carry expected_revision; a stale one fails with ABORTED and changes nothing.
 * Errors carry a reason in the "aether-reason" metadata (e.g. stale_revision, merge_conflict);
 * a merge conflict lists its conflicts as JSON in "aether-conflicts".
 */
export interface WorkspaceServiceClient extends grpc.Client {
  AddAnnotation(argument: _aether_v1_AddAnnotationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  AddAnnotation(argument: _aether_v1_AddAnnotationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  AddAnnotation(argument: _aether_v1_AddAnnotationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  AddAnnotation(argument: _aether_v1_AddAnnotationRequest, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  addAnnotation(argument: _aether_v1_AddAnnotationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  addAnnotation(argument: _aether_v1_AddAnnotationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  addAnnotation(argument: _aether_v1_AddAnnotationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  addAnnotation(argument: _aether_v1_AddAnnotationRequest, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  
  /**
   * Knowledge entries: durable notes about a source (title, markdown body, tags, links to
   * paths) that outlive the sessions that wrote them.
   */
  AddKnowledge(argument: _aether_v1_AddKnowledgeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  AddKnowledge(argument: _aether_v1_AddKnowledgeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  AddKnowledge(argument: _aether_v1_AddKnowledgeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  AddKnowledge(argument: _aether_v1_AddKnowledgeRequest, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  /**
   * Knowledge entries: durable notes about a source (title, markdown body, tags, links to
   * paths) that outlive the sessions that wrote them.
   */
  addKnowledge(argument: _aether_v1_AddKnowledgeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  addKnowledge(argument: _aether_v1_AddKnowledgeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  addKnowledge(argument: _aether_v1_AddKnowledgeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  addKnowledge(argument: _aether_v1_AddKnowledgeRequest, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  
  Archive(argument: _aether_v1_ArchiveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  Archive(argument: _aether_v1_ArchiveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  Archive(argument: _aether_v1_ArchiveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  Archive(argument: _aether_v1_ArchiveRequest, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  archive(argument: _aether_v1_ArchiveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  archive(argument: _aether_v1_ArchiveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  archive(argument: _aether_v1_ArchiveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  archive(argument: _aether_v1_ArchiveRequest, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  
  Batch(argument: _aether_v1_BatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  Batch(argument: _aether_v1_BatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  Batch(argument: _aether_v1_BatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  Batch(argument: _aether_v1_BatchRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  batch(argument: _aether_v1_BatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  batch(argument: _aether_v1_BatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  batch(argument: _aether_v1_BatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  batch(argument: _aether_v1_BatchRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  
  Commit(argument: _aether_v1_CommitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommitInfo__Output>): grpc.ClientUnaryCall;
  Commit(argument: _aether_v1_CommitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CommitInfo__Output>): grpc.ClientUnaryCall;
  Commit(argument: _aether_v1_CommitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommitInfo__Output>): grpc.ClientUnaryCall;
  Commit(argument: _aether_v1_CommitRequest, callback: grpc.requestCallback<_aether_v1_CommitInfo__Output>): grpc.ClientUnaryCall;
  commit(argument: _aether_v1_CommitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommitInfo__Output>): grpc.ClientUnaryCall;
  commit(argument: _aether_v1_CommitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CommitInfo__Output>): grpc.ClientUnaryCall;
  commit(argument: _aether_v1_CommitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CommitInfo__Output>): grpc.ClientUnaryCall;
  commit(argument: _aether_v1_CommitRequest, callback: grpc.requestCallback<_aether_v1_CommitInfo__Output>): grpc.ClientUnaryCall;
  
  CreateCheckpoint(argument: _aether_v1_CreateCheckpointRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Checkpoint__Output>): grpc.ClientUnaryCall;
  CreateCheckpoint(argument: _aether_v1_CreateCheckpointRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Checkpoint__Output>): grpc.ClientUnaryCall;
  CreateCheckpoint(argument: _aether_v1_CreateCheckpointRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Checkpoint__Output>): grpc.ClientUnaryCall;
  CreateCheckpoint(argument: _aether_v1_CreateCheckpointRequest, callback: grpc.requestCallback<_aether_v1_Checkpoint__Output>): grpc.ClientUnaryCall;
  createCheckpoint(argument: _aether_v1_CreateCheckpointRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Checkpoint__Output>): grpc.ClientUnaryCall;
  createCheckpoint(argument: _aether_v1_CreateCheckpointRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Checkpoint__Output>): grpc.ClientUnaryCall;
  createCheckpoint(argument: _aether_v1_CreateCheckpointRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Checkpoint__Output>): grpc.ClientUnaryCall;
  createCheckpoint(argument: _aether_v1_CreateCheckpointRequest, callback: grpc.requestCallback<_aether_v1_Checkpoint__Output>): grpc.ClientUnaryCall;
  
  CreateSession(argument: _aether_v1_CreateSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  CreateSession(argument: _aether_v1_CreateSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  CreateSession(argument: _aether_v1_CreateSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  CreateSession(argument: _aether_v1_CreateSessionRequest, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  createSession(argument: _aether_v1_CreateSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  createSession(argument: _aether_v1_CreateSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  createSession(argument: _aether_v1_CreateSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  createSession(argument: _aether_v1_CreateSessionRequest, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  
  Delete(argument: _aether_v1_PathsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  Delete(argument: _aether_v1_PathsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  Delete(argument: _aether_v1_PathsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  Delete(argument: _aether_v1_PathsRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  delete(argument: _aether_v1_PathsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  delete(argument: _aether_v1_PathsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  delete(argument: _aether_v1_PathsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  delete(argument: _aether_v1_PathsRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  
  DeleteCache(argument: _aether_v1_DeleteCacheRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_DeleteCacheResponse__Output>): grpc.ClientUnaryCall;
  DeleteCache(argument: _aether_v1_DeleteCacheRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_DeleteCacheResponse__Output>): grpc.ClientUnaryCall;
  DeleteCache(argument: _aether_v1_DeleteCacheRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_DeleteCacheResponse__Output>): grpc.ClientUnaryCall;
  DeleteCache(argument: _aether_v1_DeleteCacheRequest, callback: grpc.requestCallback<_aether_v1_DeleteCacheResponse__Output>): grpc.ClientUnaryCall;
  deleteCache(argument: _aether_v1_DeleteCacheRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_DeleteCacheResponse__Output>): grpc.ClientUnaryCall;
  deleteCache(argument: _aether_v1_DeleteCacheRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_DeleteCacheResponse__Output>): grpc.ClientUnaryCall;
  deleteCache(argument: _aether_v1_DeleteCacheRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_DeleteCacheResponse__Output>): grpc.ClientUnaryCall;
  deleteCache(argument: _aether_v1_DeleteCacheRequest, callback: grpc.requestCallback<_aether_v1_DeleteCacheResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteKnowledge(argument: _aether_v1_KnowledgeRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_DeleteKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  DeleteKnowledge(argument: _aether_v1_KnowledgeRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_DeleteKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  DeleteKnowledge(argument: _aether_v1_KnowledgeRef, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_DeleteKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  DeleteKnowledge(argument: _aether_v1_KnowledgeRef, callback: grpc.requestCallback<_aether_v1_DeleteKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  deleteKnowledge(argument: _aether_v1_KnowledgeRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_DeleteKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  deleteKnowledge(argument: _aether_v1_KnowledgeRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_DeleteKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  deleteKnowledge(argument: _aether_v1_KnowledgeRef, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_DeleteKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  deleteKnowledge(argument: _aether_v1_KnowledgeRef, callback: grpc.requestCallback<_aether_v1_DeleteKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  
  Export(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ExportResponse__Output>): grpc.ClientUnaryCall;
  Export(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ExportResponse__Output>): grpc.ClientUnaryCall;
  Export(argument: _aether_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ExportResponse__Output>): grpc.ClientUnaryCall;
  Export(argument: _aether_v1_SessionRef, callback: grpc.requestCallback<_aether_v1_ExportResponse__Output>): grpc.ClientUnaryCall;
  export(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ExportResponse__Output>): grpc.ClientUnaryCall;
  export(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ExportResponse__Output>): grpc.ClientUnaryCall;
  export(argument: _aether_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ExportResponse__Output>): grpc.ClientUnaryCall;
  export(argument: _aether_v1_SessionRef, callback: grpc.requestCallback<_aether_v1_ExportResponse__Output>): grpc.ClientUnaryCall;
  
  Fork(argument: _aether_v1_ForkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  Fork(argument: _aether_v1_ForkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  Fork(argument: _aether_v1_ForkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  Fork(argument: _aether_v1_ForkRequest, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  fork(argument: _aether_v1_ForkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  fork(argument: _aether_v1_ForkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  fork(argument: _aether_v1_ForkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  fork(argument: _aether_v1_ForkRequest, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  
  GetCache(argument: _aether_v1_CacheKey, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  GetCache(argument: _aether_v1_CacheKey, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  GetCache(argument: _aether_v1_CacheKey, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  GetCache(argument: _aether_v1_CacheKey, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  getCache(argument: _aether_v1_CacheKey, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  getCache(argument: _aether_v1_CacheKey, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  getCache(argument: _aether_v1_CacheKey, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  getCache(argument: _aether_v1_CacheKey, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  
  GetKnowledge(argument: _aether_v1_KnowledgeRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  GetKnowledge(argument: _aether_v1_KnowledgeRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  GetKnowledge(argument: _aether_v1_KnowledgeRef, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  GetKnowledge(argument: _aether_v1_KnowledgeRef, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  getKnowledge(argument: _aether_v1_KnowledgeRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  getKnowledge(argument: _aether_v1_KnowledgeRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  getKnowledge(argument: _aether_v1_KnowledgeRef, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  getKnowledge(argument: _aether_v1_KnowledgeRef, callback: grpc.requestCallback<_aether_v1_KnowledgeEntry__Output>): grpc.ClientUnaryCall;
  
  GetManifest(argument: _aether_v1_GetManifestRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Manifest__Output>): grpc.ClientUnaryCall;
  GetManifest(argument: _aether_v1_GetManifestRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Manifest__Output>): grpc.ClientUnaryCall;
  GetManifest(argument: _aether_v1_GetManifestRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Manifest__Output>): grpc.ClientUnaryCall;
  GetManifest(argument: _aether_v1_GetManifestRequest, callback: grpc.requestCallback<_aether_v1_Manifest__Output>): grpc.ClientUnaryCall;
  getManifest(argument: _aether_v1_GetManifestRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Manifest__Output>): grpc.ClientUnaryCall;
  getManifest(argument: _aether_v1_GetManifestRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Manifest__Output>): grpc.ClientUnaryCall;
  getManifest(argument: _aether_v1_GetManifestRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Manifest__Output>): grpc.ClientUnaryCall;
  getManifest(argument: _aether_v1_GetManifestRequest, callback: grpc.requestCallback<_aether_v1_Manifest__Output>): grpc.ClientUnaryCall;
  
  GetSession(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  GetSession(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  GetSession(argument: _aether_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  GetSession(argument: _aether_v1_SessionRef, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  getSession(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  getSession(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  getSession(argument: _aether_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  getSession(argument: _aether_v1_SessionRef, callback: grpc.requestCallback<_aether_v1_Session__Output>): grpc.ClientUnaryCall;
  
  ListAnnotations(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListAnnotationsResponse__Output>): grpc.ClientUnaryCall;
  ListAnnotations(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListAnnotationsResponse__Output>): grpc.ClientUnaryCall;
  ListAnnotations(argument: _aether_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListAnnotationsResponse__Output>): grpc.ClientUnaryCall;
  ListAnnotations(argument: _aether_v1_SessionRef, callback: grpc.requestCallback<_aether_v1_ListAnnotationsResponse__Output>): grpc.ClientUnaryCall;
  listAnnotations(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListAnnotationsResponse__Output>): grpc.ClientUnaryCall;
  listAnnotations(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListAnnotationsResponse__Output>): grpc.ClientUnaryCall;
  listAnnotations(argument: _aether_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListAnnotationsResponse__Output>): grpc.ClientUnaryCall;
  listAnnotations(argument: _aether_v1_SessionRef, callback: grpc.requestCallback<_aether_v1_ListAnnotationsResponse__Output>): grpc.ClientUnaryCall;
  
  ListCheckpoints(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListCheckpointsResponse__Output>): grpc.ClientUnaryCall;
  ListCheckpoints(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListCheckpointsResponse__Output>): grpc.ClientUnaryCall;
  ListCheckpoints(argument: _aether_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListCheckpointsResponse__Output>): grpc.ClientUnaryCall;
  ListCheckpoints(argument: _aether_v1_SessionRef, callback: grpc.requestCallback<_aether_v1_ListCheckpointsResponse__Output>): grpc.ClientUnaryCall;
  listCheckpoints(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListCheckpointsResponse__Output>): grpc.ClientUnaryCall;
  listCheckpoints(argument: _aether_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListCheckpointsResponse__Output>): grpc.ClientUnaryCall;
  listCheckpoints(argument: _aether_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListCheckpointsResponse__Output>): grpc.ClientUnaryCall;
  listCheckpoints(argument: _aether_v1_SessionRef, callback: grpc.requestCallback<_aether_v1_ListCheckpointsResponse__Output>): grpc.ClientUnaryCall;
  
  ListEvents(argument: _aether_v1_ListEventsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  ListEvents(argument: _aether_v1_ListEventsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  ListEvents(argument: _aether_v1_ListEventsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  ListEvents(argument: _aether_v1_ListEventsRequest, callback: grpc.requestCallback<_aether_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  listEvents(argument: _aether_v1_ListEventsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  listEvents(argument: _aether_v1_ListEventsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  listEvents(argument: _aether_v1_ListEventsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  listEvents(argument: _aether_v1_ListEventsRequest, callback: grpc.requestCallback<_aether_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  
  ListSessions(argument: _aether_v1_ListSessionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  ListSessions(argument: _aether_v1_ListSessionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  ListSessions(argument: _aether_v1_ListSessionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  ListSessions(argument: _aether_v1_ListSessionsRequest, callback: grpc.requestCallback<_aether_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _aether_v1_ListSessionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _aether_v1_ListSessionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _aether_v1_ListSessionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _aether_v1_ListSessionsRequest, callback: grpc.requestCallback<_aether_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  
  ListSources(argument: _aether_v1_ListSourcesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListSourcesResponse__Output>): grpc.ClientUnaryCall;
  ListSources(argument: _aether_v1_ListSourcesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListSourcesResponse__Output>): grpc.ClientUnaryCall;
  ListSources(argument: _aether_v1_ListSourcesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListSourcesResponse__Output>): grpc.ClientUnaryCall;
  ListSources(argument: _aether_v1_ListSourcesRequest, callback: grpc.requestCallback<_aether_v1_ListSourcesResponse__Output>): grpc.ClientUnaryCall;
  listSources(argument: _aether_v1_ListSourcesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListSourcesResponse__Output>): grpc.ClientUnaryCall;
  listSources(argument: _aether_v1_ListSourcesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListSourcesResponse__Output>): grpc.ClientUnaryCall;
  listSources(argument: _aether_v1_ListSourcesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListSourcesResponse__Output>): grpc.ClientUnaryCall;
  listSources(argument: _aether_v1_ListSourcesRequest, callback: grpc.requestCallback<_aether_v1_ListSourcesResponse__Output>): grpc.ClientUnaryCall;
  
  MakeDirs(argument: _aether_v1_PathsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  MakeDirs(argument: _aether_v1_PathsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  MakeDirs(argument: _aether_v1_PathsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  MakeDirs(argument: _aether_v1_PathsRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  makeDirs(argument: _aether_v1_PathsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  makeDirs(argument: _aether_v1_PathsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  makeDirs(argument: _aether_v1_PathsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  makeDirs(argument: _aether_v1_PathsRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  
  Merge(argument: _aether_v1_MergeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  Merge(argument: _aether_v1_MergeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  Merge(argument: _aether_v1_MergeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  Merge(argument: _aether_v1_MergeRequest, callback: grpc.requestCallback<_aether_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  merge(argument: _aether_v1_MergeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  merge(argument: _aether_v1_MergeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  merge(argument: _aether_v1_MergeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  merge(argument: _aether_v1_MergeRequest, callback: grpc.requestCallback<_aether_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  
  PatchSegments(argument: _aether_v1_PatchSegmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  PatchSegments(argument: _aether_v1_PatchSegmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  PatchSegments(argument: _aether_v1_PatchSegmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  PatchSegments(argument: _aether_v1_PatchSegmentsRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  patchSegments(argument: _aether_v1_PatchSegmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  patchSegments(argument: _aether_v1_PatchSegmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  patchSegments(argument: _aether_v1_PatchSegmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  patchSegments(argument: _aether_v1_PatchSegmentsRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  
  Promote(argument: _aether_v1_PromoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_PromoteResponse__Output>): grpc.ClientUnaryCall;
  Promote(argument: _aether_v1_PromoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_PromoteResponse__Output>): grpc.ClientUnaryCall;
  Promote(argument: _aether_v1_PromoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_PromoteResponse__Output>): grpc.ClientUnaryCall;
  Promote(argument: _aether_v1_PromoteRequest, callback: grpc.requestCallback<_aether_v1_PromoteResponse__Output>): grpc.ClientUnaryCall;
  promote(argument: _aether_v1_PromoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_PromoteResponse__Output>): grpc.ClientUnaryCall;
  promote(argument: _aether_v1_PromoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_PromoteResponse__Output>): grpc.ClientUnaryCall;
  promote(argument: _aether_v1_PromoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_PromoteResponse__Output>): grpc.ClientUnaryCall;
  promote(argument: _aether_v1_PromoteRequest, callback: grpc.requestCallback<_aether_v1_PromoteResponse__Output>): grpc.ClientUnaryCall;
  
  Publish(argument: _aether_v1_PublishRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_BusMessage__Output>): grpc.ClientUnaryCall;
  Publish(argument: _aether_v1_PublishRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_BusMessage__Output>): grpc.ClientUnaryCall;
  Publish(argument: _aether_v1_PublishRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_BusMessage__Output>): grpc.ClientUnaryCall;
  Publish(argument: _aether_v1_PublishRequest, callback: grpc.requestCallback<_aether_v1_BusMessage__Output>): grpc.ClientUnaryCall;
  publish(argument: _aether_v1_PublishRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_BusMessage__Output>): grpc.ClientUnaryCall;
  publish(argument: _aether_v1_PublishRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_BusMessage__Output>): grpc.ClientUnaryCall;
  publish(argument: _aether_v1_PublishRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_BusMessage__Output>): grpc.ClientUnaryCall;
  publish(argument: _aether_v1_PublishRequest, callback: grpc.requestCallback<_aether_v1_BusMessage__Output>): grpc.ClientUnaryCall;
  
  PutCache(argument: _aether_v1_PutCacheRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  PutCache(argument: _aether_v1_PutCacheRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  PutCache(argument: _aether_v1_PutCacheRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  PutCache(argument: _aether_v1_PutCacheRequest, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  putCache(argument: _aether_v1_PutCacheRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  putCache(argument: _aether_v1_PutCacheRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  putCache(argument: _aether_v1_PutCacheRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  putCache(argument: _aether_v1_PutCacheRequest, callback: grpc.requestCallback<_aether_v1_CacheValue__Output>): grpc.ClientUnaryCall;
  
  ReadFile(argument: _aether_v1_ReadFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_FileContent__Output>): grpc.ClientUnaryCall;
  ReadFile(argument: _aether_v1_ReadFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_FileContent__Output>): grpc.ClientUnaryCall;
  ReadFile(argument: _aether_v1_ReadFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_FileContent__Output>): grpc.ClientUnaryCall;
  ReadFile(argument: _aether_v1_ReadFileRequest, callback: grpc.requestCallback<_aether_v1_FileContent__Output>): grpc.ClientUnaryCall;
  readFile(argument: _aether_v1_ReadFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_FileContent__Output>): grpc.ClientUnaryCall;
  readFile(argument: _aether_v1_ReadFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_FileContent__Output>): grpc.ClientUnaryCall;
  readFile(argument: _aether_v1_ReadFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_FileContent__Output>): grpc.ClientUnaryCall;
  readFile(argument: _aether_v1_ReadFileRequest, callback: grpc.requestCallback<_aether_v1_FileContent__Output>): grpc.ClientUnaryCall;
  
  Rename(argument: _aether_v1_RenameRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  Rename(argument: _aether_v1_RenameRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  Rename(argument: _aether_v1_RenameRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  Rename(argument: _aether_v1_RenameRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  rename(argument: _aether_v1_RenameRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  rename(argument: _aether_v1_RenameRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  rename(argument: _aether_v1_RenameRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  rename(argument: _aether_v1_RenameRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  
  ResolveAnnotation(argument: _aether_v1_ResolveAnnotationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  ResolveAnnotation(argument: _aether_v1_ResolveAnnotationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  ResolveAnnotation(argument: _aether_v1_ResolveAnnotationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  ResolveAnnotation(argument: _aether_v1_ResolveAnnotationRequest, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  resolveAnnotation(argument: _aether_v1_ResolveAnnotationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  resolveAnnotation(argument: _aether_v1_ResolveAnnotationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  resolveAnnotation(argument: _aether_v1_ResolveAnnotationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  resolveAnnotation(argument: _aether_v1_ResolveAnnotationRequest, callback: grpc.requestCallback<_aether_v1_Annotation__Output>): grpc.ClientUnaryCall;
  
  Restore(argument: _aether_v1_RestoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  Restore(argument: _aether_v1_RestoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  Restore(argument: _aether_v1_RestoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  Restore(argument: _aether_v1_RestoreRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  restore(argument: _aether_v1_RestoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  restore(argument: _aether_v1_RestoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  restore(argument: _aether_v1_RestoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  restore(argument: _aether_v1_RestoreRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  
  /**
   * A source's entries, newest first, by tag and by text in the title or body (any case).
   */
  SearchKnowledge(argument: _aether_v1_SearchKnowledgeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_SearchKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  SearchKnowledge(argument: _aether_v1_SearchKnowledgeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_SearchKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  SearchKnowledge(argument: _aether_v1_SearchKnowledgeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_SearchKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  SearchKnowledge(argument: _aether_v1_SearchKnowledgeRequest, callback: grpc.requestCallback<_aether_v1_SearchKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A source's entries, newest first, by tag and by text in the title or body (any case).
   */
  searchKnowledge(argument: _aether_v1_SearchKnowledgeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_SearchKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  searchKnowledge(argument: _aether_v1_SearchKnowledgeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_SearchKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  searchKnowledge(argument: _aether_v1_SearchKnowledgeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_SearchKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  searchKnowledge(argument: _aether_v1_SearchKnowledgeRequest, callback: grpc.requestCallback<_aether_v1_SearchKnowledgeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Live messages on a topic from now on, until the client goes away.
   */
  Subscribe(argument: _aether_v1_SubscribeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_aether_v1_BusMessage__Output>;
  Subscribe(argument: _aether_v1_SubscribeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_aether_v1_BusMessage__Output>;
  /**
   * Live messages on a topic from now on, until the client goes away.
   */
  subscribe(argument: _aether_v1_SubscribeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_aether_v1_BusMessage__Output>;
  subscribe(argument: _aether_v1_SubscribeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_aether_v1_BusMessage__Output>;
  
  WriteFile(argument: _aether_v1_WriteFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  WriteFile(argument: _aether_v1_WriteFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  WriteFile(argument: _aether_v1_WriteFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  WriteFile(argument: _aether_v1_WriteFileRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  writeFile(argument: _aether_v1_WriteFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  writeFile(argument: _aether_v1_WriteFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  writeFile(argument: _aether_v1_WriteFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  writeFile(argument: _aether_v1_WriteFileRequest, callback: grpc.requestCallback<_aether_v1_Mutation__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Workspaces: versioned sessions of files (SPEC section 5). The same operations as the HTTP /v1
 * routes. Fields named *_json carry JSON text (cache values, bus messages, event details).
 * Every mutation may carry expected_revision; a stale one fails with ABORTED and changes nothing.
 * Errors carry a reason in the "aether-reason" metadata (e.g. stale_revision, merge_conflict);
 * a merge conflict lists its conflicts as JSON in "aether-conflicts".
 */
export interface WorkspaceServiceHandlers extends grpc.UntypedServiceImplementation {
  AddAnnotation: grpc.handleUnaryCall<_aether_v1_AddAnnotationRequest__Output, _aether_v1_Annotation>;
  
  /**
   * Knowledge entries: durable notes about a source (title, markdown body, tags, links to
   * paths) that outlive the sessions that wrote them.
   */
  AddKnowledge: grpc.handleUnaryCall<_aether_v1_AddKnowledgeRequest__Output, _aether_v1_KnowledgeEntry>;
  
  Archive: grpc.handleUnaryCall<_aether_v1_ArchiveRequest__Output, _aether_v1_Session>;
  
  Batch: grpc.handleUnaryCall<_aether_v1_BatchRequest__Output, _aether_v1_Mutation>;
  
  Commit: grpc.handleUnaryCall<_aether_v1_CommitRequest__Output, _aether_v1_CommitInfo>;
  
  CreateCheckpoint: grpc.handleUnaryCall<_aether_v1_CreateCheckpointRequest__Output, _aether_v1_Checkpoint>;
  
  CreateSession: grpc.handleUnaryCall<_aether_v1_CreateSessionRequest__Output, _aether_v1_Session>;
  
  Delete: grpc.handleUnaryCall<_aether_v1_PathsRequest__Output, _aether_v1_Mutation>;
  
  DeleteCache: grpc.handleUnaryCall<_aether_v1_DeleteCacheRequest__Output, _aether_v1_DeleteCacheResponse>;
  
  DeleteKnowledge: grpc.handleUnaryCall<_aether_v1_KnowledgeRef__Output, _aether_v1_DeleteKnowledgeResponse>;
  
  Export: grpc.handleUnaryCall<_aether_v1_SessionRef__Output, _aether_v1_ExportResponse>;
  
  Fork: grpc.handleUnaryCall<_aether_v1_ForkRequest__Output, _aether_v1_Session>;
  
  GetCache: grpc.handleUnaryCall<_aether_v1_CacheKey__Output, _aether_v1_CacheValue>;
  
  GetKnowledge: grpc.handleUnaryCall<_aether_v1_KnowledgeRef__Output, _aether_v1_KnowledgeEntry>;
  
  GetManifest: grpc.handleUnaryCall<_aether_v1_GetManifestRequest__Output, _aether_v1_Manifest>;
  
  GetSession: grpc.handleUnaryCall<_aether_v1_SessionRef__Output, _aether_v1_Session>;
  
  ListAnnotations: grpc.handleUnaryCall<_aether_v1_SessionRef__Output, _aether_v1_ListAnnotationsResponse>;
  
  ListCheckpoints: grpc.handleUnaryCall<_aether_v1_SessionRef__Output, _aether_v1_ListCheckpointsResponse>;
  
  ListEvents: grpc.handleUnaryCall<_aether_v1_ListEventsRequest__Output, _aether_v1_ListEventsResponse>;
  
  ListSessions: grpc.handleUnaryCall<_aether_v1_ListSessionsRequest__Output, _aether_v1_ListSessionsResponse>;
  
  ListSources: grpc.handleUnaryCall<_aether_v1_ListSourcesRequest__Output, _aether_v1_ListSourcesResponse>;
  
  MakeDirs: grpc.handleUnaryCall<_aether_v1_PathsRequest__Output, _aether_v1_Mutation>;
  
  Merge: grpc.handleUnaryCall<_aether_v1_MergeRequest__Output, _aether_v1_MergeResponse>;
  
  PatchSegments: grpc.handleUnaryCall<_aether_v1_PatchSegmentsRequest__Output, _aether_v1_Mutation>;
  
  Promote: grpc.handleUnaryCall<_aether_v1_PromoteRequest__Output, _aether_v1_PromoteResponse>;
  
  Publish: grpc.handleUnaryCall<_aether_v1_PublishRequest__Output, _aether_v1_BusMessage>;
  
  PutCache: grpc.handleUnaryCall<_aether_v1_PutCacheRequest__Output, _aether_v1_CacheValue>;
  
  ReadFile: grpc.handleUnaryCall<_aether_v1_ReadFileRequest__Output, _aether_v1_FileContent>;
  
  Rename: grpc.handleUnaryCall<_aether_v1_RenameRequest__Output, _aether_v1_Mutation>;
  
  ResolveAnnotation: grpc.handleUnaryCall<_aether_v1_ResolveAnnotationRequest__Output, _aether_v1_Annotation>;
  
  Restore: grpc.handleUnaryCall<_aether_v1_RestoreRequest__Output, _aether_v1_Mutation>;
  
  /**
   * A source's entries, newest first, by tag and by text in the title or body (any case).
   */
  SearchKnowledge: grpc.handleUnaryCall<_aether_v1_SearchKnowledgeRequest__Output, _aether_v1_SearchKnowledgeResponse>;
  
  /**
   * Live messages on a topic from now on, until the client goes away.
   */
  Subscribe: grpc.handleServerStreamingCall<_aether_v1_SubscribeRequest__Output, _aether_v1_BusMessage>;
  
  WriteFile: grpc.handleUnaryCall<_aether_v1_WriteFileRequest__Output, _aether_v1_Mutation>;
  
}

export interface WorkspaceServiceDefinition extends grpc.ServiceDefinition {
  AddAnnotation: MethodDefinition<_aether_v1_AddAnnotationRequest, _aether_v1_Annotation, _aether_v1_AddAnnotationRequest__Output, _aether_v1_Annotation__Output>
  AddKnowledge: MethodDefinition<_aether_v1_AddKnowledgeRequest, _aether_v1_KnowledgeEntry, _aether_v1_AddKnowledgeRequest__Output, _aether_v1_KnowledgeEntry__Output>
  Archive: MethodDefinition<_aether_v1_ArchiveRequest, _aether_v1_Session, _aether_v1_ArchiveRequest__Output, _aether_v1_Session__Output>
  Batch: MethodDefinition<_aether_v1_BatchRequest, _aether_v1_Mutation, _aether_v1_BatchRequest__Output, _aether_v1_Mutation__Output>
  Commit: MethodDefinition<_aether_v1_CommitRequest, _aether_v1_CommitInfo, _aether_v1_CommitRequest__Output, _aether_v1_CommitInfo__Output>
  CreateCheckpoint: MethodDefinition<_aether_v1_CreateCheckpointRequest, _aether_v1_Checkpoint, _aether_v1_CreateCheckpointRequest__Output, _aether_v1_Checkpoint__Output>
  CreateSession: MethodDefinition<_aether_v1_CreateSessionRequest, _aether_v1_Session, _aether_v1_CreateSessionRequest__Output, _aether_v1_Session__Output>
  Delete: MethodDefinition<_aether_v1_PathsRequest, _aether_v1_Mutation, _aether_v1_PathsRequest__Output, _aether_v1_Mutation__Output>
  DeleteCache: MethodDefinition<_aether_v1_DeleteCacheRequest, _aether_v1_DeleteCacheResponse, _aether_v1_DeleteCacheRequest__Output, _aether_v1_DeleteCacheResponse__Output>
  DeleteKnowledge: MethodDefinition<_aether_v1_KnowledgeRef, _aether_v1_DeleteKnowledgeResponse, _aether_v1_KnowledgeRef__Output, _aether_v1_DeleteKnowledgeResponse__Output>
  Export: MethodDefinition<_aether_v1_SessionRef, _aether_v1_ExportResponse, _aether_v1_SessionRef__Output, _aether_v1_ExportResponse__Output>
  Fork: MethodDefinition<_aether_v1_ForkRequest, _aether_v1_Session, _aether_v1_ForkRequest__Output, _aether_v1_Session__Output>
  GetCache: MethodDefinition<_aether_v1_CacheKey, _aether_v1_CacheValue, _aether_v1_CacheKey__Output, _aether_v1_CacheValue__Output>
  GetKnowledge: MethodDefinition<_aether_v1_KnowledgeRef, _aether_v1_KnowledgeEntry, _aether_v1_KnowledgeRef__Output, _aether_v1_KnowledgeEntry__Output>
  GetManifest: MethodDefinition<_aether_v1_GetManifestRequest, _aether_v1_Manifest, _aether_v1_GetManifestRequest__Output, _aether_v1_Manifest__Output>
  GetSession: MethodDefinition<_aether_v1_SessionRef, _aether_v1_Session, _aether_v1_SessionRef__Output, _aether_v1_Session__Output>
  ListAnnotations: MethodDefinition<_aether_v1_SessionRef, _aether_v1_ListAnnotationsResponse, _aether_v1_SessionRef__Output, _aether_v1_ListAnnotationsResponse__Output>
  ListCheckpoints: MethodDefinition<_aether_v1_SessionRef, _aether_v1_ListCheckpointsResponse, _aether_v1_SessionRef__Output, _aether_v1_ListCheckpointsResponse__Output>
  ListEvents: MethodDefinition<_aether_v1_ListEventsRequest, _aether_v1_ListEventsResponse, _aether_v1_ListEventsRequest__Output, _aether_v1_ListEventsResponse__Output>
  ListSessions: MethodDefinition<_aether_v1_ListSessionsRequest, _aether_v1_ListSessionsResponse, _aether_v1_ListSessionsRequest__Output, _aether_v1_ListSessionsResponse__Output>
  ListSources: MethodDefinition<_aether_v1_ListSourcesRequest, _aether_v1_ListSourcesResponse, _aether_v1_ListSourcesRequest__Output, _aether_v1_ListSourcesResponse__Output>
  MakeDirs: MethodDefinition<_aether_v1_PathsRequest, _aether_v1_Mutation, _aether_v1_PathsRequest__Output, _aether_v1_Mutation__Output>
  Merge: MethodDefinition<_aether_v1_MergeRequest, _aether_v1_MergeResponse, _aether_v1_MergeRequest__Output, _aether_v1_MergeResponse__Output>
  PatchSegments: MethodDefinition<_aether_v1_PatchSegmentsRequest, _aether_v1_Mutation, _aether_v1_PatchSegmentsRequest__Output, _aether_v1_Mutation__Output>
  Promote: MethodDefinition<_aether_v1_PromoteRequest, _aether_v1_PromoteResponse, _aether_v1_PromoteRequest__Output, _aether_v1_PromoteResponse__Output>
  Publish: MethodDefinition<_aether_v1_PublishRequest, _aether_v1_BusMessage, _aether_v1_PublishRequest__Output, _aether_v1_BusMessage__Output>
  PutCache: MethodDefinition<_aether_v1_PutCacheRequest, _aether_v1_CacheValue, _aether_v1_PutCacheRequest__Output, _aether_v1_CacheValue__Output>
  ReadFile: MethodDefinition<_aether_v1_ReadFileRequest, _aether_v1_FileContent, _aether_v1_ReadFileRequest__Output, _aether_v1_FileContent__Output>
  Rename: MethodDefinition<_aether_v1_RenameRequest, _aether_v1_Mutation, _aether_v1_RenameRequest__Output, _aether_v1_Mutation__Output>
  ResolveAnnotation: MethodDefinition<_aether_v1_ResolveAnnotationRequest, _aether_v1_Annotation, _aether_v1_ResolveAnnotationRequest__Output, _aether_v1_Annotation__Output>
  Restore: MethodDefinition<_aether_v1_RestoreRequest, _aether_v1_Mutation, _aether_v1_RestoreRequest__Output, _aether_v1_Mutation__Output>
  SearchKnowledge: MethodDefinition<_aether_v1_SearchKnowledgeRequest, _aether_v1_SearchKnowledgeResponse, _aether_v1_SearchKnowledgeRequest__Output, _aether_v1_SearchKnowledgeResponse__Output>
  Subscribe: MethodDefinition<_aether_v1_SubscribeRequest, _aether_v1_BusMessage, _aether_v1_SubscribeRequest__Output, _aether_v1_BusMessage__Output>
  WriteFile: MethodDefinition<_aether_v1_WriteFileRequest, _aether_v1_Mutation, _aether_v1_WriteFileRequest__Output, _aether_v1_Mutation__Output>
}
