//! Workspace activities: the workspace operations a workflow makes through `ctx.workspace`,
//! executed by the engine (not the worker) and journaled like steps. One value names the
//! operation and its arguments; a file's bytes travel beside it, never in it, so the journal
//! keeps a digest and a hash instead of content.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{BatchOp, CreateSession, KnowledgeFilter, NewAnnotation, NewKnowledge, Segment};

/// One workspace operation a workflow asks the engine to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Activity {
    /// A new session; without an `id`, one derived from the workflow and position, so that a
    /// repeat finds the same session.
    Create {
        #[serde(flatten)]
        request: CreateSession,
    },
    Get {
        session_id: String,
    },
    Manifest {
        session_id: String,
    },
    /// A whole file: its bytes come back beside the result, which holds their hash.
    Read {
        session_id: String,
        path: String,
    },
    /// Writes the bytes sent beside the activity.
    Write {
        session_id: String,
        path: String,
        #[serde(default)]
        mode: Option<u32>,
        #[serde(default)]
        expected_revision: Option<u64>,
    },
    Dirs {
        session_id: String,
        paths: Vec<String>,
        #[serde(default)]
        expected_revision: Option<u64>,
    },
    Rename {
        session_id: String,
        from: String,
        to: String,
        #[serde(default)]
        expected_revision: Option<u64>,
    },
    Delete {
        session_id: String,
        paths: Vec<String>,
        #[serde(default)]
        expected_revision: Option<u64>,
    },
    Batch {
        session_id: String,
        ops: Vec<BatchOp>,
        #[serde(default)]
        expected_revision: Option<u64>,
    },
    PatchSegments {
        session_id: String,
        path: String,
        segments: Vec<Segment>,
        #[serde(default)]
        truncate: Option<u64>,
        #[serde(default)]
        expected_revision: Option<u64>,
    },
    CacheGet {
        session_id: String,
        key: String,
    },
    /// `if_version` makes it a compare-and-set (0: the key must not exist).
    CachePut {
        session_id: String,
        key: String,
        value: Value,
        #[serde(default)]
        if_version: Option<u64>,
        #[serde(default)]
        ttl_ms: Option<u64>,
    },
    CacheDelete {
        session_id: String,
        key: String,
        #[serde(default)]
        if_version: Option<u64>,
    },
    Publish {
        session_id: String,
        topic: String,
        message: Value,
    },
    Annotate {
        session_id: String,
        #[serde(flatten)]
        annotation: NewAnnotation,
    },
    Resolve {
        session_id: String,
        annotation_id: String,
        #[serde(default = "yes")]
        resolved: bool,
    },
    Checkpoint {
        session_id: String,
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        expected_revision: Option<u64>,
    },
    Restore {
        session_id: String,
        checkpoint_id: String,
        #[serde(default)]
        expected_revision: Option<u64>,
    },
    /// A new session with this one's tree; without an `id`, one derived from the workflow and
    /// position.
    Fork {
        session_id: String,
        #[serde(default)]
        id: Option<String>,
        #[serde(default)]
        labels: BTreeMap<String, String>,
    },
    Commit {
        session_id: String,
        message: String,
        #[serde(default)]
        author: Option<String>,
        #[serde(default)]
        source: Option<String>,
        #[serde(default)]
        expected_revision: Option<u64>,
    },
    /// Three-way merge of session `from` into this one.
    Merge {
        session_id: String,
        from: String,
        #[serde(default)]
        expected_revision: Option<u64>,
    },
    Promote {
        session_id: String,
        #[serde(default)]
        source: Option<String>,
        #[serde(default)]
        author: Option<String>,
        #[serde(default)]
        force: bool,
        #[serde(default)]
        expected_revision: Option<u64>,
    },
    /// A knowledge entry about a source; made once however often the call is repeated.
    AddKnowledge {
        entry: NewKnowledge,
    },
    /// A source's knowledge entries, by tag and text.
    SearchKnowledge {
        filter: KnowledgeFilter,
    },
    /// The tree as tar.gz: the bytes come back beside the result, which holds their hash.
    Export {
        session_id: String,
    },
    Archive {
        session_id: String,
        #[serde(default)]
        expected_revision: Option<u64>,
    },
}

fn yes() -> bool {
    true
}

