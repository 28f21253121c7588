//! Workspaces: versioned sessions of files (SPEC section 5), reached through
//! [`Client::workspace`](crate::Client::workspace).
//!
//! A thin typed layer over the `WorkspaceService` gRPC contract: the wire's `*_json` strings
//! become [`serde_json::Value`]s and its optional fields become `Option`s, so callers (and the
//! CLI's `--json`) see the same shapes the HTTP API speaks, without depending on the engine.
//!
//! ```no_run
//! use aether_sdk::{Client, workspace::NewSession};
//!
//! # async fn demo() -> Result<(), aether_sdk::Error> {
//! let client = Client::connect("http://localhost:7233").await?;
//! let ws = client.workspace().with_actor("reviewer-bot");
//! let session = ws.create_session(&NewSession::blank().label("team", "docs")).await?;
//! ws.write_file(&session.id, "README.md", b"# Hello\n", None, Some(session.revision)).await?;
//! let manifest = ws.manifest(&session.id).await?;
//! assert_eq!(manifest.entries[0].path, "README.md");
//! # Ok(()) }
//! ```

use std::{collections::BTreeMap, time::Duration};

use aether_proto::v1::{self, workspace_service_client::WorkspaceServiceClient};
use futures::{StreamExt, stream::BoxStream};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tonic::transport::Channel;

use crate::Error;

/// The workspace operations of a server, optionally on behalf of a named actor (recorded in the
/// session's events). Cheap to clone; clones share the connection.
#[derive(Clone)]
pub struct WorkspaceClient {
    client: WorkspaceServiceClient<Channel>,
    actor: Option<String>,
}

/// A session: its current head (revision, root tree) and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Session {
    pub id: String,
    pub revision: u64,
    /// The hash of the root tree.
    pub root: String,
    /// `active` or `archived`.
    pub state: String,
    /// The source it was created from and commits to, if any.
    pub source: Option<String>,
    pub base_commit: Option<String>,
    pub last_commit: Option<String>,
    /// The session (and its revision) this one was forked or checkpointed from.
    pub parent: Option<ParentRef>,
    /// How it was created, e.g. `{"kind":"fork","sessionId":"...","revision":3}`.
    pub origin: Value,
    pub labels: BTreeMap<String, String>,
    pub size_bytes: u64,
    pub file_count: u64,
    pub event_count: u64,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParentRef {
    pub session_id: String,
    pub revision: u64,
}

/// Where a new session's tree comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SessionOrigin {
    #[default]
    Blank,
    /// A named source's baseline.
    Source(String),
    Checkpoint(String),
    /// A git repository on the server's machine at a ref (HEAD when empty).
    Git {
        path: String,
        reference: String,
    },
    /// A tar.gz archive to unpack.
    TarGz(Vec<u8>),
}

/// What `create_session` creates: `NewSession::blank().id("s1").label("team", "docs")`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewSession {
    /// The server picks one when absent.
    pub id: Option<String>,
    pub from: SessionOrigin,
    pub labels: BTreeMap<String, String>,
}

impl NewSession {
    pub fn blank() -> Self {
        Self::default()
    }

    pub fn from_source(name: impl Into<String>) -> Self {
        Self::with_origin(SessionOrigin::Source(name.into()))
    }

    pub fn from_checkpoint(checkpoint_id: impl Into<String>) -> Self {
        Self::with_origin(SessionOrigin::Checkpoint(checkpoint_id.into()))
    }

    /// `path` is on the server's machine; `reference` is a branch, tag or commit ("" for HEAD).
    pub fn from_git(path: impl Into<String>, reference: impl Into<String>) -> Self {
        Self::with_origin(SessionOrigin::Git {
            path: path.into(),
            reference: reference.into(),
        })
    }

    pub fn from_tar_gz(archive: Vec<u8>) -> Self {
        Self::with_origin(SessionOrigin::TarGz(archive))
    }

    fn with_origin(from: SessionOrigin) -> Self {
        Self {
            from,
            ..Self::default()
        }
    }

    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels.insert(key.into(), value.into());
        self
    }
}

