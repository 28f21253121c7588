use aether_types::{
    Approval, ApprovalId, ErrorCode, ScheduleError, ScheduleId, WorkflowId, approval::ApprovalError,
};

/// Why the engine refused a request. Workflow failures are not errors: they are recorded in the
/// history and returned as data.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    InvalidArgument(String),
    #[error("workflow {0} not found")]
    WorkflowNotFound(WorkflowId),
    #[error("worker {0} is not registered")]
    WorkerNotFound(String),
    #[error("{0}")]
    FailedPrecondition(String),
    /// Over a limit of the engine's (a payload's size, what a workflow may keep).
    #[error("{0}")]
    TooLarge(String),
    #[error("workflow {0} is changing too fast; try again")]
    Contended(WorkflowId),
    #[error("approval {0} not found")]
    ApprovalNotFound(ApprovalId),
    /// The approval was already decided (or expired, or cancelled): the first outcome stands.
    #[error("approval {} is already {}", .0.id, .0.state)]
    ApprovalDecided(Box<Approval>),
    #[error("schedule {0} not found")]
    ScheduleNotFound(ScheduleId),
    #[error("schedule {0} already exists")]
    ScheduleExists(ScheduleId),
    #[error("schedule {0} is changing too fast; try again")]
    ScheduleContended(ScheduleId),
    /// A dependency (the workspace store) failed for now; the caller may try again.
    #[error("{0}")]
    Unavailable(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Store(#[from] aether_store::Error),
}

impl Error {
    /// Whether the same call may succeed later unchanged: the store was unavailable, or the
    /// workflow changed too fast. Anything else (not found, refused, corrupt) stays as it is.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::Unavailable(_)
                | Error::Contended(_)
                | Error::ScheduleContended(_)
                | Error::Store(aether_store::Error::Backend(_))
        )
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidArgument(_) => ErrorCode::InvalidArgument,
            Error::WorkflowNotFound(_)
            | Error::WorkerNotFound(_)
            | Error::ApprovalNotFound(_)
            | Error::ScheduleNotFound(_) => ErrorCode::NotFound,
            Error::ScheduleExists(_) | Error::ScheduleContended(_) => ErrorCode::Conflict,
            Error::ApprovalDecided(_) => ErrorCode::Conflict,
            Error::FailedPrecondition(_) => ErrorCode::FailedPrecondition,
            Error::TooLarge(_) => ErrorCode::TooLarge,
            Error::Contended(_) => ErrorCode::Conflict,
            Error::Corrupt(_) => ErrorCode::Internal,
            Error::Unavailable(_) => ErrorCode::Unavailable,
            Error::Store(aether_store::Error::NotFound(_)) => ErrorCode::NotFound,
            Error::Store(aether_store::Error::Conflict { .. }) => ErrorCode::Conflict,
            Error::Store(aether_store::Error::AlreadyExists(_)) => ErrorCode::Conflict,
            Error::Store(aether_store::Error::ApprovalConflict(_)) => ErrorCode::Conflict,
            Error::Store(aether_store::Error::ScheduleConflict(_)) => ErrorCode::Conflict,
            Error::Store(aether_store::Error::Backend(_)) => ErrorCode::Unavailable,
            Error::Store(aether_store::Error::Corrupt(_)) => ErrorCode::Internal,
        }
    }
}

/// An approval request or decision that breaks a bound.
impl From<ApprovalError> for Error {
    fn from(err: ApprovalError) -> Self {
        match err {
            ApprovalError::Invalid(message) => Error::InvalidArgument(message),
            ApprovalError::TooLarge(message) => Error::TooLarge(message),
        }
    }
}

/// A schedule definition or id that does not hold.
impl From<ScheduleError> for Error {
    fn from(err: ScheduleError) -> Self {
        match err {
            ScheduleError::Invalid(message) => Error::InvalidArgument(message),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
