use aether_types::ErrorCode;
use serde::Serialize;

use crate::path::PathError;

/// A merge that could not be made without a decision: both sides changed one path differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
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

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Path(#[from] PathError),
    #[error("{0}")]
    InvalidArgument(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0} already exists")]
    AlreadyExists(String),
    #[error("{0} is not a directory")]
    NotADirectory(String),
    #[error("{0} is a directory")]
    IsADirectory(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("session {0} is archived and read-only")]
    Archived(String),
    #[error("merge has {} conflict(s): {}", .0.len(), conflict_paths(.0))]
    MergeConflict(Vec<Conflict>),
    #[error("{0}")]
    FailedPrecondition(String),
    #[error(transparent)]
    Store(#[from] aether_store::workspace::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The first few conflicting paths, for a message that stays short however many there are.
fn conflict_paths(conflicts: &[Conflict]) -> String {
    const SHOWN: usize = 5;
    let mut text = conflicts
        .iter()
        .take(SHOWN)
        .map(|c| c.path.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if conflicts.len() > SHOWN {
        text.push_str(&format!(" and {} more", conflicts.len() - SHOWN));
    }
    text
}

impl Error {
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidArgument(message.into())
    }

    pub fn code(&self) -> ErrorCode {
        use aether_store::workspace::Error as S;
        match self {
            Error::Path(_)
            | Error::InvalidArgument(_)
            | Error::NotADirectory(_)
            | Error::IsADirectory(_) => ErrorCode::InvalidArgument,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::AlreadyExists(_) | Error::MergeConflict(_) => ErrorCode::Conflict,
            Error::TooLarge(_) => ErrorCode::TooLarge,
            Error::Archived(_) | Error::FailedPrecondition(_) => ErrorCode::FailedPrecondition,
            Error::Store(err) => match err {
                S::SessionNotFound(_) | S::AnnotationNotFound(_) => ErrorCode::NotFound,
                S::SessionExists(_)
                | S::StaleRevision { .. }
                | S::StaleCacheVersion { .. }
                | S::SourceMoved { .. } => ErrorCode::Conflict,
                S::Backend(_) => ErrorCode::Unavailable,
            },
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// A stable, more specific name than the code, for clients to branch on.
    pub fn reason(&self) -> &'static str {
        use aether_store::workspace::Error as S;
        match self {
            Error::Path(_) => "invalid_path",
            Error::Store(S::StaleRevision { .. }) => "stale_revision",
            Error::Store(S::StaleCacheVersion { .. }) => "stale_cache_version",
            Error::Store(S::SourceMoved { .. }) => "source_moved",
            Error::MergeConflict(_) => "merge_conflict",
            Error::Archived(_) => "session_archived",
            _ => self.code().as_str(),
        }
    }

    pub fn conflicts(&self) -> Option<&[Conflict]> {
        match self {
            Error::MergeConflict(conflicts) => Some(conflicts),
            _ => None,
        }
    }
}
