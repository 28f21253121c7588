//! `WorkspaceService`: the workspace API over gRPC. Each method converts its request with
//! `aether_proto::convert::workspace`, makes the same [`Workspaces`] call the HTTP route makes,
//! and converts the result back.

use std::pin::Pin;

use aether_proto::{
    WireError,
    convert::workspace::{batch_ops, parse_json},
    v1::{self, workspace_service_server::WorkspaceService},
};
use aether_types::workspace::SessionFilter;
use aether_workspace::{Change, Workspaces};
use futures::Stream;
use tokio_stream::StreamExt;
use tonic::{Request, Response, Status};

use crate::{auth::grpc::caller, error::ApiError};

pub struct WorkspaceApi {
    ws: Workspaces,
}

impl WorkspaceApi {
    pub fn new(ws: Workspaces) -> Self {
        Self { ws }
    }
}

type Reply<T> = Result<Response<T>, Status>;

/// A service result as the method's reply.
fn reply<T, W: From<T>>(result: aether_workspace::Result<T>) -> Reply<W> {
    result
        .map(|value| Response::new(value.into()))
        .map_err(|err| ApiError::from(err).into())
}

fn malformed(err: WireError) -> Status {
    Status::invalid_argument(err.to_string())
}

/// A message whose `actor` says who acts, for the session's events.
trait Acting {
    fn actor_mut(&mut self) -> &mut Option<String>;
}

macro_rules! acting {
    ($($message:ty,)*) => {
        $(impl Acting for $message {
            fn actor_mut(&mut self) -> &mut Option<String> {
                &mut self.actor
            }
        })*
    };
}

acting!(
    v1::AddAnnotationRequest,
    v1::ArchiveRequest,
    v1::BatchRequest,
    v1::CommitRequest,
    v1::CreateCheckpointRequest,
    v1::CreateSessionRequest,
    v1::DeleteCacheRequest,
    v1::ForkRequest,
    v1::MergeRequest,
    v1::PatchSegmentsRequest,
    v1::PathsRequest,
    v1::PromoteRequest,
    v1::PublishRequest,
    v1::PutCacheRequest,
    v1::RenameRequest,
    v1::ResolveAnnotationRequest,
    v1::RestoreRequest,
    v1::WriteFileRequest,
);

/// The request's message, with the caller's key name as its actor when auth is on: who acts
/// is the key, not what the message claims.
fn acting<T: Acting>(request: Request<T>) -> T {
    let caller = caller(&request);
    let mut message = request.into_inner();
    if let Some(name) = caller.name() {
        *message.actor_mut() = Some(name.to_owned());
    }
    message
}

/// A cache value or bus message: refused by its length before it is parsed, since a parsed
/// `Value` takes many times the bytes of its text.
fn value_json(field: &'static str, text: &str) -> Result<serde_json::Value, Status> {
    use aether_workspace::limits::MAX_VALUE_BYTES;
    if text.len() > MAX_VALUE_BYTES {
        return Err(ApiError::new(
            aether_types::ErrorCode::TooLarge,
            format!(
                "{field} is {} bytes; the limit is {MAX_VALUE_BYTES}",
                text.len()
            ),
        )
        .into());
    }
    parse_json(field, text).map_err(malformed)
}

fn session_ref(request: Request<v1::SessionRef>) -> String {
    request.into_inner().session_id
}

type BusStream = Pin<Box<dyn Stream<Item = Result<v1::BusMessage, Status>> + Send>>;

#[tonic::async_trait]
impl WorkspaceService for WorkspaceApi {
    type SubscribeStream = BusStream;

    async fn create_session(
        &self,
        request: Request<v1::CreateSessionRequest>,
    ) -> Reply<v1::Session> {
        let mut req = acting(request);
        let actor = req.actor.take();
        reply(self.ws.create(req.into(), &actor).await)
    }

    async fn get_session(&self, request: Request<v1::SessionRef>) -> Reply<v1::Session> {
        reply(self.ws.get(&session_ref(request)).await)
    }

    async fn list_sessions(
        &self,
        request: Request<v1::ListSessionsRequest>,
    ) -> Reply<v1::ListSessionsResponse> {
        let filter = SessionFilter::from(request.into_inner());
        reply(self.ws.list(&filter).await)
    }

    async fn get_manifest(&self, request: Request<v1::GetManifestRequest>) -> Reply<v1::Manifest> {
        let req = request.into_inner();
        reply(
            self.ws
                .manifest(&req.session_id, req.checkpoint.as_deref())
                .await,
        )
    }

