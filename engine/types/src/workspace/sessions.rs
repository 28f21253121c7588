//! Sessions: what one is, where a new one comes from, and which ones a listing returns.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Base64;

/// A session: its current head (revision, root tree) and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// The session (and its revision) a session was forked or checkpointed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ParentRef {
    pub session_id: String,
    pub revision: u64,
}

/// Where a new session's tree comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
        /// Branch, tag, commit or revspec; `HEAD` when absent.
        #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
    },
    /// An uploaded tar.gz archive.
    Archive {
        #[serde(rename = "tarGzBase64")]
        tar_gz: Base64,
    },
}

/// A new session: an optional id, where its tree comes from, and labels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateSession {
    /// Optional caller-chosen id (letters, digits, `-`, `_`, `.`; up to 128).
    pub id: Option<String>,
    pub from: Option<Origin>,
    pub labels: BTreeMap<String, String>,
}

/// Built as `CreateSession::blank().id("s1").label("team", "docs")`.
impl CreateSession {
    pub fn blank() -> Self {
        Self::default()
    }

    pub fn from_source(name: impl Into<String>) -> Self {
        Self::from_origin(Origin::Source { name: name.into() })
    }

    pub fn from_checkpoint(checkpoint_id: impl Into<String>) -> Self {
        Self::from_origin(Origin::Checkpoint {
            checkpoint_id: checkpoint_id.into(),
        })
    }

    /// `path` is on the server's machine; `reference` is a branch, tag or commit ("" for HEAD).
    pub fn from_git(path: impl Into<String>, reference: impl Into<String>) -> Self {
        let reference: String = reference.into();
        Self::from_origin(Origin::Git {
            path: path.into(),
            reference: (!reference.is_empty()).then_some(reference),
        })
    }

    pub fn from_tar_gz(archive: Vec<u8>) -> Self {
        Self::from_origin(Origin::Archive {
            tar_gz: Base64(archive),
        })
    }

    pub fn from_origin(origin: Origin) -> Self {
        Self {
            from: Some(origin),
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

/// Which sessions a listing returns, newest first; every given filter must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionFilter {
    /// `active` or `archived`.
    pub state: Option<String>,
    pub source: Option<String>,
    /// Only forks (and checkpoint copies) of this session.
    pub parent: Option<String>,
    pub labels: BTreeMap<String, String>,
    /// `None`: the server's default page (the server also caps it).
    pub limit: Option<u32>,
}
