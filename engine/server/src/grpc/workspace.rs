//! `WorkspaceService`: the workspace API over gRPC, translated to and from the same
//! [`Workspaces`] calls the HTTP routes make.

use std::{collections::BTreeMap, pin::Pin};

use aether_proto::v1::{self, workspace_service_server::WorkspaceService};
use aether_store::workspace::{SessionFilter, SessionState};
use aether_workspace::{
    Workspaces,
    model::{self, BatchOp, Content, CreateSession, NewAnnotation, Origin, Segment},
};
use futures::Stream;
use tokio_stream::{StreamExt, wrappers::BroadcastStream};
use tonic::{Request, Response, Status};

use crate::error::ApiError;

pub struct WorkspaceApi {
    ws: Workspaces,
}

impl WorkspaceApi {
    pub fn new(ws: Workspaces) -> Self {
        Self { ws }
    }
}

type Reply<T> = Result<Response<T>, Status>;

fn fail(err: aether_workspace::Error) -> Status {
    ApiError::from(err).into()
}

fn parse_json(field: &str, text: &str) -> Result<serde_json::Value, Status> {
    serde_json::from_str(text)
        .map_err(|e| Status::invalid_argument(format!("{field} is not JSON: {e}")))
}

fn bytes_content(bytes: Vec<u8>) -> Content {
    Content {
        content: None,
        content_base64: Some(model::base64(&bytes)),
    }
}

fn session(s: model::Session) -> v1::Session {
    v1::Session {
        id: s.id,
        revision: s.revision,
        root: s.root,
        state: s.state,
        source: s.source,
        base_commit: s.base_commit,
        last_commit: s.last_commit,
        parent_session_id: s.parent.as_ref().map(|p| p.session_id.clone()),
        parent_revision: s.parent.map(|p| p.revision),
        origin_json: s.origin.to_string(),
        labels: s.labels.into_iter().collect(),
        size_bytes: s.size_bytes,
        file_count: s.file_count,
        event_count: s.event_count,
        created_at: s.created_at,
        updated_at: s.updated_at,
    }
}

fn mutation(m: model::Mutation) -> v1::Mutation {
    v1::Mutation {
        session_id: m.session_id,
        revision: m.revision,
        root: m.root,
        event_seq: m.event_seq,
    }
}

fn checkpoint(c: model::Checkpoint) -> v1::Checkpoint {
    v1::Checkpoint {
        id: c.id,
        session_id: c.session_id,
        name: c.name,
        revision: c.revision,
        root: c.root,
        size_bytes: c.size_bytes,
        file_count: c.file_count,
        created_at: c.created_at,
    }
}

fn commit_info(c: model::Commit) -> v1::CommitInfo {
    v1::CommitInfo {
        id: c.id,
        source: c.source,
        session_id: c.session_id,
        parent: c.parent,
        root: c.root,
        size_bytes: c.size_bytes,
        file_count: c.file_count,
        message: c.message,
        author: c.author,
        created_at: c.created_at,
    }
}

fn source(s: model::Source) -> v1::Source {
    v1::Source {
        name: s.name,
        head_commit: s.head_commit,
        root: s.root,
        size_bytes: s.size_bytes,
        file_count: s.file_count,
        created_at: s.created_at,
        updated_at: s.updated_at,
    }
}

fn annotation(a: model::Annotation) -> v1::Annotation {
    v1::Annotation {
        id: a.id,
        session_id: a.session_id,
        path: a.path,
        line_start: a.line_start,
        line_end: a.line_end,
        author: a.author,
        body: a.body,
        resolved: a.resolved,
        created_at: a.created_at,
        updated_at: a.updated_at,
    }
}

fn cache_value(c: model::CacheValue) -> v1::CacheValue {
    v1::CacheValue {
        key: c.key,
        value_json: c.value.to_string(),
        version: c.version,
        expires_at: c.expires_at,
        updated_at: c.updated_at,
    }
}

