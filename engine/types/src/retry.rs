use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::Failure;

/// How the engine retries a failed step. The engine, not the worker, waits out the backoff (as a
/// durable timer), so a retry survives restarts and every attempt is in the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetryPolicy {
    pub initial_interval: Duration,
    pub backoff_coefficient: f64,
    pub max_interval: Duration,
    /// 0 means unlimited.
    pub max_attempts: u32,
    pub non_retryable_error_types: Vec<String>,
}

impl Default for RetryPolicy {
    /// Temporal's defaults: 1 s, doubling, capped at 100 s, unlimited attempts.
    fn default() -> Self {
        Self {
            initial_interval: Duration::from_secs(1),
            backoff_coefficient: 2.0,
            max_interval: Duration::from_secs(100),
            max_attempts: 0,
            non_retryable_error_types: Vec::new(),
        }
    }
}

impl RetryPolicy {
    /// Whether another attempt may follow attempt `attempt` (1-based) that failed with `failure`.
    pub fn allows_retry_after(&self, attempt: u32, failure: &Failure) -> bool {
        if failure.non_retryable {
            return false;
        }
        if self
            .non_retryable_error_types
            .iter()
            .any(|t| t == &failure.error_type)
        {
            return false;
        }
        self.max_attempts == 0 || attempt < self.max_attempts
    }

    /// Checks the values a client sent; the engine refuses a policy it cannot apply.
    pub fn validate(&self) -> Result<(), String> {
        if self.initial_interval.is_zero() {
            return Err("retry policy: initial interval must be positive".into());
        }
        if !self.backoff_coefficient.is_finite() || self.backoff_coefficient < 1.0 {
            return Err("retry policy: backoff coefficient must be at least 1".into());
        }
        if self.max_interval < self.initial_interval {
            return Err("retry policy: max interval must not be less than the initial one".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_max_attempts_and_non_retryable_types() {
        let policy = RetryPolicy {
            max_attempts: 3,
            non_retryable_error_types: vec!["Fatal".into()],
            ..RetryPolicy::default()
        };
        let transient = Failure::new("Timeout", "slow");
        assert!(policy.allows_retry_after(1, &transient));
        assert!(policy.allows_retry_after(2, &transient));
        assert!(!policy.allows_retry_after(3, &transient));
        assert!(!policy.allows_retry_after(1, &Failure::new("Fatal", "no")));
        let flagged = Failure {
            non_retryable: true,
            ..transient
        };
        assert!(!policy.allows_retry_after(1, &flagged));
    }

    #[test]
    fn rejects_nonsense_policies() {
        let bad = RetryPolicy {
            backoff_coefficient: 0.5,
            ..RetryPolicy::default()
        };
        assert!(bad.validate().is_err());
        assert!(RetryPolicy::default().validate().is_ok());
    }
}
