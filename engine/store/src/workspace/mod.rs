//! Where workspaces live: content-addressed objects, session heads, and the records around them
//! (events, checkpoints, cache, annotations, sources, commits).
//!
//! Objects (file contents and directory trees) are immutable and keyed by their hash, so they can
//! be written before the change that references them: a failed change leaves only unreferenced
//! objects behind, never a half-applied session. Everything that moves a session (its head, its
//! event log, and the record the operation adds) changes in one transaction through
//! [`WorkspaceStore::apply`], checked against the revision the caller computed from.
//!
//! This module knows nothing of paths, trees or merges; the `aether-workspace` crate does.

mod memory;

use std::{collections::BTreeMap, sync::Arc};

use aether_types::Millis;
use async_trait::async_trait;
use serde_json::Value;

pub use memory::MemoryWorkspaceStore;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("session {0} not found")]
    SessionNotFound(String),
    #[error("session {0} already exists")]
    SessionExists(String),
    /// The session moved since the caller read it.
    #[error("session {id} is at revision {actual}, not {expected}")]
    StaleRevision {
        id: String,
        expected: u64,
        actual: u64,
    },
    /// A cache compare-and-set lost.
    #[error("cache key {key:?} is at version {actual}, not {expected}")]
    StaleCacheVersion {
        key: String,
        expected: u64,
        actual: u64,
    },
    #[error("annotation {0} not found")]
    AnnotationNotFound(String),
    /// A promote found the source's head elsewhere than the caller expected.
    #[error("source {source_name} is at commit {actual}, not {expected}")]
    SourceMoved {
        source_name: String,
        expected: String,
        actual: String,
    },
    /// A new session would start from content the collector removed (a fork of an archived
    /// session, raced by the collector); nothing was created.
    #[error("the content {0} is gone: it belonged only to archived sessions and was collected")]
    ContentGone(String),
    /// The workflow activity was applied before: what it returned then.
    #[error("workflow activity {workflow_id}@{position} was already applied")]
    AlreadyApplied {
        workflow_id: String,
        position: u32,
        result: Value,
    },
    #[error("storage backend: {0}")]
    Backend(String),
    /// The database refused a value the caller gave (text with a NUL character on
    /// PostgreSQL): the request is at fault, and retrying it will not help.
    #[error("{0}")]
    Rejected(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionState {
    Active,
    /// Read-only; its content is kept only while something else references it.
    Archived,
}

impl SessionState {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionState::Active => "active",
            SessionState::Archived => "archived",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "active" => Some(SessionState::Active),
            "archived" => Some(SessionState::Archived),
            _ => None,
        }
    }
}

/// A tree state: its root object and the totals of the files under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub root: String,
    pub revision: u64,
    pub size_bytes: u64,
    pub file_count: u64,
}