    async fn read_file(&self, request: Request<v1::ReadFileRequest>) -> Reply<v1::FileContent> {
        let req = request.into_inner();
        reply(
            self.ws
                .read(
                    &req.session_id,
                    &req.path,
                    req.offset,
                    req.length,
                    req.checkpoint.as_deref(),
                )
                .await,
        )
    }

    async fn write_file(&self, request: Request<v1::WriteFileRequest>) -> Reply<v1::Mutation> {
        let req = acting(request);
        let change = Change::new(req.session_id, req.expected_revision, req.actor);
        reply(
            self.ws
                .write(&change, &req.path, req.content, req.mode)
                .await,
        )
    }

    async fn make_dirs(&self, request: Request<v1::PathsRequest>) -> Reply<v1::Mutation> {
        let req = acting(request);
        let change = Change::new(req.session_id, req.expected_revision, req.actor);
        reply(self.ws.mkdirs(&change, &req.paths).await)
    }

    async fn rename(&self, request: Request<v1::RenameRequest>) -> Reply<v1::Mutation> {
        let req = acting(request);
        let change = Change::new(req.session_id, req.expected_revision, req.actor);
        reply(self.ws.rename(&change, &req.from, &req.to).await)
    }

    async fn delete(&self, request: Request<v1::PathsRequest>) -> Reply<v1::Mutation> {
        let req = acting(request);
        let change = Change::new(req.session_id, req.expected_revision, req.actor);
        reply(self.ws.delete(&change, &req.paths).await)
    }

    async fn batch(&self, request: Request<v1::BatchRequest>) -> Reply<v1::Mutation> {
        let req = acting(request);
        let ops = batch_ops(req.ops).map_err(malformed)?;
        let change = Change::new(req.session_id, req.expected_revision, req.actor);
        reply(self.ws.batch(&change, ops).await)
    }

    async fn patch_segments(
        &self,
        request: Request<v1::PatchSegmentsRequest>,
    ) -> Reply<v1::Mutation> {
        let req = acting(request);
        let segments = req.segments.into_iter().map(Into::into).collect();
        let change = Change::new(req.session_id, req.expected_revision, req.actor);
        reply(
            self.ws
                .patch_segments(&change, &req.path, segments, req.truncate)
                .await,
        )
    }

    async fn get_cache(&self, request: Request<v1::CacheKey>) -> Reply<v1::CacheValue> {
        let req = request.into_inner();
        reply(self.ws.cache_get(&req.session_id, &req.key).await)
    }

    async fn put_cache(&self, request: Request<v1::PutCacheRequest>) -> Reply<v1::CacheValue> {
        let req = acting(request);
        let value = value_json("value_json", &req.value_json)?;
        let (id, key, actor) = (&req.session_id, &req.key, &req.actor);
        reply(
            self.ws
                .cache_put(id, key, value, req.if_version, req.ttl_ms, actor)
                .await,
        )
    }

    async fn delete_cache(
        &self,
        request: Request<v1::DeleteCacheRequest>,
    ) -> Reply<v1::DeleteCacheResponse> {
        let req = acting(request);
        let deleted = self
            .ws
            .cache_delete(&req.session_id, &req.key, req.if_version, &req.actor)
            .await;
        reply(deleted.map(|()| v1::DeleteCacheResponse {}))
    }

    async fn publish(&self, request: Request<v1::PublishRequest>) -> Reply<v1::BusMessage> {
        let req = acting(request);
        let message = value_json("message_json", &req.message_json)?;
        reply(
            self.ws
                .publish(&req.session_id, &req.topic, message, &req.actor)
                .await,
        )
    }

    async fn subscribe(
        &self,
        request: Request<v1::SubscribeRequest>,
    ) -> Reply<Self::SubscribeStream> {
        let req = request.into_inner();
        let subscription = self
            .ws
            .subscribe(&req.session_id, &req.topic)
            .await
            .map_err(ApiError::from)?;
        let stream = subscription.map(|item| {
            item.map(Into::into)
                .map_err(|lagged| Status::data_loss(format!("subscriber fell behind: {lagged}")))
        });
        Ok(Response::new(Box::pin(stream)))
    }

    async fn add_annotation(
        &self,
        request: Request<v1::AddAnnotationRequest>,
    ) -> Reply<v1::Annotation> {
        let mut req = acting(request);
        let (id, actor) = (std::mem::take(&mut req.session_id), req.actor.take());
        reply(self.ws.annotate(&id, req.into(), &actor).await)
    }

    async fn list_annotations(
        &self,
        request: Request<v1::SessionRef>,
    ) -> Reply<v1::ListAnnotationsResponse> {
        reply(self.ws.annotations(&session_ref(request)).await)
    }