/// Which sessions `list_sessions` returns; every given filter must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionFilter {
    /// `active` or `archived`.
    pub state: Option<String>,
    pub source: Option<String>,
    /// Only forks (and checkpoint copies) of this session.
    pub parent: Option<String>,
    pub labels: BTreeMap<String, String>,
    /// `None`: the server's default.
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestEntry {
    pub path: String,
    /// `file`, `dir` or `symlink`.
    pub kind: String,
    pub size: u64,
    pub hash: String,
    /// Permission bits, e.g. `0o644`.
    pub mode: u32,
}

/// Every path of a session's tree at one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub session_id: String,
    pub revision: u64,
    pub root: String,
    pub size_bytes: u64,
    pub file_count: u64,
    pub entries: Vec<ManifestEntry>,
}

/// Bytes of a file from `offset`, and what the whole file is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileContent {
    pub path: String,
    pub revision: u64,
    pub hash: String,
    pub mode: u32,
    pub kind: String,
    /// The whole file's size.
    pub size: u64,
    pub offset: u64,
    pub data: Vec<u8>,
}

/// The result of a change to a session's tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mutation {
    pub session_id: String,
    /// The revision the change produced.
    pub revision: u64,
    pub root: String,
    /// The event the change appended.
    pub event_seq: u64,
}

/// One operation of an atomic [`WorkspaceClient::batch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchOp {
    Write {
        path: String,
        content: Vec<u8>,
        mode: Option<u32>,
    },
    Delete(String),
    /// `mkdir -p`.
    Mkdir(String),
    Rename {
        from: String,
        to: String,
    },
}

impl BatchOp {
    pub fn write(path: impl Into<String>, content: impl Into<Vec<u8>>) -> Self {
        BatchOp::Write {
            path: path.into(),
            content: content.into(),
            mode: None,
        }
    }

    pub fn delete(path: impl Into<String>) -> Self {
        BatchOp::Delete(path.into())
    }

    pub fn mkdir(path: impl Into<String>) -> Self {
        BatchOp::Mkdir(path.into())
    }

    pub fn rename(from: impl Into<String>, to: impl Into<String>) -> Self {
        BatchOp::Rename {
            from: from.into(),
            to: to.into(),
        }
    }
}

