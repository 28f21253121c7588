//! [`WorkspaceClient`]: one typed method per `WorkspaceService` call. Each builds its request,
//! calls, and converts the reply with `aether_proto::convert::workspace`.

use std::{collections::BTreeMap, time::Duration};

use crate::transport::Transport;
use aether_proto::{
    convert::workspace::{add_annotation_request, create_session_request},
    v1::{self, workspace_service_client::WorkspaceServiceClient},
};
use futures::{StreamExt, stream::BoxStream};
use serde::Serialize;

use super::{
    Annotation, BatchOp, BusMessage, CacheValue, Checkpoint, Commit, CreateSession, EventPage,
    Export, FileContent, Knowledge, KnowledgeFilter, Manifest, MergeOutcome, Mutation,
    NewAnnotation, NewKnowledge, Promotion, Segment, Session, SessionFilter, Source,
};
use crate::Error;

/// The workspace operations of a server, optionally on behalf of a named actor (recorded in the
/// session's events). Cheap to clone; clones share the connection.
#[derive(Clone)]
pub struct WorkspaceClient {
    client: WorkspaceServiceClient<Transport>,
    actor: Option<String>,
}

fn session_ref(session_id: &str) -> v1::SessionRef {
    v1::SessionRef {
        session_id: session_id.to_owned(),
    }
}

impl WorkspaceClient {
    pub(crate) fn new(channel: Transport) -> Self {
        Self {
            // A whole file or export travels in one message: the server's default bound, far
            // above tonic's 4 MiB default.
            client: WorkspaceServiceClient::new(channel)
                .max_decoding_message_size(crate::MAX_MESSAGE_BYTES)
                .max_encoding_message_size(crate::MAX_MESSAGE_BYTES),
            actor: None,
        }
    }

    /// The same client, recording `actor` as who made each change.
    pub fn with_actor(mut self, actor: impl Into<String>) -> Self {
        self.actor = Some(actor.into());
        self
    }

    pub fn actor(&self) -> Option<&str> {
        self.actor.as_deref()
    }

    fn rpc(&self) -> WorkspaceServiceClient<Transport> {
        self.client.clone()
    }

    fn actor_owned(&self) -> Option<String> {
        self.actor.clone()
    }

    pub async fn create_session(&self, new: &CreateSession) -> Result<Session, Error> {
        let request = create_session_request(new.clone(), self.actor_owned());
        let session = self.rpc().create_session(request).await?.into_inner();
        Ok(session.try_into()?)
    }

    pub async fn session(&self, session_id: &str) -> Result<Session, Error> {
        let session = self
            .rpc()
            .get_session(session_ref(session_id))
            .await?
            .into_inner();
        Ok(session.try_into()?)
    }

    pub async fn list_sessions(&self, filter: &SessionFilter) -> Result<Vec<Session>, Error> {
        let response = self
            .rpc()
            .list_sessions(v1::ListSessionsRequest::from(filter.clone()))
            .await?
            .into_inner();
        Ok(response.try_into()?)
    }

    pub async fn manifest(&self, session_id: &str) -> Result<Manifest, Error> {
        self.manifest_at(session_id, None).await
    }

    /// The manifest of the session's current tree, or of one of its checkpoints (by id or
    /// name; the newest of a name). The revision and root are then the checkpoint's; an unknown
    /// checkpoint is `NotFound`.
    pub async fn manifest_at(
        &self,
        session_id: &str,
        checkpoint: Option<&str>,
    ) -> Result<Manifest, Error> {
        let manifest = self
            .rpc()
            .get_manifest(v1::GetManifestRequest {
                session_id: session_id.to_owned(),
                checkpoint: checkpoint.map(str::to_owned),
            })
            .await?
            .into_inner();
        Ok(manifest.try_into()?)
    }

    /// The whole file.
    pub async fn read_file(&self, session_id: &str, path: &str) -> Result<FileContent, Error> {
        self.read_range(session_id, path, 0, None).await
    }

    /// At most `length` bytes from `offset` (to the end when `None`).
    pub async fn read_range(
        &self,
        session_id: &str,
        path: &str,
        offset: u64,
        length: Option<u64>,
    ) -> Result<FileContent, Error> {
        self.read_range_at(session_id, path, offset, length, None)
            .await
    }

    /// [`read_range`](Self::read_range) in the session's current tree, or in one of its
    /// checkpoints (by id or name), as [`manifest_at`](Self::manifest_at) names one.
    pub async fn read_range_at(
        &self,
        session_id: &str,
        path: &str,
        offset: u64,
        length: Option<u64>,
        checkpoint: Option<&str>,
    ) -> Result<FileContent, Error> {
        let file = self
            .rpc()
            .read_file(v1::ReadFileRequest {
                session_id: session_id.to_owned(),
                path: path.to_owned(),
                offset,
                length,
                checkpoint: checkpoint.map(str::to_owned),
            })
            .await?
            .into_inner();
        Ok(file.try_into()?)
    }