    async fn resolve_annotation(
        &self,
        request: Request<v1::ResolveAnnotationRequest>,
    ) -> Reply<v1::Annotation> {
        let req = acting(request);
        let (id, note, actor) = (&req.session_id, &req.annotation_id, &req.actor);
        reply(self.ws.resolve(id, note, req.resolved, actor).await)
    }

    async fn list_events(
        &self,
        request: Request<v1::ListEventsRequest>,
    ) -> Reply<v1::ListEventsResponse> {
        let req = request.into_inner();
        let limit = req.limit.map(|l| usize::try_from(l).unwrap_or(usize::MAX));
        reply(self.ws.events(&req.session_id, req.after, limit).await)
    }

    async fn create_checkpoint(
        &self,
        request: Request<v1::CreateCheckpointRequest>,
    ) -> Reply<v1::Checkpoint> {
        let req = acting(request);
        let change = Change::new(req.session_id, req.expected_revision, req.actor);
        reply(self.ws.checkpoint(&change, req.name).await)
    }

    async fn list_checkpoints(
        &self,
        request: Request<v1::SessionRef>,
    ) -> Reply<v1::ListCheckpointsResponse> {
        reply(self.ws.checkpoints(&session_ref(request)).await)
    }

    async fn restore(&self, request: Request<v1::RestoreRequest>) -> Reply<v1::Mutation> {
        let req = acting(request);
        let change = Change::new(req.session_id, req.expected_revision, req.actor);
        reply(self.ws.restore(&change, &req.checkpoint_id).await)
    }

    async fn fork(&self, request: Request<v1::ForkRequest>) -> Reply<v1::Session> {
        let req = acting(request);
        let labels = req.labels.into_iter().collect();
        reply(
            self.ws
                .fork(&req.session_id, req.new_id, labels, &req.actor)
                .await,
        )
    }

    async fn commit(&self, request: Request<v1::CommitRequest>) -> Reply<v1::CommitInfo> {
        let req = acting(request);
        let change = Change::new(req.session_id, req.expected_revision, req.actor);
        reply(
            self.ws
                .commit(&change, &req.message, &req.author, req.source)
                .await,
        )
    }

    async fn merge(&self, request: Request<v1::MergeRequest>) -> Reply<v1::MergeResponse> {
        let req = acting(request);
        let change = Change::new(req.session_id, req.expected_revision, req.actor);
        reply(self.ws.merge(&change, &req.from).await)
    }

    async fn promote(&self, request: Request<v1::PromoteRequest>) -> Reply<v1::PromoteResponse> {
        let req = acting(request);
        let change = Change::new(req.session_id, req.expected_revision, req.actor);
        reply(
            self.ws
                .promote(&change, req.source, &req.author, req.force)
                .await,
        )
    }

    async fn export(&self, request: Request<v1::SessionRef>) -> Reply<v1::ExportResponse> {
        reply(self.ws.export(&session_ref(request)).await)
    }

    async fn archive(&self, request: Request<v1::ArchiveRequest>) -> Reply<v1::Session> {
        let req = acting(request);
        let change = Change::new(req.session_id, req.expected_revision, req.actor);
        reply(self.ws.archive(&change).await)
    }

    async fn list_sources(
        &self,
        _: Request<v1::ListSourcesRequest>,
    ) -> Reply<v1::ListSourcesResponse> {
        reply(self.ws.sources().await)
    }

    async fn add_knowledge(
        &self,
        request: Request<v1::AddKnowledgeRequest>,
    ) -> Reply<v1::KnowledgeEntry> {
        let entry = request.into_inner().into();
        reply(self.ws.add_knowledge(entry, &None).await)
    }

    async fn search_knowledge(
        &self,
        request: Request<v1::SearchKnowledgeRequest>,
    ) -> Reply<v1::SearchKnowledgeResponse> {
        let filter = request.into_inner().into();
        reply(self.ws.search_knowledge(&filter).await)
    }

    async fn get_knowledge(&self, request: Request<v1::KnowledgeRef>) -> Reply<v1::KnowledgeEntry> {
        reply(self.ws.knowledge(&request.into_inner().id).await)
    }

    async fn delete_knowledge(
        &self,
        request: Request<v1::KnowledgeRef>,
    ) -> Reply<v1::DeleteKnowledgeResponse> {
        self.ws
            .delete_knowledge(&request.into_inner().id)
            .await
            .map(|()| Response::new(v1::DeleteKnowledgeResponse {}))
            .map_err(|err| ApiError::from(err).into())
    }
}