/// Where a session branched off: another session at one of its revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lineage {
    pub session_id: String,
    pub revision: u64,
    pub root: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id: String,
    pub head: Head,
    pub state: SessionState,
    /// The named source it works against (created from, or committed to).
    pub source: Option<String>,
    /// The source commit its tree started from (or was last promoted as).
    pub base_commit: Option<String>,
    /// The last commit this session made; the parent of its next one.
    pub last_commit: Option<String>,
    pub parent: Option<Lineage>,
    /// How it was created (`{"kind": "blank" | "source" | ...}`).
    pub origin: Value,
    pub labels: BTreeMap<String, String>,
    pub event_count: u64,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// An event to append; the store gives it its sequence number.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub kind: String,
    pub actor: Option<String>,
    pub detail: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventRecord {
    pub session_id: String,
    /// Gapless from 1 within the session.
    pub seq: u64,
    /// The session's revision after the event.
    pub revision: u64,
    pub kind: String,
    pub actor: Option<String>,
    pub detail: Value,
    pub at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointRecord {
    pub id: String,
    pub session_id: String,
    pub name: Option<String>,
    pub head: Head,
    pub created_at: Millis,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CacheEntry {
    pub key: String,
    pub value: Value,
    /// From 1, incremented by every write of the key.
    pub version: u64,
    pub expires_at: Option<Millis>,
    pub updated_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotationRecord {
    pub id: String,
    pub session_id: String,
    pub path: String,
    pub line_start: Option<u64>,
    pub line_end: Option<u64>,
    pub author: String,
    pub body: String,
    pub resolved: bool,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A named baseline that sessions start from; its head is a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRecord {
    pub name: String,
    pub head_commit: String,
    pub root: String,
    pub size_bytes: u64,
    pub file_count: u64,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitRecord {
    pub id: String,
    pub source: String,
    pub session_id: Option<String>,
    pub parent: Option<String>,
    pub root: String,
    pub size_bytes: u64,
    pub file_count: u64,
    pub message: String,
    pub author: String,
    pub created_at: Millis,
}

/// What a change adds beside the event (each applied in the same transaction).
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    None,
    Checkpoint(CheckpointRecord),
    /// Writes a cache key; `expect_version` 0 means "must not exist", `None` means "any".
    CacheSet {
        key: String,
        value: Value,
        expect_version: Option<u64>,
        expires_at: Option<Millis>,
    },
    CacheDelete {
        key: String,
        expect_version: Option<u64>,
    },
    Annotate(AnnotationRecord),
    Resolve {
        annotation_id: String,
        resolved: bool,
    },
    /// Records a commit and makes it the session's last commit.
    Commit(CommitRecord),
    /// Records a commit and moves the source's head to it (creating the source), provided the
    /// head is still `expect_head` (`None`: the source must not exist yet).
    Promote {
        commit: CommitRecord,
        expect_head: Option<String>,
    },
}

/// Which workflow activity a change is: the workflow and the journal position of the call.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    pub workflow_id: String,
    pub position: u32,
}

/// A change made by a workflow's activity: it applies at most once per origin, and what it
/// returned is kept with it (in the same transaction), so that a repeat of the call (the server
/// killed before the workflow recorded the result, a retried report) gets the first result
/// instead of a second change.
#[derive(Clone)]
pub struct Activity {
    pub origin: Origin,
    /// The activity's result, from what the store did.
    pub result: Arc<dyn Fn(&Applied) -> Value + Send + Sync>,
}

impl std::fmt::Debug for Activity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Activity")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Activity {
    fn eq(&self, other: &Self) -> bool {
        self.origin == other.origin
    }
}

impl Activity {
    pub fn already_applied(&self, result: Value) -> Error {
        Error::AlreadyApplied {
            workflow_id: self.origin.workflow_id.clone(),
            position: self.origin.position,
            result,
        }
    }
}

/// One atomic change to a session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionChange {
    pub session_id: String,
    /// The revision the change was computed from; `None` for changes that do not depend on the
    /// tree (cache, annotations), which apply at whatever revision the session is.
    pub expect_revision: Option<u64>,
    /// The new tree, whose revision must be the current one plus one.
    pub head: Option<Head>,
    pub state: Option<SessionState>,
    pub event: NewEvent,
    pub effect: Effect,
    pub at: Millis,
    /// Set when a workflow's activity makes the change.
    pub activity: Option<Activity>,
}

/// A knowledge entry as stored (see `aether_types::workspace::Knowledge`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgeRecord {
    pub id: String,
    pub source: String,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    /// The links as JSON (`[{path, sessionId?, revision?}]`).
    pub links: Value,
    pub author: Option<String>,
    pub created_at: Millis,
}

impl KnowledgeRecord {
    /// Whether it passes a listing's filter: the tag exactly, the text anywhere in the title
    /// or body, ignoring case (`text` already lower-case). SQL narrows first; every backend
    /// applies this.
    pub fn matches(&self, tag: Option<&str>, text: Option<&str>) -> bool {
        tag.is_none_or(|t| self.tags.iter().any(|x| x == t))
            && text.is_none_or(|t| {
                self.title.to_lowercase().contains(t) || self.body.to_lowercase().contains(t)
            })
    }
}

/// What the collector of unreferenced content removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Collected {
    /// Objects reachable from something live (kept).
    pub live: u64,
    pub removed: u64,
    pub removed_bytes: u64,
}

/// The objects a directory object names: (hash, whether it is a directory itself). Given by
/// the caller, which knows the tree format; `None` for bytes that are not a directory.
pub type Children = dyn Fn(&[u8]) -> Option<Vec<(String, bool)>> + Send + Sync;

/// The mark phase of the collector, shared by every backend: every object reachable from the
/// roots. A backend reads each directory [`Marker::next_tree`] asks for and hands its bytes to
/// [`Marker::visit`] (synchronously or not) until none is left.
pub struct Marker<'a> {
    marked: std::collections::HashSet<String>,
    trees: Vec<String>,
    children: &'a Children,
}

impl<'a> Marker<'a> {
    /// `roots`: (hash, whether it is a directory).
    pub fn new(roots: Vec<(String, bool)>, children: &'a Children) -> Self {
        let mut marker = Self {
            marked: std::collections::HashSet::new(),
            trees: Vec::new(),
            children,
        };
        marker.reach(roots);
        marker
    }

    fn reach(&mut self, objects: Vec<(String, bool)>) {
        for (hash, is_tree) in objects {
            if self.marked.insert(hash.clone()) && is_tree {
                self.trees.push(hash);
            }
        }
    }

    /// The next directory to read, if any.
    pub fn next_tree(&mut self) -> Option<String> {
        self.trees.pop()
    }

    /// A directory's bytes (`None`: it is missing), marking what it names.
    pub fn visit(&mut self, bytes: Option<&[u8]>) {
        if let Some(listed) = bytes.and_then(self.children) {
            self.reach(listed);
        }
    }

    pub fn marked(self) -> std::collections::HashSet<String> {
        self.marked
    }
}

/// What [`WorkspaceStore::apply`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub event: EventRecord,
    /// The key's version after a cache write.
    pub cache_version: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionFilter {
    pub state: Option<SessionState>,
    pub source: Option<String>,
    pub parent: Option<String>,
    /// Every pair must match.
    pub labels: BTreeMap<String, String>,
    pub limit: Option<usize>,
}

