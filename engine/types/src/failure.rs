use serde::{Deserialize, Serialize};

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
}

impl Failure {
    pub fn new(error_type: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            error_type: error_type.into(),
            stack: None,
            non_retryable: false,
        }
    }

    /// The failure of a workflow whose code no longer matches its journal.
    pub fn non_determinism(message: impl Into<String>) -> Self {
        Self {
            non_retryable: true,
            ..Self::new("NonDeterminismError", message)
        }
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
