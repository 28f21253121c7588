//! Why a workspace call failed, more specifically than its [`ErrorCode`]: the stable names that
//! clients branch on (HTTP `reason`, gRPC `aether-reason` metadata).

use serde::{Deserialize, Serialize};

use crate::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Reason {
    /// A path that is absolute, climbs out with `..`, or holds NUL or control characters.
    InvalidPath,
    /// The session is no longer at the caller's expected revision; nothing changed.
    StaleRevision,
    /// A cache compare-and-set lost: the key is not at the expected version.
    StaleCacheVersion,
    /// The source moved since the session started from it (promote without force).
    SourceMoved,
    /// Both sides of a merge changed a path differently; the conflicts come with the error.
    MergeConflict,
    /// The session is archived and read-only.
    SessionArchived,
    // Nothing more specific than the code: the code's own name.
    InvalidArgument,
    NotFound,
    FailedPrecondition,
    Conflict,
    TooLarge,
    Unavailable,
    Internal,
}

impl Reason {
    pub const ALL: [Reason; 13] = [
        Reason::InvalidPath,
        Reason::StaleRevision,
        Reason::StaleCacheVersion,
        Reason::SourceMoved,
        Reason::MergeConflict,
        Reason::SessionArchived,
        Reason::InvalidArgument,
        Reason::NotFound,
        Reason::FailedPrecondition,
        Reason::Conflict,
        Reason::TooLarge,
        Reason::Unavailable,
        Reason::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::InvalidPath => "invalid_path",
            Reason::StaleRevision => "stale_revision",
            Reason::StaleCacheVersion => "stale_cache_version",
            Reason::SourceMoved => "source_moved",
            Reason::MergeConflict => "merge_conflict",
            Reason::SessionArchived => "session_archived",
            Reason::InvalidArgument => ErrorCode::InvalidArgument.as_str(),
            Reason::NotFound => ErrorCode::NotFound.as_str(),
            Reason::FailedPrecondition => ErrorCode::FailedPrecondition.as_str(),
            Reason::Conflict => ErrorCode::Conflict.as_str(),
            Reason::TooLarge => ErrorCode::TooLarge.as_str(),
            Reason::Unavailable => ErrorCode::Unavailable.as_str(),
            Reason::Internal => ErrorCode::Internal.as_str(),
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| reason.as_str() == text)
    }
}

/// The reason that says no more than the code.
impl From<ErrorCode> for Reason {
    fn from(code: ErrorCode) -> Self {
        match code {
            ErrorCode::InvalidArgument => Reason::InvalidArgument,
            ErrorCode::NotFound => Reason::NotFound,
            ErrorCode::FailedPrecondition => Reason::FailedPrecondition,
            ErrorCode::Conflict => Reason::Conflict,
            ErrorCode::TooLarge => Reason::TooLarge,
            ErrorCode::Unavailable => Reason::Unavailable,
            ErrorCode::Internal => Reason::Internal,
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_their_snake_case_names_everywhere() {
        for reason in Reason::ALL {
            let json = serde_json::to_value(reason).unwrap();
            assert_eq!(json, reason.as_str());
            assert_eq!(Reason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(Reason::parse("no_such_reason"), None);
    }
}
