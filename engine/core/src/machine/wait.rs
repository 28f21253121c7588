//! The one wait mechanism: which action opens a wait, which satisfies it, and what the engine
//! records when a wait's deadline passes. Every kind of wait (timer, retry backoff, child; next,
//! signals and approvals) is a row in these three tables, so the state machine, effect
//! derivation and recovery treat them alike.

use aether_types::{Action, ApprovalId, Millis, Outcome, Wait, WaitKind};

/// The wait an action opens, if any. `at` is when the action was recorded.
pub(crate) fn opened_by(action: &Action, at: Millis) -> Option<Wait> {
    let (position, kind, target, deadline) = match action {
        Action::TimerStarted {
            position,
            name,
            fire_at,
        } => (*position, WaitKind::Timer, name.clone(), Some(*fire_at)),
        Action::StepFailed {
            position,
            name,
            retry_at: Some(retry_at),
            ..
        } => (
            *position,
            WaitKind::RetryBackoff,
            name.clone(),
            Some(*retry_at),
        ),
        Action::ChildStarted {
            position, child_id, ..
        } => (*position, WaitKind::Child, child_id.to_string(), None),
        Action::SignalWaitStarted {
            position,
            name,
            timeout_at,
        } => (*position, WaitKind::Signal, name.clone(), *timeout_at),
        Action::ApprovalRequested {
            position,
            approval,
            expires_at,
            ..
        } => (
            *position,
            WaitKind::Approval,
            approval.to_string(),
            *expires_at,
        ),
        Action::ApprovalWaitStarted {
            position,
            approval,
            timeout_at,
        } => (
            *position,
            WaitKind::Approval,
            approval.to_string(),
            *timeout_at,
        ),
        _ => return None,
    };
    Some(Wait {
        position,
        kind,
        target,
        since: at,
        deadline,
    })
}

/// The position whose wait an action satisfies, if any. A step's failure ends the backoff of
/// its previous attempt (the engine fails a step for good when its schedule-to-close timeout
/// passes during a backoff); a failure with a retry opens the next backoff right after.
pub(crate) fn satisfied_by(action: &Action) -> Option<u32> {
    match action {
        Action::StepFailed { position, .. }
        | Action::TimerFired { position }
        | Action::ChildFinished { position, .. }
        | Action::SignalDelivered { position, .. }
        | Action::WaitTimedOut { position }
        | Action::ApprovalDecided { position, .. } => Some(*position),
        _ => None,
    }
}

/// What the engine records when the wait's deadline passes; `None` for a wait only an outside
/// event can satisfy.
pub(crate) fn on_deadline(wait: &Wait) -> Option<Action> {
    match wait.kind {
        WaitKind::Timer | WaitKind::RetryBackoff => Some(Action::TimerFired {
            position: wait.position,
        }),
        WaitKind::Signal => Some(Action::WaitTimedOut {
            position: wait.position,
        }),
        // An approval's expiry (or the wait's own timeout) is an outcome, like a decision.
        WaitKind::Approval => Some(Action::ApprovalDecided {
            position: wait.position,
            approval: ApprovalId::parse(&wait.target).ok()?,
            outcome: Outcome::Expired,
            by: None,
            by_hint: None,
            comment: None,
            payload: None,
            // Expired when its deadline passed, however late the engine got to it.
            decided_at: wait.deadline,
        }),
        WaitKind::Child => None,
    }
}

#[cfg(test)]
mod tests {
    use aether_types::{Failure, WorkflowId};

    use super::*;

    /// Every action that opens a wait, the wait it opens, and the action that satisfies it.
    #[test]
    fn each_wait_is_opened_by_one_action_and_satisfied_by_another() {
        let child = WorkflowId::parse("wf/0").unwrap();
        let table = [
            (
                Action::TimerStarted {
                    position: 1,
                    name: "cool-down".into(),
                    fire_at: 500,
                },
                (WaitKind::Timer, "cool-down"),
                Some(500),
                Action::TimerFired { position: 1 },
            ),
            (
                Action::StepFailed {
                    position: 2,
                    name: "charge".into(),
                    attempt: 1,
                    failure: Failure::new("Timeout", "slow"),
                    retry_at: Some(700),
                    run: Default::default(),
                    heartbeat_details: None,
                },
                (WaitKind::RetryBackoff, "charge"),
                Some(700),
                Action::TimerFired { position: 2 },
            ),
            (
                Action::ChildStarted {
                    position: 3,
                    workflow_type: "ship".into(),
                    child_id: child.clone(),
                    input: vec![],
                },
                (WaitKind::Child, "wf/0"),
                None,
                Action::ChildFinished {
                    position: 3,
                    child_id: child.clone(),
                    outcome: aether_types::ChildOutcome::Cancelled { reason: "x".into() },
                },
            ),
            (
                Action::SignalWaitStarted {
                    position: 4,
                    name: "decision".into(),
                    timeout_at: Some(900),
                },
                (WaitKind::Signal, "decision"),
                Some(900),
                Action::WaitTimedOut { position: 4 },
            ),
        ];
        for (opening, (kind, target), deadline, satisfying) in table {
            let wait = opened_by(&opening, 100).expect("opens a wait");
            assert_eq!(wait.position, opening.position().unwrap());
            assert_eq!((wait.kind, wait.target.as_str()), (kind, target));
            assert_eq!(wait.since, 100);
            assert_eq!(wait.deadline, deadline);
            assert_eq!(satisfied_by(&satisfying), Some(wait.position));
            match on_deadline(&wait) {
                Some(action) => assert_eq!(action, satisfying),
                None => assert_eq!(deadline, None, "a wait with a deadline must end on it"),
            }
        }
    }

    #[test]
    fn a_final_step_failure_opens_no_wait() {
        let action = Action::StepFailed {
            position: 0,
            name: "charge".into(),
            attempt: 3,
            failure: Failure::new("Timeout", "slow"),
            retry_at: None,
            run: Default::default(),
            heartbeat_details: None,
        };
        assert_eq!(opened_by(&action, 1), None);
        // It closes the backoff a previous attempt opened at its position, if one is open.
        assert_eq!(satisfied_by(&action), Some(0));
    }
}
