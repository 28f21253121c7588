//! What the engine reports through the `metrics` facade, under the names of
//! `aether_types::metrics`: outcomes by workflow type, step and activity latency, the wait for
//! a worker, approval decisions, and store commits.
//!
//! Each function is called once the fact is durable (after the commit that recorded it), so a
//! write that lost a version race and was re-run is counted once. No recorder is installed
//! unless the server enables `[metrics]`; until then every call here goes to the facade's no-op
//! recorder. Exporting is the server's business, and so are gauges read from the store.

use std::time::Duration;

use aether_types::{Action, Approval, ApprovalState, Failure, HistoryEvent, Millis, metrics as m};
use metrics::{counter, histogram};

fn seconds(ms: i64) -> f64 {
    ms.max(0) as f64 / 1000.0
}

/// The actions of one committed write of a workflow of `workflow_type` created at `created_at`.
pub(crate) fn committed(workflow_type: &str, created_at: Millis, events: &[HistoryEvent]) {
    for event in events {
        match &event.action {
            Action::WorkflowStarted { .. } => {
                counter!(m::WORKFLOWS_STARTED, "workflow_type" => workflow_type.to_owned())
                    .increment(1);
            }
            Action::StepCompleted { run, .. } | Action::StepFailed { run, .. } => {
                if let Action::StepFailed { failure, .. } = &event.action {
                    timed_out(workflow_type, failure);
                }
                let outcome = match event.action {
                    Action::StepCompleted { .. } => "completed",
                    _ => "failed",
                };
                counter!(m::STEP_ATTEMPTS, "workflow_type" => workflow_type.to_owned(), "outcome" => outcome)
                    .increment(1);
                if let Some(ms) = run.duration_ms {
                    histogram!(m::STEP_DURATION, "workflow_type" => workflow_type.to_owned(), "outcome" => outcome)
                        .record(ms as f64 / 1000.0);
                }
            }
            action if action.is_terminal() => {
                if let Action::WorkflowFailed { failure } = action
                    && failure.timeout == Some(aether_types::TimeoutKind::Execution)
                {
                    timed_out(workflow_type, failure);
                }
                let outcome = match action {
                    Action::WorkflowCompleted { .. } => "completed",
                    Action::WorkflowFailed { .. } => "failed",
                    _ => "cancelled",
                };
                counter!(m::WORKFLOWS_FINISHED, "workflow_type" => workflow_type.to_owned(), "outcome" => outcome)
                    .increment(1);
                histogram!(m::WORKFLOW_DURATION, "workflow_type" => workflow_type.to_owned(), "outcome" => outcome)
                    .record(seconds(event.at - created_at));
            }
            _ => {}
        }
    }
}

/// A failure the engine recorded because a timeout passed.
fn timed_out(workflow_type: &str, failure: &Failure) {
    if let Some(kind) = failure.timeout {
        counter!(m::TIMEOUTS, "workflow_type" => workflow_type.to_owned(), "kind" => kind.as_str())
            .increment(1);
    }
}

/// The decisions among a write's approval records: (outcome, seconds from request to decision).
/// Read before the write goes to the store, reported with [`decided`] once it is durable. A
/// record is only in a write that changed it, so a decided one was decided by that write;
/// approvals cancelled with their workflow were never decided and are left out.
pub(crate) fn decisions(approvals: &[Approval]) -> Vec<(&'static str, f64)> {
    approvals
        .iter()
        .filter_map(|approval| {
            let outcome = match approval.state {
                ApprovalState::Approved | ApprovalState::Denied | ApprovalState::Expired => {
                    approval.state.as_str()
                }
                ApprovalState::Pending | ApprovalState::Cancelled => return None,
            };
            let at = approval.decided_at?;
            Some((outcome, seconds(at - approval.requested_at)))
        })
        .collect()
}

pub(crate) fn decided(decisions: &[(&'static str, f64)]) {
    for (outcome, seconds) in decisions {
        counter!(m::APPROVALS_DECIDED, "outcome" => *outcome).increment(1);
        histogram!(m::APPROVAL_DECISION, "outcome" => *outcome).record(*seconds);
    }
}

/// A task leased to a worker, `waited_ms` after the workflow's last recorded action.
pub(crate) fn dispatched(workflow_type: &str, waited_ms: i64) {
    histogram!(m::SCHEDULE_TO_START, "workflow_type" => workflow_type.to_owned())
        .record(seconds(waited_ms));
}

/// An engine write made durable, `elapsed` after it was handed to the store.
pub(crate) fn commit(elapsed: Duration) {
    histogram!(m::STORE_COMMIT).record(elapsed.as_secs_f64());
}

pub(crate) fn write_conflict() {
    counter!(m::STORE_WRITE_CONFLICTS).increment(1);
}

/// A workspace activity the engine ran for a workflow (not one answered from the journal):
/// `ok`, `refused` by the workspace (journaled), or `unavailable` (the worker retries).
pub(crate) fn activity(op: &'static str, outcome: &'static str, elapsed: Duration) {
    histogram!(m::ACTIVITY_DURATION, "op" => op, "outcome" => outcome)
        .record(elapsed.as_secs_f64());
}

#[cfg(test)]
mod tests {
    use aether_types::{ApprovalId, ApprovalRequest, Decision, Outcome};

    use super::*;

    fn approval(requested_at: Millis) -> Approval {
        let request = ApprovalRequest {
            reason: "deploy".into(),
            ..ApprovalRequest::default()
        };
        Approval::pending(ApprovalId::generate(), None, request, requested_at)
    }

    #[test]
    fn only_decided_approvals_are_decisions() {
        let pending = approval(1_000);
        let mut approved = approval(1_000);
        approved.decide(&Decision {
            approval_id: approved.id.clone(),
            outcome: Outcome::Approved,
            by: Some("ana".into()),
            by_hint: None,
            comment: None,
            payload: None,
            at: 4_500,
        });
        let mut cancelled = approval(1_000);
        cancelled.state = ApprovalState::Cancelled;
        cancelled.decided_at = Some(9_000);
        assert_eq!(
            decisions(&[pending, approved, cancelled]),
            vec![("approved", 3.5)]
        );
    }
}
