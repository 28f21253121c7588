//! Keeping and moving work: checkpoints, commits and sources, merges, promotion, export.

use serde::{Deserialize, Serialize};

use super::Mutation;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Source {
    pub name: String,
    pub head_commit: String,
    pub root: String,
    pub size_bytes: u64,
    pub file_count: u64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Promotion {
    pub source: Source,
    pub commit: Commit,
}

/// A merge that could not be made without a decision: both sides changed one path differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Conflict {
    pub path: String,
    /// `content` (both edited the same lines), `modify-delete`, `add-add`, `kind` (file vs
    /// directory) or `binary`.
    pub reason: String,
    /// The hashes of each side's version (`None` where that side deleted it), so nothing is lost.
    pub base: Option<String>,
    pub ours: Option<String>,
    pub theirs: Option<String>,
    /// For text edits on the same lines: the file with both versions between conflict markers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marked: Option<String>,
}

/// A session's tree as a tar.gz archive. HTTP sends the archive as the body, so this is not
/// JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The revision archived.
    pub revision: u64,
    pub tar_gz: Vec<u8>,
}
