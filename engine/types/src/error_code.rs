/// The error categories of Aether's APIs. Every library error maps to exactly one code, and the
/// server maps each code to exactly one gRPC status and one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The request is malformed: a bad id, a missing field, a value out of range.
    InvalidArgument,
    /// The workflow, worker or session does not exist.
    NotFound,
    /// The request is valid but the target's state forbids it (e.g. cancelling a finished run).
    FailedPrecondition,
    /// A concurrent change won; retrying may succeed.
    Conflict,
    /// The request or what it would create exceeds a configured limit.
    TooLarge,
    /// A dependency (the database) is unavailable.
    Unavailable,
    /// A bug or an unexpected failure.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::NotFound => "not_found",
            ErrorCode::FailedPrecondition => "failed_precondition",
            ErrorCode::Conflict => "conflict",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
        }
    }
}
