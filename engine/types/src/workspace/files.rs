//! A session's tree: its listing, a file's bytes, and the changes made to paths.

use serde::{Deserialize, Serialize};

use super::Content;

/// What a path of a tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum EntryKind {
    File,
    Dir,
    /// Its content is the link target.
    Symlink,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::File => "file",
            EntryKind::Dir => "dir",
            EntryKind::Symlink => "symlink",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "file" => EntryKind::File,
            "dir" => EntryKind::Dir,
            "symlink" => EntryKind::Symlink,
            _ => return None,
        })
    }
}

impl std::fmt::Display for EntryKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ManifestEntry {
    pub path: String,
    pub kind: EntryKind,
    pub size: u64,
    pub hash: String,
    /// Permission bits as a number (420 is 0o644, 493 is 0o755), as `stat` reports them.
    pub mode: u32,
}

/// Every path of a session's tree at one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Manifest {
    pub session_id: String,
    pub revision: u64,
    pub root: String,
    pub size_bytes: u64,
    pub file_count: u64,
    pub entries: Vec<ManifestEntry>,
}

/// Bytes of a file from `offset`, and what the whole file is. HTTP sends the bytes as the body
/// and the rest as headers, so `data` is not part of the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// The result of a change to the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Mutation {
    pub session_id: String,
    pub revision: u64,
    pub root: String,
    /// The event the change appended.
    pub event_seq: u64,
}

/// One operation of a `batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// Creates (or replaces a file or link at) `path` as a symbolic link to `target`, which
    /// must be relative and stay inside the session.
    Symlink {
        path: String,
        target: String,
    },
    /// Sets the permission bits (0 to 0o777) of an existing file or directory; the content is
    /// not sent again.
    Chmod {
        path: String,
        mode: u32,
    },
}

impl BatchOp {
    /// A file with the default mode (0o644 for a new file).
    pub fn write(path: impl Into<String>, content: impl Into<Content>) -> Self {
        BatchOp::Write {
            path: path.into(),
            content: content.into(),
            mode: None,
        }
    }

    pub fn delete(path: impl Into<String>) -> Self {
        BatchOp::Delete { path: path.into() }
    }

    /// `mkdir -p`.
    pub fn mkdir(path: impl Into<String>) -> Self {
        BatchOp::Mkdir { path: path.into() }
    }

    pub fn rename(from: impl Into<String>, to: impl Into<String>) -> Self {
        BatchOp::Rename {
            from: from.into(),
            to: to.into(),
        }
    }

    /// `ln -s target path`; the target is checked as [`check_link_target`] does.
    ///
    /// [`check_link_target`]: super::path::check_link_target
    pub fn symlink(path: impl Into<String>, target: impl Into<String>) -> Self {
        BatchOp::Symlink {
            path: path.into(),
            target: target.into(),
        }
    }

    /// `chmod mode path` (permission bits only, e.g. `0o755`).
    pub fn chmod(path: impl Into<String>, mode: u32) -> Self {
        BatchOp::Chmod {
            path: path.into(),
            mode,
        }
    }
}

/// Bytes to write at an offset of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Segment {
    pub offset: u64,
    #[serde(flatten)]
    pub content: Content,
}

impl Segment {
    pub fn new(offset: u64, content: impl Into<Content>) -> Self {
        Self {
            offset,
            content: content.into(),
        }
    }
}
