use aether_types::{Approval, ApprovalId, Failure};

/// Errors of the SDK, as client calls and workflow code see them.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot reach the Aether server at {url}: {message}")]
    Connect { url: String, message: String },
    #[error("{0}")]
    Rpc(#[from] tonic::Status),
    #[error("cannot encode or decode a payload as JSON: {0}")]
    Payload(#[from] serde_json::Error),
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// A step (or activity) failed for good: out of attempts, or not retried.
    #[error("step failed: {0}")]
    StepFailed(Failure),
    /// A child workflow failed or was cancelled.
    #[error("child workflow failed: {0}")]
    ChildFailed(Failure),
    /// The workflow awaited with `start_and_wait` or `result` failed.
    #[error("workflow failed: {0}")]
    WorkflowFailed(Failure),
    #[error("workflow was cancelled")]
    WorkflowCancelled,
    /// The workflow code no longer matches its journal; the workflow fails.
    #[error("{0}")]
    NonDeterminism(String),
    /// Failure raised by workflow code itself.
    #[error("{0}")]
    Workflow(Failure),
    /// No approval has this id.
    #[error("approval {0} not found")]
    ApprovalNotFound(ApprovalId),
    /// A decision came after the first one: the approval was already decided, expired or
    /// cancelled, and that outcome stands. Holds the approval as it stands, so the caller can
    /// say who decided what and when without another call.
    #[error("approval {} was already {}", .0.id, .0.state)]
    ApprovalDecided(Box<Approval>),
    /// The workspace refused a `ctx.workspace()` call (a stale revision, a missing path, a lost
    /// compare-and-set): `error_type` is its reason (`stale_revision`, ...). Journaled, so a
    /// replay meets the same refusal.
    #[error("workspace refused: {}", .0.message)]
    Workspace(Failure),
}

/// A reply that breaks the contract: JSON that is not JSON is a payload error, anything else
/// (a missing field, an unknown kind) an invalid argument, as the caller cannot fix either.
impl From<aether_proto::WireError> for Error {
    fn from(err: aether_proto::WireError) -> Self {
        match err {
            aether_proto::WireError::Json { source, .. } => Error::Payload(source),
            other => Error::InvalidArgument(other.to_string()),
        }
    }
}

impl Error {
    /// A failure to end a workflow with, from workflow code: `Err(Error::msg("out of stock"))`.
    pub fn msg(message: impl Into<String>) -> Self {
        Error::Workflow(Failure::new("WorkflowError", message))
    }

    /// The failure recorded when a workflow function returns this error.
    pub fn to_failure(&self) -> Failure {
        match self {
            Error::StepFailed(f)
            | Error::ChildFailed(f)
            | Error::WorkflowFailed(f)
            | Error::Workspace(f)
            | Error::Workflow(f) => f.clone(),
            Error::NonDeterminism(message) => Failure::non_determinism(message.clone()),
            Error::WorkflowCancelled => Failure::cancelled(""),
            Error::Payload(e) => Failure::new("PayloadError", e.to_string()),
            other => Failure::new("Error", other.to_string()),
        }
    }
}

/// The error a step or activity function returns. Build one with [`StepError::new`] for a
/// typed error (matched by `non_retryable_error_types`), or convert any `std::error::Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepError(pub Failure);

impl StepError {
    pub fn new(error_type: impl Into<String>, message: impl Into<String>) -> Self {
        StepError(Failure::new(error_type, message))
    }

    /// A plain message, typed `Error`.
    pub fn msg(message: impl Into<String>) -> Self {
        StepError(Failure::new("Error", message))
    }

    /// Fails the step for good whatever the retry policy says.
    pub fn non_retryable(mut self) -> Self {
        self.0.non_retryable = true;
        self
    }
}

impl std::fmt::Display for StepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<E: std::error::Error> From<E> for StepError {
    fn from(err: E) -> Self {
        let full = std::any::type_name::<E>();
        let short = full.rsplit("::").next().unwrap_or(full);
        StepError(Failure::new(short, err.to_string()))
    }
}
