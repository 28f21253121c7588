use serde::{Deserialize, Serialize};

use crate::TimeoutKind;

/// The error type of a workflow failed for a payload over `limits.max_payload_bytes`.
pub const PAYLOAD_TOO_LARGE: &str = "PayloadTooLarge";
/// The error type of a workflow failed for a journal over `limits.max_journal_bytes`.
pub const JOURNAL_TOO_LARGE: &str = "JournalTooLarge";

/// An error as recorded in the history: one failed step attempt, or a failed workflow.
/// Failures are data, not Rust errors: the engine stores them and hands them to workflow code.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Failure {
    pub message: String,
    /// The error's type name, matched by `RetryPolicy::non_retryable_error_types`.
    pub error_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
    /// Set by user code to stop retries whatever the policy says.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub non_retryable: bool,
    /// Set when the engine failed the attempt or the workflow because a timeout passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<TimeoutKind>,
}

impl Failure {
    pub fn new(error_type: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            error_type: error_type.into(),
            stack: None,
            non_retryable: false,
            timeout: None,
        }
    }

    /// The failure of an attempt (or a workflow) the engine ended because `kind` passed.
    pub fn timeout(kind: TimeoutKind, message: impl Into<String>) -> Self {
        Self {
            // Past a schedule-to-close or execution timeout nothing may run again.
            non_retryable: matches!(kind, TimeoutKind::ScheduleToClose | TimeoutKind::Execution),
            timeout: Some(kind),
            ..Self::new("TimeoutError", message)
        }
    }

    /// The failure of a workflow whose code no longer matches its journal.
    pub fn non_determinism(message: impl Into<String>) -> Self {
        Self {
            non_retryable: true,
            ..Self::new("NonDeterminismError", message)
        }
    }

    /// The failure of a workflow the engine ended because a payload it was handed (a step's
    /// result, its own result, a child's input) is larger than the server accepts.
    pub fn payload_too_large(message: impl Into<String>) -> Self {
        Self {
            non_retryable: true,
            ..Self::new(PAYLOAD_TOO_LARGE, message)
        }
    }

    /// The failure of a workflow the engine ended because its journal would no longer fit in
    /// the task a worker is sent.
    pub fn journal_too_large(message: impl Into<String>) -> Self {
        Self {
            non_retryable: true,
            ..Self::new(JOURNAL_TOO_LARGE, message)
        }
    }

    /// Whether the engine ended the workflow for a size limit (its worker must be told).
    pub fn is_size_limit(&self) -> bool {
        self.error_type == PAYLOAD_TOO_LARGE || self.error_type == JOURNAL_TOO_LARGE
    }

    pub fn cancelled(reason: &str) -> Self {
        let message = if reason.is_empty() {
            "workflow cancelled".to_owned()
        } else {
            format!("workflow cancelled: {reason}")
        };
        Self {
            non_retryable: true,
            ..Self::new("CancelledError", message)
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.error_type.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.error_type, self.message)
        }
    }
}