    /// Creates or replaces a file; `mode` defaults to 0o644 for a new file.
    pub async fn write_file(
        &self,
        session_id: &str,
        path: &str,
        content: impl Into<Vec<u8>>,
        mode: Option<u32>,
        expected_revision: Option<u64>,
    ) -> Result<Mutation, Error> {
        let request = v1::WriteFileRequest {
            session_id: session_id.to_owned(),
            path: path.to_owned(),
            content: content.into(),
            mode,
            expected_revision,
            actor: self.actor_owned(),
        };
        Ok(self.rpc().write_file(request).await?.into_inner().into())
    }

    /// `mkdir -p` for each path, as one change.
    pub async fn mkdirs(
        &self,
        session_id: &str,
        paths: &[&str],
        expected_revision: Option<u64>,
    ) -> Result<Mutation, Error> {
        let request = self.paths_request(session_id, paths, expected_revision);
        Ok(self.rpc().make_dirs(request).await?.into_inner().into())
    }

    pub async fn rename(
        &self,
        session_id: &str,
        from: &str,
        to: &str,
        expected_revision: Option<u64>,
    ) -> Result<Mutation, Error> {
        let request = v1::RenameRequest {
            session_id: session_id.to_owned(),
            from: from.to_owned(),
            to: to.to_owned(),
            expected_revision,
            actor: self.actor_owned(),
        };
        Ok(self.rpc().rename(request).await?.into_inner().into())
    }

    /// Deletes files and directories (with their content), as one change.
    pub async fn delete(
        &self,
        session_id: &str,
        paths: &[&str],
        expected_revision: Option<u64>,
    ) -> Result<Mutation, Error> {
        let request = self.paths_request(session_id, paths, expected_revision);
        Ok(self.rpc().delete(request).await?.into_inner().into())
    }

    fn paths_request(
        &self,
        session_id: &str,
        paths: &[&str],
        expected_revision: Option<u64>,
    ) -> v1::PathsRequest {
        v1::PathsRequest {
            session_id: session_id.to_owned(),
            paths: paths.iter().map(|p| (*p).to_owned()).collect(),
            expected_revision,
            actor: self.actor_owned(),
        }
    }

    /// Applies every operation, in order, or none of them.
    pub async fn batch(
        &self,
        session_id: &str,
        ops: Vec<BatchOp>,
        expected_revision: Option<u64>,
    ) -> Result<Mutation, Error> {
        let request = v1::BatchRequest {
            session_id: session_id.to_owned(),
            ops: ops.into_iter().map(Into::into).collect(),
            expected_revision,
            actor: self.actor_owned(),
        };
        Ok(self.rpc().batch(request).await?.into_inner().into())
    }

    /// Overwrites byte ranges of an existing file (growing it as needed), after truncating it
    /// to `truncate` bytes if given.
    pub async fn patch_segments(
        &self,
        session_id: &str,
        path: &str,
        segments: Vec<Segment>,
        truncate: Option<u64>,
        expected_revision: Option<u64>,
    ) -> Result<Mutation, Error> {
        let request = v1::PatchSegmentsRequest {
            session_id: session_id.to_owned(),
            path: path.to_owned(),
            segments: segments.into_iter().map(Into::into).collect(),
            truncate,
            expected_revision,
            actor: self.actor_owned(),
        };
        Ok(self
            .rpc()
            .patch_segments(request)
            .await?
            .into_inner()
            .into())
    }

    pub async fn cache_get(&self, session_id: &str, key: &str) -> Result<CacheValue, Error> {
        let request = v1::CacheKey {
            session_id: session_id.to_owned(),
            key: key.to_owned(),
        };
        Ok(self
            .rpc()
            .get_cache(request)
            .await?
            .into_inner()
            .try_into()?)
    }

    /// Sets a key. With `if_version` it is a compare-and-set (`Some(0)`: the key must not
    /// exist); a lost race fails with `Aborted`. With `ttl` the key expires.
    pub async fn cache_put(
        &self,
        session_id: &str,
        key: &str,
        value: &impl Serialize,
        if_version: Option<u64>,
        ttl: Option<Duration>,
    ) -> Result<CacheValue, Error> {
        let request = v1::PutCacheRequest {
            session_id: session_id.to_owned(),
            key: key.to_owned(),
            value_json: serde_json::to_string(value)?,
            if_version,
            ttl_ms: ttl.map(|t| u64::try_from(t.as_millis()).unwrap_or(u64::MAX)),
            actor: self.actor_owned(),
        };
        Ok(self
            .rpc()
            .put_cache(request)
            .await?
            .into_inner()
            .try_into()?)
    }

