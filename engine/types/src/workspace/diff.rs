//! What changed between two trees of a session, as the dashboard's review view shows it.

use serde::{Deserialize, Serialize};

/// One tree of a session: the one it started from, its current one, or a checkpoint's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeRef {
    /// What the session was forked from (its parent at the fork), else the source commit it
    /// was created from, else the empty tree.
    Base,
    Head,
    Checkpoint(String),
}

impl TreeRef {
    /// `base`, `head`, or anything else as a checkpoint id.
    pub fn named(name: &str) -> Self {
        match name {
            "base" => TreeRef::Base,
            "head" => TreeRef::Head,
            id => TreeRef::Checkpoint(id.to_owned()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum FileChange {
    Added,
    Deleted,
    Modified,
}

/// One file that differs. Texts are given for text files up to a size limit; a binary file
/// (not UTF-8, or holding NUL bytes) or a larger one says so and carries none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FileDiff {
    pub path: String,
    pub change: FileChange,
    pub binary: bool,
    pub too_large: bool,
    pub before: Option<String>,
    pub after: Option<String>,
    pub before_size: Option<u64>,
    pub after_size: Option<u64>,
}

/// The files that differ between two trees, by path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Diff {
    /// The trees compared (root hashes).
    pub from_root: String,
    pub to_root: String,
    pub files: Vec<FileDiff>,
}
