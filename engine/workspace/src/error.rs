//! The workspace service's errors, each with one [`ErrorCode`] and one [`Reason`].

use aether_types::{
    ErrorCode,
    workspace::{Conflict, Reason},
};

use crate::path::PathError;

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
    /// A git import the configuration does not allow, for whatever reason: the reason is only
    /// logged, so that the answer says nothing about the server's filesystem. The service
    /// names the path the caller gave.
    #[error("not a git repository inside the directories [workspaces] import_roots allows")]
    GitImportRefused,
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
            Error::Path(_) | Error::InvalidArgument(_) | Error::GitImportRefused => {
                ErrorCode::InvalidArgument
            }
            // The request is well formed; the tree holds the other kind at that path.
            Error::NotADirectory(_) | Error::IsADirectory(_) => ErrorCode::FailedPrecondition,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::AlreadyExists(_) | Error::MergeConflict(_) => ErrorCode::Conflict,
            Error::TooLarge(_) => ErrorCode::TooLarge,
            Error::Archived(_) | Error::FailedPrecondition(_) => ErrorCode::FailedPrecondition,
            Error::Store(err) => match err {
                S::SessionNotFound(_) | S::AnnotationNotFound(_) | S::ContentGone(_) => {
                    ErrorCode::NotFound
                }
                S::SessionExists(_)
                | S::StaleRevision { .. }
                | S::StaleCacheVersion { .. }
                | S::SourceMoved { .. } => ErrorCode::Conflict,
                // Caught by the activity runner; reaching a caller would be a bug.
                S::AlreadyApplied { .. } => ErrorCode::Internal,
                S::Backend(_) => ErrorCode::Unavailable,
                S::Rejected(_) => ErrorCode::InvalidArgument,
            },
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// A stable, more specific name than the code, for clients to branch on.
    pub fn reason(&self) -> Reason {
        use aether_store::workspace::Error as S;
        match self {
            Error::Path(_) => Reason::InvalidPath,
            Error::Store(S::StaleRevision { .. }) => Reason::StaleRevision,
            Error::Store(S::StaleCacheVersion { .. }) => Reason::StaleCacheVersion,
            Error::Store(S::SourceMoved { .. }) => Reason::SourceMoved,
            Error::MergeConflict(_) => Reason::MergeConflict,
            Error::Archived(_) => Reason::SessionArchived,
            _ => self.code().into(),
        }
    }

    pub fn conflicts(&self) -> Option<&[Conflict]> {
        match self {
            Error::MergeConflict(conflicts) => Some(conflicts),
            _ => None,
        }
    }
}
