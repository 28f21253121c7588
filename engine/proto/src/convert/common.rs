use std::time::Duration;

use aether_types::{
    ActionKind, ActivityTimeouts, Failure, RetryPolicy, TimeoutKind, WaitKind, WorkflowStatus,
};

use crate::v1;

impl From<WorkflowStatus> for v1::WorkflowState {
    fn from(status: WorkflowStatus) -> Self {
        match status {
            WorkflowStatus::Pending => v1::WorkflowState::Pending,
            WorkflowStatus::Running => v1::WorkflowState::Running,
            WorkflowStatus::Completed => v1::WorkflowState::Completed,
            WorkflowStatus::Failed => v1::WorkflowState::Failed,
            WorkflowStatus::Cancelled => v1::WorkflowState::Cancelled,
        }
    }
}

/// The domain status of a wire state; `None` for UNSPECIFIED.
pub fn status_from_wire(state: v1::WorkflowState) -> Option<WorkflowStatus> {
    Some(match state {
        v1::WorkflowState::Unspecified => return None,
        v1::WorkflowState::Pending => WorkflowStatus::Pending,
        v1::WorkflowState::Running => WorkflowStatus::Running,
        v1::WorkflowState::Completed => WorkflowStatus::Completed,
        v1::WorkflowState::Failed => WorkflowStatus::Failed,
        v1::WorkflowState::Cancelled => WorkflowStatus::Cancelled,
    })
}

impl From<Option<WaitKind>> for v1::WaitKind {
    fn from(wait: Option<WaitKind>) -> Self {
        match wait {
            None => v1::WaitKind::Unspecified,
            Some(WaitKind::Timer) => v1::WaitKind::Timer,
            Some(WaitKind::Approval) => v1::WaitKind::Approval,
            Some(WaitKind::Child) => v1::WaitKind::Child,
            Some(WaitKind::Signal) => v1::WaitKind::Signal,
            Some(WaitKind::RetryBackoff) => v1::WaitKind::RetryBackoff,
        }
    }
}

pub fn wait_from_wire(wait: v1::WaitKind) -> Option<WaitKind> {
    Some(match wait {
        v1::WaitKind::Unspecified => return None,
        v1::WaitKind::Timer => WaitKind::Timer,
        v1::WaitKind::Approval => WaitKind::Approval,
        v1::WaitKind::Child => WaitKind::Child,
        v1::WaitKind::Signal => WaitKind::Signal,
        v1::WaitKind::RetryBackoff => WaitKind::RetryBackoff,
    })
}

impl From<ActionKind> for v1::ActionKind {
    fn from(kind: ActionKind) -> Self {
        match kind {
            ActionKind::WorkflowStarted => v1::ActionKind::WorkflowStarted,
            ActionKind::ActivityStarted => v1::ActionKind::ActivityStarted,
            ActionKind::StepCompleted => v1::ActionKind::StepCompleted,
            ActionKind::StepFailed => v1::ActionKind::StepFailed,
            ActionKind::TimerStarted => v1::ActionKind::TimerStarted,
            ActionKind::TimerFired => v1::ActionKind::TimerFired,
            ActionKind::ChildStarted => v1::ActionKind::ChildStarted,
            ActionKind::ChildFinished => v1::ActionKind::ChildFinished,
            ActionKind::SignalReceived => v1::ActionKind::SignalReceived,
            ActionKind::SignalWaitStarted => v1::ActionKind::SignalWaitStarted,
            ActionKind::SignalDelivered => v1::ActionKind::SignalDelivered,
            ActionKind::WaitTimedOut => v1::ActionKind::WaitTimedOut,
            ActionKind::ApprovalRequested => v1::ActionKind::ApprovalRequested,
            ActionKind::ApprovalWaitStarted => v1::ActionKind::ApprovalWaitStarted,
            ActionKind::ApprovalDecided => v1::ActionKind::ApprovalDecided,
            ActionKind::WorkspaceActivity => v1::ActionKind::WorkspaceActivity,
            ActionKind::WorkflowCompleted => v1::ActionKind::WorkflowCompleted,
            ActionKind::WorkflowFailed => v1::ActionKind::WorkflowFailed,
            ActionKind::WorkflowCancelled => v1::ActionKind::WorkflowCancelled,
        }
    }
}