impl SessionFilter {
    /// Whether a session passes the filter: the one reading every backend applies (SQL narrows
    /// by the indexed columns first, then checks the labels with this).
    pub fn matches(&self, s: &SessionRecord) -> bool {
        self.state.is_none_or(|state| s.state == state)
            && self
                .source
                .as_ref()
                .is_none_or(|src| s.source.as_ref() == Some(src))
            && self
                .parent
                .as_ref()
                .is_none_or(|p| s.parent.as_ref().map(|l| &l.session_id) == Some(p))
            && self.labels.iter().all(|(k, v)| s.labels.get(k) == Some(v))
    }
}

#[async_trait]
pub trait WorkspaceStore: Send + Sync + 'static {
    /// Stores objects by hash; an object already present keeps its bytes and is marked written
    /// now (so the collector, which spares recent objects, cannot remove it from under the
    /// change that is about to reference it).
    async fn put_objects(&self, objects: Vec<(String, Vec<u8>)>) -> Result<()>;
    /// Removes the objects written before `written_before` that nothing live references: not
    /// the tree of a session that is not archived, or of its checkpoints, of any commit or
    /// source, nor an object a workflow activity's result names (`hash`). Marking and removing
    /// happen while no session, checkpoint, commit or source can change, so a reference made
    /// meanwhile (a fork of an archived session) is either seen or waits.
    async fn collect_garbage(
        &self,
        written_before: Millis,
        children: &Children,
    ) -> Result<Collected>;
    async fn object(&self, hash: &str) -> Result<Option<Vec<u8>>>;
    /// Creates a session with its first event (seq 1); with an `activity`, at most once for its
    /// origin ([`Error::AlreadyApplied`] with the first result otherwise).
    async fn create_session(
        &self,
        session: SessionRecord,
        event: NewEvent,
        activity: Option<Activity>,
    ) -> Result<EventRecord>;
    async fn session(&self, id: &str) -> Result<Option<SessionRecord>>;
    /// Newest first.
    async fn sessions(&self, filter: &SessionFilter) -> Result<Vec<SessionRecord>>;
    /// Applies a change atomically: the revision check, the new head, the event, the effect, and
    /// for a workflow's activity its result ([`Error::AlreadyApplied`] if its origin was
    /// applied before; nothing changes then).
    async fn apply(&self, change: SessionChange) -> Result<Applied>;
    async fn add_knowledge(&self, entry: KnowledgeRecord) -> Result<()>;
    /// A source's entries, newest first, with `tag` and containing `text` (lower-case).
    async fn knowledge(
        &self,
        source: &str,
        tag: Option<&str>,
        text: Option<&str>,
        limit: usize,
    ) -> Result<Vec<KnowledgeRecord>>;
    async fn knowledge_entry(&self, id: &str) -> Result<Option<KnowledgeRecord>>;
    /// Whether there was such an entry.
    async fn delete_knowledge(&self, id: &str) -> Result<bool>;
    /// The result kept for a workflow activity's change, if it was applied.
    async fn activity_result(&self, origin: &Origin) -> Result<Option<Value>>;
    /// Events with `seq > after`, oldest first.
    async fn events(&self, session_id: &str, after: u64, limit: usize) -> Result<Vec<EventRecord>>;
    /// Oldest first.
    async fn checkpoints(&self, session_id: &str) -> Result<Vec<CheckpointRecord>>;
    async fn checkpoint(&self, id: &str) -> Result<Option<CheckpointRecord>>;
    /// The entry unless it expired by `now`.
    async fn cache_get(
        &self,
        session_id: &str,
        key: &str,
        now: Millis,
    ) -> Result<Option<CacheEntry>>;
    /// Oldest first.
    async fn annotations(&self, session_id: &str) -> Result<Vec<AnnotationRecord>>;
    async fn source(&self, name: &str) -> Result<Option<SourceRecord>>;
    async fn sources(&self) -> Result<Vec<SourceRecord>>;
    async fn commit(&self, id: &str) -> Result<Option<CommitRecord>>;
    /// Newest first.
    async fn commits(&self, source: &str) -> Result<Vec<CommitRecord>>;

    /// Tells the other nodes sharing this store that a bus message was recorded as `published`.
    /// The bus delivers live only, so this is best effort: a message whose announcement is lost
    /// is missed by its subscribers on other nodes, as by anyone subscribed too late. A store
    /// that no other node shares has no one to tell.
    async fn announce_published(&self, _published: &Published) -> Result<()> {
        Ok(())
    }

    /// The bus messages other nodes announced, as they come; `None` for a store that no other
    /// node shares.
    fn published_elsewhere(&self) -> Option<tokio::sync::broadcast::Receiver<Published>> {
        None
    }
}

/// A bus message another node published: the session's event that recorded it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Published {
    pub session_id: String,
    pub event_seq: u64,
}
