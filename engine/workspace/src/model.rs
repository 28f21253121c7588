//! The workspace API's request and response shapes, as JSON (camelCase) on HTTP; the gRPC
//! service converts to and from the same types, so both transports mean the same thing.

use std::collections::BTreeMap;

use aether_store::workspace::{
    AnnotationRecord, CheckpointRecord, CommitRecord, EventRecord, SessionRecord, SourceRecord,
};
use aether_types::Millis;
use base64::{Engine as _, engine::general_purpose::STANDARD as BASE64};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Error, Result, tree::EntryKind};

/// RFC 3339 with milliseconds, UTC.
pub fn timestamp(at: Millis) -> String {
    chrono::DateTime::from_timestamp_millis(at)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub id: String,
    pub revision: u64,
    pub root: String,
    pub state: String,
    pub source: Option<String>,
    pub base_commit: Option<String>,
    pub last_commit: Option<String>,
    pub parent: Option<ParentRef>,
    pub origin: Value,
    pub labels: BTreeMap<String, String>,
    pub size_bytes: u64,
    pub file_count: u64,
    pub event_count: u64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParentRef {
    pub session_id: String,
    pub revision: u64,
}

impl From<SessionRecord> for Session {
    fn from(s: SessionRecord) -> Self {
        Self {
            id: s.id,
            revision: s.head.revision,
            root: s.head.root,
            state: s.state.as_str().to_owned(),
            source: s.source,
            base_commit: s.base_commit,
            last_commit: s.last_commit,
            parent: s.parent.map(|p| ParentRef {
                session_id: p.session_id,
                revision: p.revision,
            }),
            origin: s.origin,
            labels: s.labels,
            size_bytes: s.head.size_bytes,
            file_count: s.head.file_count,
            event_count: s.event_count,
            created_at: timestamp(s.created_at),
            updated_at: timestamp(s.updated_at),
        }
    }
}

/// Where a new session's tree comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Origin {
    Blank,
    /// A named source's baseline.
    Source {
        name: String,
    },
    Checkpoint {
        #[serde(rename = "checkpointId")]
        checkpoint_id: String,
    },
    /// A local git repository (a path on the server's machine) at a ref.
    Git {
        path: String,
        #[serde(rename = "ref", default = "head_ref")]
        reference: String,
    },
    /// An uploaded tar.gz archive.
    Archive {
        #[serde(rename = "tarGzBase64")]
        tar_gz_base64: String,
    },
}

fn head_ref() -> String {
    "HEAD".into()
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateSession {
    /// Optional caller-chosen id (letters, digits, `-`, `_`, `.`; up to 128).
    pub id: Option<String>,
    pub from: Option<Origin>,
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestEntry {
    pub path: String,
    pub kind: EntryKind,
    pub size: u64,
    pub hash: String,
    /// Permission bits as a number (420 is 0o644, 493 is 0o755), as `stat` reports them.
    pub mode: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub session_id: String,
    pub revision: u64,
    pub root: String,
    pub size_bytes: u64,
    pub file_count: u64,
    pub entries: Vec<ManifestEntry>,
}

/// File content in JSON: UTF-8 text or base64 bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Content {
    pub content: Option<String>,
    pub content_base64: Option<String>,
}

impl Content {
    pub fn bytes(&self) -> Result<Vec<u8>> {
        match (&self.content, &self.content_base64) {
            (Some(text), None) => Ok(text.clone().into_bytes()),
            (None, Some(b64)) => BASE64
                .decode(b64)
                .map_err(|e| Error::invalid(format!("contentBase64 is not base64: {e}"))),
            (None, None) => Ok(Vec::new()),
            (Some(_), Some(_)) => Err(Error::invalid("give content or contentBase64, not both")),
        }
    }
}

pub fn base64(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

pub fn unbase64(text: &str) -> Result<Vec<u8>> {
    BASE64
        .decode(text)
        .map_err(|e| Error::invalid(format!("not base64: {e}")))
}

/// One operation of a `batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum BatchOp {
    Write {
        path: String,
        #[serde(flatten)]
        content: Content,
        mode: Option<u32>,
    },
    Delete {
        path: String,
    },
    Mkdir {
        path: String,
    },
    Rename {
        from: String,
        to: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Segment {
    pub offset: u64,
    #[serde(flatten)]
    pub content: Content,
}

/// The result of a change to the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Mutation {
    pub session_id: String,
    pub revision: u64,
    pub root: String,
    /// The event the change appended.
    pub event_seq: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileContent {
    pub path: String,
    pub revision: u64,
    pub hash: String,
    pub mode: u32,
    pub kind: EntryKind,
    /// The whole file's size.
    pub size: u64,
    pub offset: u64,
    #[serde(skip)]
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheValue {
    pub key: String,
    pub value: Value,
    pub version: u64,
    pub expires_at: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusMessage {
    pub session_id: String,
    pub topic: String,
    pub message: Value,
    pub actor: Option<String>,
    pub event_seq: u64,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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

impl From<AnnotationRecord> for Annotation {
    fn from(a: AnnotationRecord) -> Self {
        Self {
            id: a.id,
            session_id: a.session_id,
            path: a.path,
            line_start: a.line_start,
            line_end: a.line_end,
            author: a.author,
            body: a.body,
            resolved: a.resolved,
            created_at: timestamp(a.created_at),
            updated_at: timestamp(a.updated_at),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewAnnotation {
    pub path: String,
    pub line_start: Option<u64>,
    pub line_end: Option<u64>,
    pub author: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub seq: u64,
    pub revision: u64,
    pub kind: String,
    pub actor: Option<String>,
    pub detail: Value,
    pub at: String,
}

impl From<EventRecord> for Event {
    fn from(e: EventRecord) -> Self {
        Self {
            seq: e.seq,
            revision: e.revision,
            kind: e.kind,
            actor: e.actor,
            detail: e.detail,
            at: timestamp(e.at),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventPage {
    pub events: Vec<Event>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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

impl From<CheckpointRecord> for Checkpoint {
    fn from(c: CheckpointRecord) -> Self {
        Self {
            id: c.id,
            session_id: c.session_id,
            name: c.name,
            revision: c.head.revision,
            root: c.head.root,
            size_bytes: c.head.size_bytes,
            file_count: c.head.file_count,
            created_at: timestamp(c.created_at),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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

impl From<CommitRecord> for Commit {
    fn from(c: CommitRecord) -> Self {
        Self {
            id: c.id,
            source: c.source,
            session_id: c.session_id,
            parent: c.parent,
            root: c.root,
            size_bytes: c.size_bytes,
            file_count: c.file_count,
            message: c.message,
            author: c.author,
            created_at: timestamp(c.created_at),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub name: String,
    pub head_commit: String,
    pub root: String,
    pub size_bytes: u64,
    pub file_count: u64,
    pub created_at: String,
    pub updated_at: String,
}

impl From<SourceRecord> for Source {
    fn from(s: SourceRecord) -> Self {
        Self {
            name: s.name,
            head_commit: s.head_commit,
            root: s.root,
            size_bytes: s.size_bytes,
            file_count: s.file_count,
            created_at: timestamp(s.created_at),
            updated_at: timestamp(s.updated_at),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeOutcome {
    pub mutation: Mutation,
    /// The tree both sides were compared against.
    pub ancestor: Option<String>,
    /// Paths taken from the other session.
    pub changed: Vec<String>,
    /// Paths where both sides' edits were combined line by line.
    pub combined: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Promotion {
    pub source: Source,
    pub commit: Commit,
}