fn bus_message(m: model::BusMessage) -> v1::BusMessage {
    v1::BusMessage {
        session_id: m.session_id,
        topic: m.topic,
        message_json: m.message.to_string(),
        actor: m.actor,
        event_seq: m.event_seq,
        at: m.at,
    }
}

type BusStream = Pin<Box<dyn Stream<Item = Result<v1::BusMessage, Status>> + Send>>;

#[tonic::async_trait]
impl WorkspaceService for WorkspaceApi {
    type SubscribeStream = BusStream;

    async fn create_session(
        &self,
        request: Request<v1::CreateSessionRequest>,
    ) -> Reply<v1::Session> {
        use v1::create_session_request::From as F;
        let req = request.into_inner();
        let from = match req.from {
            None | Some(F::Blank(_)) => Origin::Blank,
            Some(F::Source(name)) => Origin::Source { name },
            Some(F::CheckpointId(checkpoint_id)) => Origin::Checkpoint { checkpoint_id },
            Some(F::Git(git)) => Origin::Git {
                path: git.path,
                reference: if git.r#ref.is_empty() {
                    "HEAD".into()
                } else {
                    git.r#ref
                },
            },
            Some(F::TarGz(bytes)) => Origin::Archive {
                tar_gz_base64: model::base64(&bytes),
            },
        };
        let request = CreateSession {
            id: req.id,
            from: Some(from),
            labels: req.labels.into_iter().collect(),
        };
        let created = self.ws.create(request, &req.actor).await.map_err(fail)?;
        Ok(Response::new(session(created)))
    }

    async fn get_session(&self, request: Request<v1::SessionRef>) -> Reply<v1::Session> {
        let found = self
            .ws
            .get(&request.into_inner().session_id)
            .await
            .map_err(fail)?;
        Ok(Response::new(session(found)))
    }

    async fn list_sessions(
        &self,
        request: Request<v1::ListSessionsRequest>,
    ) -> Reply<v1::ListSessionsResponse> {
        let req = request.into_inner();
        let state = req
            .state
            .map(|s| {
                SessionState::parse(&s).ok_or_else(|| {
                    Status::invalid_argument(format!("state must be active or archived, not {s:?}"))
                })
            })
            .transpose()?;
        let filter = SessionFilter {
            state,
            source: req.source,
            parent: req.parent,
            labels: req.labels.into_iter().collect::<BTreeMap<_, _>>(),
            limit: Some(req.limit.map_or(100, |l| l as usize).min(1000)),
        };
        let sessions = self.ws.list(&filter).await.map_err(fail)?;
        Ok(Response::new(v1::ListSessionsResponse {
            sessions: sessions.into_iter().map(session).collect(),
        }))
    }

    async fn get_manifest(&self, request: Request<v1::SessionRef>) -> Reply<v1::Manifest> {
        let m = self
            .ws
            .manifest(&request.into_inner().session_id)
            .await
            .map_err(fail)?;
        Ok(Response::new(v1::Manifest {
            session_id: m.session_id,
            revision: m.revision,
            root: m.root,
            size_bytes: m.size_bytes,
            file_count: m.file_count,
            entries: m
                .entries
                .into_iter()
                .map(|e| v1::ManifestEntry {
                    path: e.path,
                    kind: e.kind.as_str().to_owned(),
                    size: e.size,
                    hash: e.hash,
                    mode: e.mode,
                })
                .collect(),
        }))
    }

    async fn read_file(&self, request: Request<v1::ReadFileRequest>) -> Reply<v1::FileContent> {
        let req = request.into_inner();
        let f = self
            .ws
            .read(&req.session_id, &req.path, req.offset, req.length)
            .await
            .map_err(fail)?;
        Ok(Response::new(v1::FileContent {
            path: f.path,
            revision: f.revision,
            hash: f.hash,
            mode: f.mode,
            kind: f.kind.as_str().to_owned(),
            size: f.size,
            offset: f.offset,
            data: f.data,
        }))
    }

    async fn write_file(&self, request: Request<v1::WriteFileRequest>) -> Reply<v1::Mutation> {
        let req = request.into_inner();
        let m = self
            .ws
            .write(
                &req.session_id,
                &req.path,
                req.content,
                req.mode,
                req.expected_revision,
                &req.actor,
            )
            .await
            .map_err(fail)?;
        Ok(Response::new(mutation(m)))
    }

    async fn make_dirs(&self, request: Request<v1::PathsRequest>) -> Reply<v1::Mutation> {
        let req = request.into_inner();
        let m = self
            .ws
            .mkdirs(
                &req.session_id,
                &req.paths,
                req.expected_revision,
                &req.actor,
            )
            .await
            .map_err(fail)?;
        Ok(Response::new(mutation(m)))
    }

    async fn rename(&self, request: Request<v1::RenameRequest>) -> Reply<v1::Mutation> {
        let req = request.into_inner();
        let m = self
            .ws
            .rename(
                &req.session_id,
                &req.from,
                &req.to,
                req.expected_revision,
                &req.actor,
            )
            .await
            .map_err(fail)?;
        Ok(Response::new(mutation(m)))
    }

    async fn delete(&self, request: Request<v1::PathsRequest>) -> Reply<v1::Mutation> {
        let req = request.into_inner();
        let m = self
            .ws
            .delete(
                &req.session_id,
                &req.paths,
                req.expected_revision,
                &req.actor,
            )
            .await
            .map_err(fail)?;
        Ok(Response::new(mutation(m)))
    }

    async fn batch(&self, request: Request<v1::BatchRequest>) -> Reply<v1::Mutation> {
        use v1::batch_op::Op;
        let req = request.into_inner();
        let mut ops = Vec::with_capacity(req.ops.len());
        for (index, op) in req.ops.into_iter().enumerate() {
            ops.push(match op.op {
                Some(Op::Write(w)) => BatchOp::Write {
                    path: w.path,
                    content: bytes_content(w.content),
                    mode: w.mode,
                },
                Some(Op::Delete(path)) => BatchOp::Delete { path },
                Some(Op::Mkdir(path)) => BatchOp::Mkdir { path },
                Some(Op::Rename(r)) => BatchOp::Rename {
                    from: r.from,
                    to: r.to,
                },
                None => {
                    return Err(Status::invalid_argument(format!(
                        "operation {index} is empty"
                    )));
                }
            });
        }
        let m = self
            .ws
            .batch(&req.session_id, ops, req.expected_revision, &req.actor)
            .await
            .map_err(fail)?;
        Ok(Response::new(mutation(m)))
    }

    async fn patch_segments(
        &self,
        request: Request<v1::PatchSegmentsRequest>,
    ) -> Reply<v1::Mutation> {
        let req = request.into_inner();
        let segments = req
            .segments
            .into_iter()
            .map(|s| Segment {
                offset: s.offset,
                content: bytes_content(s.content),
            })
            .collect();
        let m = self
            .ws
            .patch_segments(
                &req.session_id,
                &req.path,
                segments,
                req.truncate,
                req.expected_revision,
                &req.actor,
            )
            .await
            .map_err(fail)?;
        Ok(Response::new(mutation(m)))
    }

    async fn get_cache(&self, request: Request<v1::CacheKey>) -> Reply<v1::CacheValue> {
        let req = request.into_inner();
        let value = self
            .ws
            .cache_get(&req.session_id, &req.key)
            .await
            .map_err(fail)?;
        Ok(Response::new(cache_value(value)))
    }

    async fn put_cache(&self, request: Request<v1::PutCacheRequest>) -> Reply<v1::CacheValue> {
        let req = request.into_inner();
        let value = parse_json("value_json", &req.value_json)?;
        let stored = self
            .ws
            .cache_put(
                &req.session_id,
                &req.key,
                value,
                req.if_version,
                req.ttl_ms,
                &req.actor,
            )
            .await
            .map_err(fail)?;
        Ok(Response::new(cache_value(stored)))
    }

    async fn delete_cache(
        &self,
        request: Request<v1::DeleteCacheRequest>,
    ) -> Reply<v1::DeleteCacheResponse> {
        let req = request.into_inner();
        self.ws
            .cache_delete(&req.session_id, &req.key, req.if_version, &req.actor)
            .await
            .map_err(fail)?;
        Ok(Response::new(v1::DeleteCacheResponse {}))
    }

    async fn publish(&self, request: Request<v1::PublishRequest>) -> Reply<v1::BusMessage> {
        let req = request.into_inner();
        let message = parse_json("message_json", &req.message_json)?;
        let published = self
            .ws
            .publish(&req.session_id, &req.topic, message, &req.actor)
            .await
            .map_err(fail)?;
        Ok(Response::new(bus_message(published)))
    }

    async fn subscribe(
        &self,
        request: Request<v1::SubscribeRequest>,
    ) -> Reply<Self::SubscribeStream> {
        let req = request.into_inner();
        let receiver = self
            .ws
            .subscribe(&req.session_id, &req.topic)
            .await
            .map_err(fail)?;
        let stream = BroadcastStream::new(receiver).map(|item| {
            item.map(bus_message)
                .map_err(|lagged| Status::data_loss(format!("subscriber fell behind: {lagged}")))
        });
        Ok(Response::new(Box::pin(stream)))
    }

    async fn add_annotation(
        &self,
        request: Request<v1::AddAnnotationRequest>,
    ) -> Reply<v1::Annotation> {
        let req = request.into_inner();
        let note = NewAnnotation {
            path: req.path,
            line_start: req.line_start,
            line_end: req.line_end,
            author: req.author,
            body: req.body,
        };
        let added = self
            .ws
            .annotate(&req.session_id, note, &req.actor)
            .await
            .map_err(fail)?;
        Ok(Response::new(annotation(added)))
    }

    async fn list_annotations(
        &self,
        request: Request<v1::SessionRef>,
    ) -> Reply<v1::ListAnnotationsResponse> {
        let notes = self
            .ws
            .annotations(&request.into_inner().session_id)
            .await
            .map_err(fail)?;
        Ok(Response::new(v1::ListAnnotationsResponse {
            annotations: notes.into_iter().map(annotation).collect(),
        }))
    }

    async fn resolve_annotation(
        &self,
        request: Request<v1::ResolveAnnotationRequest>,
    ) -> Reply<v1::Annotation> {
        let req = request.into_inner();
        let note = self
            .ws
            .resolve(
                &req.session_id,
                &req.annotation_id,
                req.resolved,
                &req.actor,
            )
            .await
            .map_err(fail)?;
        Ok(Response::new(annotation(note)))
    }

    async fn list_events(
        &self,
        request: Request<v1::ListEventsRequest>,
    ) -> Reply<v1::ListEventsResponse> {
        let req = request.into_inner();
        let page = self
            .ws
            .events(
                &req.session_id,
                req.after,
                req.limit.map_or(100, |l| l as usize),
            )
            .await
            .map_err(fail)?;
        Ok(Response::new(v1::ListEventsResponse {
            events: page
                .events
                .into_iter()
                .map(|e| v1::Event {
                    seq: e.seq,
                    revision: e.revision,
                    kind: e.kind,
                    actor: e.actor,
                    detail_json: e.detail.to_string(),
                    at: e.at,
                })
                .collect(),
            next: page.next,
        }))
    }

    async fn create_checkpoint(
        &self,
        request: Request<v1::CreateCheckpointRequest>,
    ) -> Reply<v1::Checkpoint> {
        let req = request.into_inner();
        let made = self
            .ws
            .checkpoint(&req.session_id, req.name, req.expected_revision, &req.actor)
            .await
            .map_err(fail)?;
        Ok(Response::new(checkpoint(made)))
    }

    async fn list_checkpoints(
        &self,
        request: Request<v1::SessionRef>,
    ) -> Reply<v1::ListCheckpointsResponse> {
        let found = self
            .ws
            .checkpoints(&request.into_inner().session_id)
            .await
            .map_err(fail)?;
        Ok(Response::new(v1::ListCheckpointsResponse {
            checkpoints: found.into_iter().map(checkpoint).collect(),
        }))
    }

    async fn restore(&self, request: Request<v1::RestoreRequest>) -> Reply<v1::Mutation> {
        let req = request.into_inner();
        let m = self
            .ws
            .restore(
                &req.session_id,
                &req.checkpoint_id,
                req.expected_revision,
                &req.actor,
            )
            .await
            .map_err(fail)?;
        Ok(Response::new(mutation(m)))
    }

    async fn fork(&self, request: Request<v1::ForkRequest>) -> Reply<v1::Session> {
        let req = request.into_inner();
        let forked = self
            .ws
            .fork(
                &req.session_id,
                req.new_id,
                req.labels.into_iter().collect(),
                &req.actor,
            )
            .await
            .map_err(fail)?;
        Ok(Response::new(session(forked)))
    }

    async fn commit(&self, request: Request<v1::CommitRequest>) -> Reply<v1::CommitInfo> {
        let req = request.into_inner();
        let made = self
            .ws
            .commit(
                &req.session_id,
                &req.message,
                &req.author,
                req.source,
                req.expected_revision,
                &req.actor,
            )
            .await
            .map_err(fail)?;
        Ok(Response::new(commit_info(made)))
    }

    async fn merge(&self, request: Request<v1::MergeRequest>) -> Reply<v1::MergeResponse> {
        let req = request.into_inner();
        let merged = self
            .ws
            .merge(
                &req.session_id,
                &req.from,
                req.expected_revision,
                &req.actor,
            )
            .await
            .map_err(fail)?;
        Ok(Response::new(v1::MergeResponse {
            mutation: Some(mutation(merged.mutation)),
            ancestor: merged.ancestor,
            changed: merged.changed,
            combined: merged.combined,
        }))
    }

    async fn promote(&self, request: Request<v1::PromoteRequest>) -> Reply<v1::PromoteResponse> {
        let req = request.into_inner();
        let promoted = self
            .ws
            .promote(
                &req.session_id,
                req.source,
                &req.author,
                req.force,
                req.expected_revision,
                &req.actor,
            )
            .await
            .map_err(fail)?;
        Ok(Response::new(v1::PromoteResponse {
            source: Some(source(promoted.source)),
            commit: Some(commit_info(promoted.commit)),
        }))
    }

    async fn export(&self, request: Request<v1::SessionRef>) -> Reply<v1::ExportResponse> {
        let (revision, tar_gz) = self
            .ws
            .export(&request.into_inner().session_id)
            .await
            .map_err(fail)?;
        Ok(Response::new(v1::ExportResponse { revision, tar_gz }))
    }

    async fn archive(&self, request: Request<v1::ArchiveRequest>) -> Reply<v1::Session> {
        let req = request.into_inner();
        let archived = self
            .ws
            .archive(&req.session_id, req.expected_revision, &req.actor)
            .await
            .map_err(fail)?;
        Ok(Response::new(session(archived)))
    }

    async fn list_sources(
        &self,
        _: Request<v1::ListSourcesRequest>,
    ) -> Reply<v1::ListSourcesResponse> {
        let sources = self.ws.sources().await.map_err(fail)?;
        Ok(Response::new(v1::ListSourcesResponse {
            sources: sources.into_iter().map(source).collect(),
        }))
    }
}