/// The name the CLI and JSON output use for a wire action kind.
pub fn action_name(kind: v1::ActionKind) -> &'static str {
    match kind {
        v1::ActionKind::Unspecified => "unknown",
        v1::ActionKind::WorkflowStarted => ActionKind::WorkflowStarted.as_str(),
        v1::ActionKind::ActivityStarted => ActionKind::ActivityStarted.as_str(),
        v1::ActionKind::StepCompleted => ActionKind::StepCompleted.as_str(),
        v1::ActionKind::StepFailed => ActionKind::StepFailed.as_str(),
        v1::ActionKind::TimerStarted => ActionKind::TimerStarted.as_str(),
        v1::ActionKind::TimerFired => ActionKind::TimerFired.as_str(),
        v1::ActionKind::ChildStarted => ActionKind::ChildStarted.as_str(),
        v1::ActionKind::ChildFinished => ActionKind::ChildFinished.as_str(),
        v1::ActionKind::SignalReceived => ActionKind::SignalReceived.as_str(),
        v1::ActionKind::SignalWaitStarted => ActionKind::SignalWaitStarted.as_str(),
        v1::ActionKind::SignalDelivered => ActionKind::SignalDelivered.as_str(),
        v1::ActionKind::WaitTimedOut => ActionKind::WaitTimedOut.as_str(),
        v1::ActionKind::ApprovalRequested => ActionKind::ApprovalRequested.as_str(),
        v1::ActionKind::ApprovalWaitStarted => ActionKind::ApprovalWaitStarted.as_str(),
        v1::ActionKind::ApprovalDecided => ActionKind::ApprovalDecided.as_str(),
        v1::ActionKind::WorkspaceActivity => ActionKind::WorkspaceActivity.as_str(),
        v1::ActionKind::WorkflowCompleted => ActionKind::WorkflowCompleted.as_str(),
        v1::ActionKind::WorkflowFailed => ActionKind::WorkflowFailed.as_str(),
        v1::ActionKind::WorkflowCancelled => ActionKind::WorkflowCancelled.as_str(),
    }
}

impl From<Failure> for v1::Failure {
    fn from(f: Failure) -> Self {
        v1::Failure {
            message: f.message,
            error_type: f.error_type,
            stack: f.stack.unwrap_or_default(),
            non_retryable: f.non_retryable,
            timeout: f.timeout.map(|k| k.as_str().to_owned()).unwrap_or_default(),
        }
    }
}

impl From<v1::Failure> for Failure {
    fn from(f: v1::Failure) -> Self {
        Failure {
            message: f.message,
            error_type: f.error_type,
            stack: (!f.stack.is_empty()).then_some(f.stack),
            non_retryable: f.non_retryable,
            // An unknown kind (a newer engine's) still reads as a failure, without its kind.
            timeout: TimeoutKind::parse(&f.timeout),
        }
    }
}

impl From<ActivityTimeouts> for v1::ActivityTimeouts {
    fn from(t: ActivityTimeouts) -> Self {
        let ms = |v: Option<u64>| v.map_or(0, |v| i64::try_from(v).unwrap_or(i64::MAX));
        v1::ActivityTimeouts {
            start_to_close_ms: ms(t.start_to_close_ms),
            heartbeat_ms: ms(t.heartbeat_ms),
            schedule_to_start_ms: ms(t.schedule_to_start_ms),
            schedule_to_close_ms: ms(t.schedule_to_close_ms),
        }
    }
}

impl TryFrom<v1::ActivityTimeouts> for ActivityTimeouts {
    /// Which timeout is negative (or absurdly long).
    type Error = String;

    fn try_from(t: v1::ActivityTimeouts) -> Result<Self, String> {
        ActivityTimeouts::from_millis(
            t.start_to_close_ms,
            t.heartbeat_ms,
            t.schedule_to_start_ms,
            t.schedule_to_close_ms,
        )
    }
}

impl From<RetryPolicy> for v1::RetryPolicy {
    fn from(p: RetryPolicy) -> Self {
        v1::RetryPolicy {
            initial_interval_ms: p.initial_interval.as_millis() as u64,
            backoff_coefficient: p.backoff_coefficient,
            max_interval_ms: p.max_interval.as_millis() as u64,
            maximum_attempts: p.max_attempts,
            non_retryable_error_types: p.non_retryable_error_types,
        }
    }
}

/// A wire retry policy with zero fields filled from the defaults, as a client would expect of
/// an optional setting.
impl From<v1::RetryPolicy> for RetryPolicy {
    fn from(p: v1::RetryPolicy) -> Self {
        let defaults = RetryPolicy::default();
        let initial = if p.initial_interval_ms == 0 {
            defaults.initial_interval
        } else {
            Duration::from_millis(p.initial_interval_ms)
        };
        RetryPolicy {
            initial_interval: initial,
            backoff_coefficient: if p.backoff_coefficient == 0.0 {
                defaults.backoff_coefficient
            } else {
                p.backoff_coefficient
            },
            max_interval: if p.max_interval_ms == 0 {
                (initial * 100).max(initial)
            } else {
                Duration::from_millis(p.max_interval_ms)
            },
            max_attempts: p.maximum_attempts,
            non_retryable_error_types: p.non_retryable_error_types,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for status in WorkflowStatus::ALL {
            assert_eq!(status_from_wire(status.into()), Some(status));
        }
        assert_eq!(status_from_wire(v1::WorkflowState::Unspecified), None);
    }

    #[test]
    fn zero_retry_fields_take_defaults() {
        let policy: RetryPolicy = v1::RetryPolicy::default().into();
        assert_eq!(policy.initial_interval, Duration::from_secs(1));
        assert_eq!(policy.backoff_coefficient, 2.0);
        assert_eq!(policy.max_interval, Duration::from_secs(100));
        assert!(policy.validate().is_ok());
    }
}