/// Bytes to write at an offset of a file, for [`WorkspaceClient::patch_segments`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub offset: u64,
    pub content: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CacheValue {
    pub key: String,
    pub value: Value,
    /// For compare-and-set: pass as `if_version` to change only this version.
    pub version: u64,
    pub expires_at: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BusMessage {
    pub session_id: String,
    pub topic: String,
    pub message: Value,
    pub actor: Option<String>,
    pub event_seq: u64,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annotation {
    pub id: String,
    pub session_id: String,
    pub path: String,
    pub line_start: Option<u64>,
    pub line_end: Option<u64>,
    pub author: String,
    pub body: String,
    pub resolved: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A review note to add on a path, optionally on a range of lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewAnnotation {
    pub path: String,
    pub line_start: Option<u64>,
    pub line_end: Option<u64>,
    pub author: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub seq: u64,
    /// The session's revision after the event.
    pub revision: u64,
    /// e.g. `file.written`, `checkpoint.created`, `bus.published`.
    pub kind: String,
    pub actor: Option<String>,
    pub detail: Value,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventPage {
    pub events: Vec<Event>,
    /// Pass as `after` for the next page; `None` on the last page.
    pub next: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checkpoint {
    pub id: String,
    pub session_id: String,
    pub name: Option<String>,
    pub revision: u64,
    pub root: String,
    pub size_bytes: u64,
    pub file_count: u64,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commit {
    pub id: String,
    pub source: String,
    pub session_id: Option<String>,
    pub parent: Option<String>,
    pub root: String,
    pub size_bytes: u64,
    pub file_count: u64,
    pub message: String,
    pub author: String,
    pub created_at: String,
}

/// A named baseline that sessions start from and commit to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub name: String,
    pub head_commit: String,
    pub root: String,
    pub size_bytes: u64,
    pub file_count: u64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeOutcome {
    pub mutation: Mutation,
    /// The tree both sides were compared against.
    pub ancestor: Option<String>,
    /// Paths taken from the other session.
    pub changed: Vec<String>,
    /// Paths where both sides' edits were combined line by line.
    pub combined: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Promotion {
    pub source: Source,
    pub commit: Commit,
}

/// A session's tree as a tar.gz archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The revision archived.
    pub revision: u64,
    pub tar_gz: Vec<u8>,
}

/// A path both sides of a merge changed differently, from a failed merge's error
/// ([`Error::merge_conflicts`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeConflict {
    pub path: String,
    /// `content`, `modify-delete`, `add-add`, `kind` or `binary`.
    pub reason: String,
    /// The hashes of each side's version (`None` where that side deleted it).
    pub base: Option<String>,
    pub ours: Option<String>,
    pub theirs: Option<String>,
    /// For text edits on the same lines: the file with both versions between conflict markers.
    #[serde(default)]
    pub marked: Option<String>,
}

impl Error {
    /// The server's specific reason for a failed workspace call (`stale_revision`,
    /// `merge_conflict`, `session_archived`, ...), finer than the status code.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Error::Rpc(status) => status.metadata().get("aether-reason")?.to_str().ok(),
            _ => None,
        }
    }

    /// The conflicts of a merge that failed for them; empty for any other error.
    pub fn merge_conflicts(&self) -> Vec<MergeConflict> {
        let Error::Rpc(status) = self else {
            return Vec::new();
        };
        status
            .metadata()
            .get("aether-conflicts")
            .and_then(|v| v.to_str().ok())
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default()
    }
}

impl WorkspaceClient {
    pub(crate) fn new(channel: Channel) -> Self {
        Self {
            // Reads and exports are bounded by the server's own session limits (1 GiB by
            // default), far above tonic's 4 MiB default; the server is the one to enforce them.
            client: WorkspaceServiceClient::new(channel)
                .max_decoding_message_size(usize::MAX)
                .max_encoding_message_size(usize::MAX),
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

    fn rpc(&self) -> WorkspaceServiceClient<Channel> {
        self.client.clone()
    }

    fn session_ref(session_id: &str) -> v1::SessionRef {
        v1::SessionRef {
            session_id: session_id.to_owned(),
        }
    }

    pub async fn create_session(&self, new: &NewSession) -> Result<Session, Error> {
        use v1::create_session_request::From;
        let from = match &new.from {
            SessionOrigin::Blank => From::Blank(v1::Blank {}),
            SessionOrigin::Source(name) => From::Source(name.clone()),
            SessionOrigin::Checkpoint(id) => From::CheckpointId(id.clone()),
            SessionOrigin::Git { path, reference } => From::Git(v1::GitOrigin {
                path: path.clone(),
                r#ref: reference.clone(),
            }),
            SessionOrigin::TarGz(bytes) => From::TarGz(bytes.clone()),
        };
        let session = self
            .rpc()
            .create_session(v1::CreateSessionRequest {
                id: new.id.clone(),
                labels: new.labels.clone().into_iter().collect(),
                from: Some(from),
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        session_from_wire(session)
    }

    pub async fn session(&self, session_id: &str) -> Result<Session, Error> {
        let session = self
            .rpc()
            .get_session(Self::session_ref(session_id))
            .await?
            .into_inner();
        session_from_wire(session)
    }

    pub async fn list_sessions(&self, filter: &SessionFilter) -> Result<Vec<Session>, Error> {
        let response = self
            .rpc()
            .list_sessions(v1::ListSessionsRequest {
                state: filter.state.clone(),
                source: filter.source.clone(),
                parent: filter.parent.clone(),
                labels: filter.labels.clone().into_iter().collect(),
                limit: filter.limit,
            })
            .await?
            .into_inner();
        response
            .sessions
            .into_iter()
            .map(session_from_wire)
            .collect()
    }

    pub async fn manifest(&self, session_id: &str) -> Result<Manifest, Error> {
        let m = self
            .rpc()
            .get_manifest(Self::session_ref(session_id))
            .await?
            .into_inner();
        Ok(Manifest {
            session_id: m.session_id,
            revision: m.revision,
            root: m.root,
            size_bytes: m.size_bytes,
            file_count: m.file_count,
            entries: m
                .entries
                .into_iter()
                .map(|e| ManifestEntry {
                    path: e.path,
                    kind: e.kind,
                    size: e.size,
                    hash: e.hash,
                    mode: e.mode,
                })
                .collect(),
        })
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
        let f = self
            .rpc()
            .read_file(v1::ReadFileRequest {
                session_id: session_id.to_owned(),
                path: path.to_owned(),
                offset,
                length,
            })
            .await?
            .into_inner();
        Ok(FileContent {
            path: f.path,
            revision: f.revision,
            hash: f.hash,
            mode: f.mode,
            kind: f.kind,
            size: f.size,
            offset: f.offset,
            data: f.data,
        })
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
        let m = self
            .rpc()
            .write_file(v1::WriteFileRequest {
                session_id: session_id.to_owned(),
                path: path.to_owned(),
                content: content.into(),
                mode,
                expected_revision,
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        Ok(mutation_from_wire(m))
    }

    /// `mkdir -p` for each path, as one change.
    pub async fn mkdirs(
        &self,
        session_id: &str,
        paths: &[&str],
        expected_revision: Option<u64>,
    ) -> Result<Mutation, Error> {
        let m = self
            .rpc()
            .make_dirs(self.paths_request(session_id, paths, expected_revision))
            .await?
            .into_inner();
        Ok(mutation_from_wire(m))
    }

    pub async fn rename(
        &self,
        session_id: &str,
        from: &str,
        to: &str,
        expected_revision: Option<u64>,
    ) -> Result<Mutation, Error> {
        let m = self
            .rpc()
            .rename(v1::RenameRequest {
                session_id: session_id.to_owned(),
                from: from.to_owned(),
                to: to.to_owned(),
                expected_revision,
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        Ok(mutation_from_wire(m))
    }

    /// Deletes files and directories (with their content), as one change.
    pub async fn delete(
        &self,
        session_id: &str,
        paths: &[&str],
        expected_revision: Option<u64>,
    ) -> Result<Mutation, Error> {
        let m = self
            .rpc()
            .delete(self.paths_request(session_id, paths, expected_revision))
            .await?
            .into_inner();
        Ok(mutation_from_wire(m))
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
            actor: self.actor.clone(),
        }
    }

    /// Applies every operation, in order, or none of them.
    pub async fn batch(
        &self,
        session_id: &str,
        ops: Vec<BatchOp>,
        expected_revision: Option<u64>,
    ) -> Result<Mutation, Error> {
        use v1::batch_op::Op;
        let ops = ops
            .into_iter()
            .map(|op| v1::BatchOp {
                op: Some(match op {
                    BatchOp::Write {
                        path,
                        content,
                        mode,
                    } => Op::Write(v1::WriteOp {
                        path,
                        content,
                        mode,
                    }),
                    BatchOp::Delete(path) => Op::Delete(path),
                    BatchOp::Mkdir(path) => Op::Mkdir(path),
                    BatchOp::Rename { from, to } => Op::Rename(v1::RenameOp { from, to }),
                }),
            })
            .collect();
        let m = self
            .rpc()
            .batch(v1::BatchRequest {
                session_id: session_id.to_owned(),
                ops,
                expected_revision,
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        Ok(mutation_from_wire(m))
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
        let m = self
            .rpc()
            .patch_segments(v1::PatchSegmentsRequest {
                session_id: session_id.to_owned(),
                path: path.to_owned(),
                segments: segments
                    .into_iter()
                    .map(|s| v1::Segment {
                        offset: s.offset,
                        content: s.content,
                    })
                    .collect(),
                truncate,
                expected_revision,
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        Ok(mutation_from_wire(m))
    }

    pub async fn cache_get(&self, session_id: &str, key: &str) -> Result<CacheValue, Error> {
        let v = self
            .rpc()
            .get_cache(v1::CacheKey {
                session_id: session_id.to_owned(),
                key: key.to_owned(),
            })
            .await?
            .into_inner();
        cache_from_wire(v)
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
        let v = self
            .rpc()
            .put_cache(v1::PutCacheRequest {
                session_id: session_id.to_owned(),
                key: key.to_owned(),
                value_json: serde_json::to_string(value)?,
                if_version,
                ttl_ms: ttl.map(|t| u64::try_from(t.as_millis()).unwrap_or(u64::MAX)),
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        cache_from_wire(v)
    }

    pub async fn cache_delete(
        &self,
        session_id: &str,
        key: &str,
        if_version: Option<u64>,
    ) -> Result<(), Error> {
        self.rpc()
            .delete_cache(v1::DeleteCacheRequest {
                session_id: session_id.to_owned(),
                key: key.to_owned(),
                if_version,
                actor: self.actor.clone(),
            })
            .await?;
        Ok(())
    }

    /// Sends a message to the topic's current subscribers (and records it in the events).
    pub async fn publish(
        &self,
        session_id: &str,
        topic: &str,
        message: &impl Serialize,
    ) -> Result<BusMessage, Error> {
        let m = self
            .rpc()
            .publish(v1::PublishRequest {
                session_id: session_id.to_owned(),
                topic: topic.to_owned(),
                message_json: serde_json::to_string(message)?,
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        bus_from_wire(m)
    }

    /// The messages published on the topic once this returns, until the stream is dropped.
    /// The bus is ephemeral: nothing published before is replayed.
    pub async fn subscribe(
        &self,
        session_id: &str,
        topic: &str,
    ) -> Result<BoxStream<'static, Result<BusMessage, Error>>, Error> {
        let stream = self
            .rpc()
            .subscribe(v1::SubscribeRequest {
                session_id: session_id.to_owned(),
                topic: topic.to_owned(),
            })
            .await?
            .into_inner();
        Ok(stream
            .map(|item| item.map_err(Error::from).and_then(bus_from_wire))
            .boxed())
    }

    pub async fn add_annotation(
        &self,
        session_id: &str,
        note: &NewAnnotation,
    ) -> Result<Annotation, Error> {
        let a = self
            .rpc()
            .add_annotation(v1::AddAnnotationRequest {
                session_id: session_id.to_owned(),
                path: note.path.clone(),
                line_start: note.line_start,
                line_end: note.line_end,
                author: note.author.clone(),
                body: note.body.clone(),
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        Ok(annotation_from_wire(a))
    }

    pub async fn list_annotations(&self, session_id: &str) -> Result<Vec<Annotation>, Error> {
        let response = self
            .rpc()
            .list_annotations(Self::session_ref(session_id))
            .await?
            .into_inner();
        Ok(response
            .annotations
            .into_iter()
            .map(annotation_from_wire)
            .collect())
    }

    /// Marks an annotation resolved (or, with `false`, open again).
    pub async fn resolve_annotation(
        &self,
        session_id: &str,
        annotation_id: &str,
        resolved: bool,
    ) -> Result<Annotation, Error> {
        let a = self
            .rpc()
            .resolve_annotation(v1::ResolveAnnotationRequest {
                session_id: session_id.to_owned(),
                annotation_id: annotation_id.to_owned(),
                resolved,
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        Ok(annotation_from_wire(a))
    }

    /// One page of the session's history: the events after sequence number `after` (0: from
    /// the start), at most `limit` (`None`: the server's page size).
    pub async fn events(
        &self,
        session_id: &str,
        after: u64,
        limit: Option<u32>,
    ) -> Result<EventPage, Error> {
        let response = self
            .rpc()
            .list_events(v1::ListEventsRequest {
                session_id: session_id.to_owned(),
                after,
                limit,
            })
            .await?
            .into_inner();
        let events = response
            .events
            .into_iter()
            .map(|e| {
                Ok(Event {
                    seq: e.seq,
                    revision: e.revision,
                    kind: e.kind,
                    actor: e.actor,
                    detail: json_from_wire(&e.detail_json)?,
                    at: e.at,
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(EventPage {
            events,
            next: response.next,
        })
    }

    /// Records the session's current tree under a new checkpoint id (no content is copied).
    pub async fn create_checkpoint(
        &self,
        session_id: &str,
        name: Option<&str>,
        expected_revision: Option<u64>,
    ) -> Result<Checkpoint, Error> {
        let c = self
            .rpc()
            .create_checkpoint(v1::CreateCheckpointRequest {
                session_id: session_id.to_owned(),
                name: name.map(str::to_owned),
                expected_revision,
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        Ok(checkpoint_from_wire(c))
    }

    pub async fn list_checkpoints(&self, session_id: &str) -> Result<Vec<Checkpoint>, Error> {
        let response = self
            .rpc()
            .list_checkpoints(Self::session_ref(session_id))
            .await?
            .into_inner();
        Ok(response
            .checkpoints
            .into_iter()
            .map(checkpoint_from_wire)
            .collect())
    }

    /// Puts the checkpoint's tree back as the session's current state (a new revision).
    pub async fn restore(
        &self,
        session_id: &str,
        checkpoint_id: &str,
        expected_revision: Option<u64>,
    ) -> Result<Mutation, Error> {
        let m = self
            .rpc()
            .restore(v1::RestoreRequest {
                session_id: session_id.to_owned(),
                checkpoint_id: checkpoint_id.to_owned(),
                expected_revision,
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        Ok(mutation_from_wire(m))
    }

    /// A new session with this one's current tree; `new_id` is picked by the server if `None`.
    pub async fn fork(
        &self,
        session_id: &str,
        new_id: Option<&str>,
        labels: &BTreeMap<String, String>,
    ) -> Result<Session, Error> {
        let session = self
            .rpc()
            .fork(v1::ForkRequest {
                session_id: session_id.to_owned(),
                new_id: new_id.map(str::to_owned),
                labels: labels.clone().into_iter().collect(),
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        session_from_wire(session)
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
        let c = self
            .rpc()
            .commit(v1::CommitRequest {
                session_id: session_id.to_owned(),
                message: message.to_owned(),
                author: author.to_owned(),
                source: source.map(str::to_owned),
                expected_revision,
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        Ok(commit_from_wire(c))
    }

    /// Brings `from`'s changes into the session (three-way, file by file). Conflicts fail the
    /// call and change nothing; see [`Error::merge_conflicts`].
    pub async fn merge(
        &self,
        session_id: &str,
        from: &str,
        expected_revision: Option<u64>,
    ) -> Result<MergeOutcome, Error> {
        let response = self
            .rpc()
            .merge(v1::MergeRequest {
                session_id: session_id.to_owned(),
                from: from.to_owned(),
                expected_revision,
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        let mutation = response
            .mutation
            .ok_or_else(|| missing("merge", "mutation"))?;
        Ok(MergeOutcome {
            mutation: mutation_from_wire(mutation),
            ancestor: response.ancestor,
            changed: response.changed,
            combined: response.combined,
        })
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
        let response = self
            .rpc()
            .promote(v1::PromoteRequest {
                session_id: session_id.to_owned(),
                source: source.map(str::to_owned),
                author: author.to_owned(),
                force,
                expected_revision,
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        Ok(Promotion {
            source: source_from_wire(
                response
                    .source
                    .ok_or_else(|| missing("promote", "source"))?,
            ),
            commit: commit_from_wire(
                response
                    .commit
                    .ok_or_else(|| missing("promote", "commit"))?,
            ),
        })
    }

    pub async fn export(&self, session_id: &str) -> Result<Export, Error> {
        let response = self
            .rpc()
            .export(Self::session_ref(session_id))
            .await?
            .into_inner();
        Ok(Export {
            revision: response.revision,
            tar_gz: response.tar_gz,
        })
    }

    /// Makes the session read-only.
    pub async fn archive(
        &self,
        session_id: &str,
        expected_revision: Option<u64>,
    ) -> Result<Session, Error> {
        let session = self
            .rpc()
            .archive(v1::ArchiveRequest {
                session_id: session_id.to_owned(),
                expected_revision,
                actor: self.actor.clone(),
            })
            .await?
            .into_inner();
        session_from_wire(session)
    }

    pub async fn list_sources(&self) -> Result<Vec<Source>, Error> {
        let response = self
            .rpc()
            .list_sources(v1::ListSourcesRequest {})
            .await?
            .into_inner();
        Ok(response.sources.into_iter().map(source_from_wire).collect())
    }
}

/// A response that lacks a field the contract always sets: a server bug, not a caller's.
fn missing(call: &str, field: &str) -> Error {
    Error::InvalidArgument(format!("the server's {call} response has no {field}"))
}

/// A `*_json` field; an empty one is `null`.
fn json_from_wire(text: &str) -> Result<Value, Error> {
    if text.is_empty() {
        return Ok(Value::Null);
    }
    Ok(serde_json::from_str(text)?)
}

fn session_from_wire(s: v1::Session) -> Result<Session, Error> {
    let parent = s.parent_session_id.map(|session_id| ParentRef {
        session_id,
        revision: s.parent_revision.unwrap_or_default(),
    });
    Ok(Session {
        origin: json_from_wire(&s.origin_json)?,
        id: s.id,
        revision: s.revision,
        root: s.root,
        state: s.state,
        source: s.source,
        base_commit: s.base_commit,
        last_commit: s.last_commit,
        parent,
        labels: s.labels.into_iter().collect(),
        size_bytes: s.size_bytes,
        file_count: s.file_count,
        event_count: s.event_count,
        created_at: s.created_at,
        updated_at: s.updated_at,
    })
}

fn mutation_from_wire(m: v1::Mutation) -> Mutation {
    Mutation {
        session_id: m.session_id,
        revision: m.revision,
        root: m.root,
        event_seq: m.event_seq,
    }
}

fn cache_from_wire(v: v1::CacheValue) -> Result<CacheValue, Error> {
    Ok(CacheValue {
        value: json_from_wire(&v.value_json)?,
        key: v.key,
        version: v.version,
        expires_at: v.expires_at,
        updated_at: v.updated_at,
    })
}

fn bus_from_wire(m: v1::BusMessage) -> Result<BusMessage, Error> {
    Ok(BusMessage {
        message: json_from_wire(&m.message_json)?,
        session_id: m.session_id,
        topic: m.topic,
        actor: m.actor,
        event_seq: m.event_seq,
        at: m.at,
    })
}

fn annotation_from_wire(a: v1::Annotation) -> Annotation {
    Annotation {
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

fn checkpoint_from_wire(c: v1::Checkpoint) -> Checkpoint {
    Checkpoint {
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

fn commit_from_wire(c: v1::CommitInfo) -> Commit {
    Commit {
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

fn source_from_wire(s: v1::Source) -> Source {
    Source {
        name: s.name,
        head_commit: s.head_commit,
        root: s.root,
        size_bytes: s.size_bytes,
        file_count: s.file_count,
        created_at: s.created_at,
        updated_at: s.updated_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_read_their_origin_and_parent_from_the_wire() {
        let session = session_from_wire(v1::Session {
            id: "child".into(),
            revision: 1,
            state: "active".into(),
            parent_session_id: Some("parent".into()),
            parent_revision: Some(3),
            origin_json: r#"{"kind":"fork","sessionId":"parent","revision":3}"#.into(),
            ..v1::Session::default()
        })
        .unwrap();
        assert_eq!(
            session.parent,
            Some(ParentRef {
                session_id: "parent".into(),
                revision: 3
            })
        );
        assert_eq!(session.origin["kind"], "fork");
        assert_eq!(session.origin["revision"], 3);
    }

    #[test]
    fn an_empty_json_field_is_null_and_a_broken_one_an_error() {
        assert_eq!(json_from_wire("").unwrap(), Value::Null);
        assert!(matches!(json_from_wire("{"), Err(Error::Payload(_))));
    }

    #[test]
    fn merge_conflicts_come_from_the_error_metadata() {
        let mut status = tonic::Status::aborted("merge has 1 conflict(s): a.txt");
        status
            .metadata_mut()
            .insert("aether-reason", "merge_conflict".parse().unwrap());
        status.metadata_mut().insert(
            "aether-conflicts",
            r#"[{"path":"a.txt","reason":"content","base":"b","ours":"o","theirs":null}]"#
                .parse()
                .unwrap(),
        );
        let err = Error::Rpc(status);
        assert_eq!(err.reason(), Some("merge_conflict"));
        let conflicts = err.merge_conflicts();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].path, "a.txt");
        assert_eq!(conflicts[0].theirs, None);
        assert!(
            Error::InvalidArgument("x".into())
                .merge_conflicts()
                .is_empty()
        );
    }
}