impl Activity {
    /// The name the journal knows the call by (`workspace.write`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Activity::Create { .. } => "workspace.create",
            Activity::Get { .. } => "workspace.get",
            Activity::Manifest { .. } => "workspace.manifest",
            Activity::Read { .. } => "workspace.read",
            Activity::Write { .. } => "workspace.write",
            Activity::Dirs { .. } => "workspace.dirs",
            Activity::Rename { .. } => "workspace.rename",
            Activity::Delete { .. } => "workspace.delete",
            Activity::Batch { .. } => "workspace.batch",
            Activity::PatchSegments { .. } => "workspace.patchSegments",
            Activity::CacheGet { .. } => "workspace.cacheGet",
            Activity::CachePut { .. } => "workspace.cachePut",
            Activity::CacheDelete { .. } => "workspace.cacheDelete",
            Activity::Publish { .. } => "workspace.publish",
            Activity::Annotate { .. } => "workspace.annotate",
            Activity::Resolve { .. } => "workspace.resolve",
            Activity::Checkpoint { .. } => "workspace.checkpoint",
            Activity::Restore { .. } => "workspace.restore",
            Activity::Fork { .. } => "workspace.fork",
            Activity::Commit { .. } => "workspace.commit",
            Activity::Merge { .. } => "workspace.merge",
            Activity::Promote { .. } => "workspace.promote",
            Activity::AddKnowledge { .. } => "workspace.addKnowledge",
            Activity::SearchKnowledge { .. } => "workspace.searchKnowledge",
            Activity::Export { .. } => "workspace.export",
            Activity::Archive { .. } => "workspace.archive",
        }
    }

    /// The session the call is about (for a create, the one it names, if any).
    pub fn session_id(&self) -> Option<&str> {
        match self {
            Activity::Create { request } => request.id.as_deref(),
            Activity::AddKnowledge { .. } | Activity::SearchKnowledge { .. } => None,
            Activity::Get { session_id }
            | Activity::Manifest { session_id }
            | Activity::Read { session_id, .. }
            | Activity::Write { session_id, .. }
            | Activity::Dirs { session_id, .. }
            | Activity::Rename { session_id, .. }
            | Activity::Delete { session_id, .. }
            | Activity::Batch { session_id, .. }
            | Activity::PatchSegments { session_id, .. }
            | Activity::CacheGet { session_id, .. }
            | Activity::CachePut { session_id, .. }
            | Activity::CacheDelete { session_id, .. }
            | Activity::Publish { session_id, .. }
            | Activity::Annotate { session_id, .. }
            | Activity::Resolve { session_id, .. }
            | Activity::Checkpoint { session_id, .. }
            | Activity::Restore { session_id, .. }
            | Activity::Fork { session_id, .. }
            | Activity::Commit { session_id, .. }
            | Activity::Merge { session_id, .. }
            | Activity::Promote { session_id, .. }
            | Activity::Export { session_id }
            | Activity::Archive { session_id, .. } => Some(session_id),
        }
    }

    /// Whether it only reads (runs again harmlessly; nothing to apply at most once).
    pub fn reads_only(&self) -> bool {
        matches!(
            self,
            Activity::Get { .. }
                | Activity::Manifest { .. }
                | Activity::Read { .. }
                | Activity::CacheGet { .. }
                | Activity::SearchKnowledge { .. }
                | Activity::Export { .. }
        )
    }
}

/// What a workspace activity returned: the operation's result as the HTTP API renders it (for
/// a read or an export, without the bytes: `hash` names them in the content store), and the
/// bytes themselves when the call returns some.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityOutput {
    pub result: Value,
    pub content: Option<Vec<u8>>,
}

/// How the engine answers a workspace activity: the journaled outcome (the result as JSON, or
/// the workspace's refusal) and the bytes of a read or an export.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityReply {
    pub outcome: Result<Value, crate::Failure>,
    pub content: Option<Vec<u8>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activities_read_as_the_http_api_writes_them() {
        let write: Activity = serde_json::from_value(serde_json::json!({
            "op": "write", "sessionId": "s1", "path": "a.txt", "expectedRevision": 3
        }))
        .unwrap();
        assert_eq!(
            write,
            Activity::Write {
                session_id: "s1".into(),
                path: "a.txt".into(),
                mode: None,
                expected_revision: Some(3),
            }
        );
        assert_eq!(write.name(), "workspace.write");
        let create: Activity =
            serde_json::from_value(serde_json::json!({ "op": "create", "id": "s2" })).unwrap();
        assert_eq!(create.session_id(), Some("s2"));
        assert!(
            serde_json::from_value::<Activity>(serde_json::json!({ "op": "explode" })).is_err()
        );
    }
}