    pub async fn cache_delete(
        &self,
        session_id: &str,
        key: &str,
        if_version: Option<u64>,
    ) -> Result<(), Error> {
        let request = v1::DeleteCacheRequest {
            session_id: session_id.to_owned(),
            key: key.to_owned(),
            if_version,
            actor: self.actor_owned(),
        };
        self.rpc().delete_cache(request).await?;
        Ok(())
    }

    /// Sends a message to the topic's current subscribers (and records it in the events).
    pub async fn publish(
        &self,
        session_id: &str,
        topic: &str,
        message: &impl Serialize,
    ) -> Result<BusMessage, Error> {
        let request = v1::PublishRequest {
            session_id: session_id.to_owned(),
            topic: topic.to_owned(),
            message_json: serde_json::to_string(message)?,
            actor: self.actor_owned(),
        };
        Ok(self.rpc().publish(request).await?.into_inner().try_into()?)
    }

    /// The messages published on the topic once this returns, until the stream is dropped.
    /// The bus is ephemeral: nothing published before is replayed.
    pub async fn subscribe(
        &self,
        session_id: &str,
        topic: &str,
    ) -> Result<BoxStream<'static, Result<BusMessage, Error>>, Error> {
        let request = v1::SubscribeRequest {
            session_id: session_id.to_owned(),
            topic: topic.to_owned(),
        };
        let stream = self.rpc().subscribe(request).await?.into_inner();
        Ok(stream.map(|item| Ok(BusMessage::try_from(item?)?)).boxed())
    }

    pub async fn add_annotation(
        &self,
        session_id: &str,
        note: &NewAnnotation,
    ) -> Result<Annotation, Error> {
        let request =
            add_annotation_request(session_id.to_owned(), note.clone(), self.actor_owned());
        Ok(self
            .rpc()
            .add_annotation(request)
            .await?
            .into_inner()
            .into())
    }

    pub async fn list_annotations(&self, session_id: &str) -> Result<Vec<Annotation>, Error> {
        let response = self.rpc().list_annotations(session_ref(session_id)).await?;
        Ok(response.into_inner().into())
    }

    /// Marks an annotation resolved (or, with `false`, open again).
    pub async fn resolve_annotation(
        &self,
        session_id: &str,
        annotation_id: &str,
        resolved: bool,
    ) -> Result<Annotation, Error> {
        let request = v1::ResolveAnnotationRequest {
            session_id: session_id.to_owned(),
            annotation_id: annotation_id.to_owned(),
            resolved,
            actor: self.actor_owned(),
        };
        Ok(self
            .rpc()
            .resolve_annotation(request)
            .await?
            .into_inner()
            .into())
    }

    /// One page of the session's history: the events after sequence number `after` (0: from
    /// the start), at most `limit` (`None`: the server's page size).
    pub async fn events(
        &self,
        session_id: &str,
        after: u64,
        limit: Option<u32>,
    ) -> Result<EventPage, Error> {
        let request = v1::ListEventsRequest {
            session_id: session_id.to_owned(),
            after,
            limit,
        };
        Ok(self
            .rpc()
            .list_events(request)
            .await?
            .into_inner()
            .try_into()?)
    }

    /// Records the session's current tree under a new checkpoint id (no content is copied).
    pub async fn create_checkpoint(
        &self,
        session_id: &str,
        name: Option<&str>,
        expected_revision: Option<u64>,
    ) -> Result<Checkpoint, Error> {
        let request = v1::CreateCheckpointRequest {
            session_id: session_id.to_owned(),
            name: name.map(str::to_owned),
            expected_revision,
            actor: self.actor_owned(),
        };
        Ok(self
            .rpc()
            .create_checkpoint(request)
            .await?
            .into_inner()
            .into())
    }

    pub async fn list_checkpoints(&self, session_id: &str) -> Result<Vec<Checkpoint>, Error> {
        let response = self.rpc().list_checkpoints(session_ref(session_id)).await?;
        Ok(response.into_inner().into())
    }

    /// Puts the checkpoint's tree back as the session's current state (a new revision).
    pub async fn restore(
        &self,
        session_id: &str,
        checkpoint_id: &str,
        expected_revision: Option<u64>,
    ) -> Result<Mutation, Error> {
        let request = v1::RestoreRequest {
            session_id: session_id.to_owned(),
            checkpoint_id: checkpoint_id.to_owned(),
            expected_revision,
            actor: self.actor_owned(),
        };
        Ok(self.rpc().restore(request).await?.into_inner().into())
    }

    /// A new session with this one's current tree; `new_id` is picked by the server if `None`.
    pub async fn fork(
        &self,
        session_id: &str,
        new_id: Option<&str>,
        labels: &BTreeMap<String, String>,
    ) -> Result<Session, Error> {
        let request = v1::ForkRequest {
            session_id: session_id.to_owned(),
            new_id: new_id.map(str::to_owned),
            labels: labels.clone().into_iter().collect(),
            actor: self.actor_owned(),
        };
        Ok(self.rpc().fork(request).await?.into_inner().try_into()?)
    }

    /// A durable commit onto the session's source (or `source`).
    pub async fn commit(
        &self,
        session_id: &str,
        message: &str,
        author: &str,
        source: Option<&str>,
        expected_revision: Option<u64>,
    ) -> Result<Commit, Error> {
        let request = v1::CommitRequest {
            session_id: session_id.to_owned(),
            message: message.to_owned(),
            author: author.to_owned(),
            source: source.map(str::to_owned),
            expected_revision,
            actor: self.actor_owned(),
        };
        Ok(self.rpc().commit(request).await?.into_inner().into())
    }

    /// Brings `from`'s changes into the session (three-way, file by file). Conflicts fail the
    /// call and change nothing; see [`Error::merge_conflicts`].
    pub async fn merge(
        &self,
        session_id: &str,
        from: &str,
        expected_revision: Option<u64>,
    ) -> Result<MergeOutcome, Error> {
        let request = v1::MergeRequest {
            session_id: session_id.to_owned(),
            from: from.to_owned(),
            expected_revision,
            actor: self.actor_owned(),
        };
        Ok(self.rpc().merge(request).await?.into_inner().try_into()?)
    }

    /// Makes the session's tree the new baseline of its source (or `source`). Without `force`,
    /// fails if the source moved since the session started from it.
    pub async fn promote(
        &self,
        session_id: &str,
        author: &str,
        source: Option<&str>,
        force: bool,
        expected_revision: Option<u64>,
    ) -> Result<Promotion, Error> {
        let request = v1::PromoteRequest {
            session_id: session_id.to_owned(),
            source: source.map(str::to_owned),
            author: author.to_owned(),
            force,
            expected_revision,
            actor: self.actor_owned(),
        };
        Ok(self.rpc().promote(request).await?.into_inner().try_into()?)
    }

    pub async fn export(&self, session_id: &str) -> Result<Export, Error> {
        let response = self.rpc().export(session_ref(session_id)).await?;
        Ok(response.into_inner().into())
    }

    /// Makes the session read-only.
    pub async fn archive(
        &self,
        session_id: &str,
        expected_revision: Option<u64>,
    ) -> Result<Session, Error> {
        let request = v1::ArchiveRequest {
            session_id: session_id.to_owned(),
            expected_revision,
            actor: self.actor_owned(),
        };
        Ok(self.rpc().archive(request).await?.into_inner().try_into()?)
    }

    pub async fn list_sources(&self) -> Result<Vec<Source>, Error> {
        let response = self.rpc().list_sources(v1::ListSourcesRequest {}).await?;
        Ok(response.into_inner().into())
    }

    /// A knowledge entry about a source; it outlives the sessions that wrote it.
    pub async fn add_knowledge(&self, entry: NewKnowledge) -> Result<Knowledge, Error> {
        let response = self
            .rpc()
            .add_knowledge(v1::AddKnowledgeRequest::from(entry))
            .await?;
        Ok(response.into_inner().into())
    }

    /// A source's entries, newest first, by tag and by text in the title or body.
    pub async fn search_knowledge(
        &self,
        filter: &KnowledgeFilter,
    ) -> Result<Vec<Knowledge>, Error> {
        let response = self
            .rpc()
            .search_knowledge(v1::SearchKnowledgeRequest::from(filter))
            .await?;
        Ok(response
            .into_inner()
            .entries
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub async fn knowledge(&self, id: &str) -> Result<Knowledge, Error> {
        let response = self
            .rpc()
            .get_knowledge(v1::KnowledgeRef { id: id.into() })
            .await?;
        Ok(response.into_inner().into())
    }

    pub async fn delete_knowledge(&self, id: &str) -> Result<(), Error> {
        self.rpc()
            .delete_knowledge(v1::KnowledgeRef { id: id.into() })
            .await?;
        Ok(())
    }
}
