//! State-machine tests: apply commands to a workflow, assert on the actions recorded and the
//! replies, through one helper per shape.

use aether_types::{
    Action, ActivityTimeouts, AttemptRun, ChildOutcome, Failure, RetryPolicy, TaskToken,
    TimeoutKind, WaitKind, WorkerId, WorkflowId, WorkflowStatus,
};

use super::*;
use aether_types::{ApprovalState, Decision, Outcome};
use aether_types::{EntryKind, EntryStatus, SignalWait};

const NOW: Millis = 1_000_000;

fn started() -> WorkflowState {
    let mut state = WorkflowState::start(
        WorkflowId::parse("wf").unwrap(),
        "order".into(),
        b"{}".to_vec(),
        None,
        None,
        NOW,
    );
    state.take_unsaved();
    state
}

/// A workflow dispatched to worker `w`, with the token it holds.
fn leased() -> (WorkflowState, TaskToken) {
    let mut state = started();
    let token = TaskToken::generate();
    let task = state.dispatch(&WorkerId::parse("w").unwrap(), token.clone(), None, NOW);
    assert!(task.is_some());
    state.take_unsaved();
    (state, token)
}

fn actions(state: &mut WorkflowState) -> Vec<Action> {
    state
        .take_unsaved()
        .0
        .into_iter()
        .map(|e| e.action)
        .collect()
}

fn ok_step(position: u32, name: &str, attempt: u32) -> StepReport {
    StepReport {
        position,
        name: name.into(),
        attempt,
        outcome: Ok(b"1".to_vec()),
        retry: None,
        duration_ms: Some(7),
    }
}

fn failed_step(position: u32, attempt: u32, retry: Option<RetryPolicy>) -> StepReport {
    StepReport {
        position,
        name: "charge".into(),
        attempt,
        outcome: Err(Failure::new("Timeout", "slow")),
        retry,
        duration_ms: None,
    }
}

fn policy(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        initial_interval: std::time::Duration::from_millis(100),
        max_attempts,
        ..RetryPolicy::default()
    }
}

#[test]
fn a_new_workflow_is_pending_and_runnable() {
    let mut state = WorkflowState::start(
        WorkflowId::parse("wf").unwrap(),
        "order".into(),
        vec![],
        None,
        None,
        NOW,
    );
    assert_eq!(state.row.status, WorkflowStatus::Pending);
    assert!(state.is_runnable());
    let (events, dirty) = state.take_unsaved();
    assert!(dirty);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].seq, 1);
}

#[test]
fn dispatch_leases_once_and_marks_running() {
    let mut state = started();
    let worker = WorkerId::parse("w").unwrap();
    let task = state
        .dispatch(&worker, TaskToken::generate(), None, NOW)
        .unwrap();
    assert_eq!(task.journal, vec![]);
    assert_eq!(state.row.status, WorkflowStatus::Running);
    assert_eq!(state.row.last_worker, Some(worker.clone()));
    assert!(
        state
            .dispatch(&worker, TaskToken::generate(), None, NOW)
            .is_none(),
        "already leased"
    );
}

#[test]
fn step_reports_are_recorded_once_and_duplicates_get_the_first_result() {
    let (mut state, token) = leased();
    let reply = state
        .complete_step(&token, &ok_step(0, "a", 1), NOW)
        .unwrap();
    assert_eq!(
        reply,
        StepReply::Recorded,
        "the report's own result is not sent back"
    );
    let recorded = actions(&mut state);
    let [Action::StepCompleted { run, .. }] = recorded.as_slice() else {
        panic!("expected one step result, got {recorded:?}");
    };
    assert_eq!(
        run,
        &AttemptRun {
            worker_id: Some("w".into()),
            leased_at: Some(NOW),
            duration_ms: Some(7),
        },
        "the attempt names its worker, its task's lease and its run time"
    );

    let mut again = ok_step(0, "a", 1);
    again.outcome = Ok(b"2".to_vec());
    let reply = state.complete_step(&token, &again, NOW).unwrap();
    assert_eq!(
        reply,
        StepReply::Succeeded(b"1".to_vec()),
        "the journal never changes"
    );
    assert_eq!(actions(&mut state), vec![]);
}

#[test]
fn stale_and_closed_tokens_are_told_to_stop() {
    let (mut state, token) = leased();
    let stale = TaskToken::generate();
    assert_eq!(
        state
            .complete_step(&stale, &ok_step(0, "a", 1), NOW)
            .unwrap(),
        StepReply::Stop(StopReason::LeaseLost)
    );
    state.cancel("user".into(), NOW).unwrap();
    actions(&mut state);
    assert_eq!(
        state
            .complete_step(&token, &ok_step(0, "a", 1), NOW)
            .unwrap(),
        StepReply::Stop(StopReason::Cancelled)
    );
    assert_eq!(state.suspend(&token), Some(StopReason::Cancelled));
    assert_eq!(actions(&mut state), vec![]);
}

#[test]
fn failures_retry_with_backoff_until_attempts_run_out() {
    let (mut state, token) = leased();
    let reply = state
        .complete_step(&token, &failed_step(0, 1, Some(policy(2))), NOW)
        .unwrap();
    assert_eq!(
        reply,
        StepReply::RetryScheduled {
            retry_at: NOW + 100
        }
    );
    assert_eq!(state.wait().map(|w| w.kind), Some(WaitKind::RetryBackoff));

    state.suspend(&token);
    state.deadline_reached(0, NOW + 100);
    assert!(state.is_runnable());
    let token = TaskToken::generate();
    let task = state
        .dispatch(&WorkerId::parse("w").unwrap(), token.clone(), None, NOW)
        .unwrap();
    assert_eq!(task.journal[0].status, EntryStatus::RetryReady);
    assert_eq!(task.journal[0].attempt, 2);

    let reply = state
        .complete_step(&token, &failed_step(0, 2, Some(policy(2))), NOW)
        .unwrap();
    assert_eq!(reply, StepReply::Failed(Failure::new("Timeout", "slow")));
    let recorded = actions(&mut state);
    assert!(matches!(
        recorded.last(),
        Some(Action::StepFailed {
            attempt: 2,
            retry_at: None,
            ..
        })
    ));
}

#[test]
fn non_retryable_failures_and_plain_steps_fail_at_once() {
    for (failure, retry) in [
        (
            Failure {
                non_retryable: true,
                ..Failure::new("Fatal", "no")
            },
            Some(policy(0)),
        ),
        (Failure::new("Timeout", "slow"), None),
    ] {
        let (mut state, token) = leased();
        let report = StepReport {
            outcome: Err(failure.clone()),
            retry,
            ..failed_step(0, 1, None)
        };
        assert_eq!(
            state.complete_step(&token, &report, NOW).unwrap(),
            StepReply::Failed(failure)
        );
    }
}

#[test]
fn a_renamed_step_fails_the_workflow_naming_both_and_the_position() {
    let (mut state, token) = leased();
    state
        .complete_step(&token, &ok_step(0, "reserve-stock", 1), NOW)
        .unwrap();
    let reply = state
        .complete_step(&token, &ok_step(0, "reserve-inventory", 1), NOW)
        .unwrap();
    assert_eq!(reply, StepReply::Stop(StopReason::Closed));
    assert_eq!(state.row.status, WorkflowStatus::Failed);
    let failure = state.failure.clone().unwrap();
    assert_eq!(failure.error_type, "NonDeterminismError");
    assert_eq!(
        failure.message,
        "non-deterministic workflow: at position 0 the journal holds step 'reserve-stock' but the code now calls step 'reserve-inventory'"
    );
}

#[test]
fn timers_block_until_fired_and_fire_once() {
    let (mut state, token) = leased();
    assert_eq!(
        state
            .schedule_timer(&token, 0, "sleep".into(), 5_000, NOW)
            .unwrap(),
        None
    );
    assert_eq!(state.wait().map(|w| w.kind), Some(WaitKind::Timer));
    state.suspend(&token);
    assert!(!state.is_runnable());
    state.deadline_reached(0, NOW + 5_000);
    state.deadline_reached(0, NOW + 5_001);
    let fired = actions(&mut state)
        .into_iter()
        .filter(|a| matches!(a, Action::TimerFired { .. }))
        .count();
    assert_eq!(fired, 1);
    assert!(state.is_runnable());
}

#[test]
fn children_are_recorded_and_their_outcome_resolves_the_wait() {
    let (mut state, token) = leased();
    let child = state
        .start_child(&token, 0, "square".into(), b"3".to_vec(), None, NOW)
        .unwrap()
        .unwrap();
    assert_eq!(child, WorkflowId::parse("wf").unwrap().child_at(0));
    assert_eq!(state.wait().map(|w| w.kind), Some(WaitKind::Child));
    let again = state
        .start_child(&token, 0, "square".into(), b"3".to_vec(), None, NOW)
        .unwrap();
    assert_eq!(
        again,
        Ok(child.clone()),
        "replaying the start finds the same child"
    );
    state.child_finished(
        0,
        &child,
        ChildOutcome::Completed {
            result: b"9".to_vec(),
        },
        NOW,
    );
    assert_eq!(state.wait(), None);
    assert_eq!(state.journal()[0].result, Some(b"9".to_vec()));
}

#[test]
fn cancel_is_terminal_and_refused_twice() {
    let (mut state, _) = leased();
    state.cancel("user".into(), NOW).unwrap();
    assert_eq!(state.row.status, WorkflowStatus::Cancelled);
    assert_eq!(state.row.lease, None);
    assert!(matches!(
        state.cancel("again".into(), NOW),
        Err(Error::FailedPrecondition(_))
    ));
}

#[test]
fn restoring_from_the_log_gives_the_same_state() {
    let (mut state, token) = leased();
    let mut log = Vec::new();
    let mut record = |state: &mut WorkflowState| log.extend(state.take_unsaved().0);
    let mut fresh = WorkflowState::start(
        WorkflowId::parse("wf").unwrap(),
        "order".into(),
        b"{}".to_vec(),
        None,
        None,
        NOW,
    );
    record(&mut fresh);
    state
        .complete_step(&token, &ok_step(0, "a", 1), NOW)
        .unwrap();
    record(&mut state);
    state
        .complete_step(&token, &failed_step(1, 1, Some(policy(3))), NOW + 1)
        .unwrap();
    record(&mut state);
    state
        .schedule_timer(&token, 2, "sleep".into(), 10, NOW + 2)
        .unwrap();
    record(&mut state);
    state.deadline_reached(2, NOW + 12);
    record(&mut state);
    state
        .start_child(&token, 3, "square".into(), b"3".to_vec(), None, NOW + 3)
        .unwrap()
        .unwrap();
    record(&mut state);
    state
        .schedule_timer(&token, 4, "long".into(), 60_000, NOW + 4)
        .unwrap();
    record(&mut state);

    let restored = WorkflowState::restore(state.row.clone(), &log).unwrap();
    assert_eq!(restored.entries, state.entries);
    assert_eq!(restored.journal(), state.journal());
    assert_eq!(restored.waits, state.waits);
    assert_eq!(restored.row, state.row);
    assert_eq!(
        restored.waits.keys().copied().collect::<Vec<_>>(),
        vec![1, 3, 4],
        "the retry, the child and the long timer; the fired timer is over"
    );

    // A row stored before it carried the waits' summary is rebuilt from the log, and marked
    // changed so that the next command stores the corrected row.
    let mut stale = state.row.clone();
    (stale.wait, stale.wait_since, stale.due_at) = (None, None, None);
    let mut restored = WorkflowState::restore(stale, &log).unwrap();
    assert_eq!(restored.row, state.row);
    assert_eq!(restored.take_unsaved(), (vec![], true));
    let mut current = WorkflowState::restore(state.row.clone(), &log).unwrap();
    assert_eq!(
        current.take_unsaved(),
        (vec![], false),
        "a current row is not rewritten"
    );
}

#[test]
fn bad_reports_are_rejected_and_change_nothing() {
    let (mut state, token) = leased();
    let cases = [
        ok_step(MAX_POSITION + 1, "a", 1),
        ok_step(0, "", 1),
        ok_step(0, "a", 0),
        StepReport {
            retry: Some(RetryPolicy {
                backoff_coefficient: 0.1,
                ..policy(1)
            }),
            ..failed_step(0, 1, None)
        },
    ];
    for report in cases {
        assert!(matches!(
            state.complete_step(&token, &report, NOW),
            Err(Error::InvalidArgument(_))
        ));
        assert_eq!(state.take_unsaved(), (vec![], false));
    }
}

#[test]
fn a_deadline_not_yet_reached_changes_nothing() {
    let (mut state, token) = leased();
    state
        .schedule_timer(&token, 0, "sleep".into(), 5_000, NOW)
        .unwrap();
    state.take_unsaved();
    assert_eq!(
        state.deadline_reached(0, NOW + 4_999),
        Some(NOW + 5_000),
        "still ahead: the caller arms it again"
    );
    assert_eq!(
        state.deadline_reached(7, NOW + 10_000),
        None,
        "no wait there"
    );
    assert_eq!(state.take_unsaved(), (vec![], false));
    assert_eq!(state.due_positions(NOW + 4_999), Vec::<u32>::new());
    assert_eq!(state.due_positions(NOW + 5_000), vec![0]);
}

#[test]
fn status_shows_the_oldest_wait_and_since_when() {
    let (mut state, token) = leased();
    state
        .schedule_timer(&token, 1, "long".into(), 60_000, NOW + 10)
        .unwrap();
    state
        .start_child(&token, 0, "square".into(), b"3".to_vec(), None, NOW + 20)
        .unwrap()
        .unwrap();
    assert_eq!(state.row.wait, Some(WaitKind::Timer));
    assert_eq!(state.row.wait_since, Some(NOW + 10));
    assert_eq!(
        state.row.due_at,
        Some(NOW + 60_010),
        "what other nodes' sweeps look for"
    );
    let waits = state.waits_oldest_first();
    assert_eq!(
        waits
            .iter()
            .map(|w| (w.position, w.since))
            .collect::<Vec<_>>(),
        vec![(1, NOW + 10), (0, NOW + 20)]
    );
    assert_eq!(
        (waits[0].kind, waits[0].target.as_str()),
        (WaitKind::Timer, "long")
    );
    assert_eq!(waits[0].deadline, Some(NOW + 60_010));
    assert_eq!(state.due_at(), Some(NOW + 60_010));

    state.deadline_reached(1, NOW + 60_010);
    assert_eq!(state.row.wait, Some(WaitKind::Child));
    assert_eq!(state.row.wait_since, Some(NOW + 20));
    assert_eq!(state.row.due_at, None);
    assert!(!state.is_runnable(), "the child still holds it");
}

#[test]
fn ending_a_workflow_drops_its_waits() {
    let (mut state, token) = leased();
    state
        .schedule_timer(&token, 0, "sleep".into(), 5_000, NOW)
        .unwrap();
    state.cancel("user".into(), NOW).unwrap();
    assert!(state.waits.is_empty());
    assert_eq!(state.row.wait, None);
    assert_eq!((state.row.wait_since, state.row.due_at), (None, None));
    assert_eq!(state.due_at(), None);
    state.deadline_reached(0, NOW + 5_000);
    let fired = actions(&mut state)
        .into_iter()
        .filter(|a| matches!(a, Action::TimerFired { .. }))
        .count();
    assert_eq!(fired, 0, "a cancelled workflow's timer never fires");
}

fn signal(
    state: &mut WorkflowState,
    name: &str,
    payload: &str,
    key: Option<&str>,
) -> SignalAccepted {
    state
        .signal(
            name.into(),
            payload.as_bytes().to_vec(),
            key.map(str::to_owned),
            NOW,
        )
        .unwrap()
}

fn wait_for(state: &mut WorkflowState, token: &TaskToken, position: u32, name: &str) -> SignalWait {
    state
        .wait_for_signal(token, position, name.into(), Some(1_000), NOW)
        .unwrap()
        .unwrap()
}

#[test]
fn a_signal_sent_before_the_wait_is_kept_and_taken_by_it() {
    let (mut state, token) = leased();
    let accepted = signal(&mut state, "approve", "\"yes\"", None);
    assert_eq!(
        accepted,
        SignalAccepted {
            duplicate: false,
            delivered_to: None
        }
    );
    assert_eq!(state.signals["approve"].len(), 1);
    assert_eq!(
        wait_for(&mut state, &token, 0, "approve"),
        SignalWait::Delivered(b"\"yes\"".to_vec())
    );
    assert!(
        state.signals.is_empty(),
        "delivered signals are no longer kept"
    );
    assert!(state.waits.is_empty());
    let journal = state.journal();
    assert_eq!(
        (journal[0].kind, journal[0].status),
        (EntryKind::Signal, EntryStatus::Succeeded)
    );
}

#[test]
fn signals_of_one_name_go_in_order_to_one_wait_each() {
    let (mut state, token) = leased();
    assert_eq!(wait_for(&mut state, &token, 0, "next"), SignalWait::Waiting);
    assert_eq!(state.row.wait, Some(WaitKind::Signal));
    assert_eq!(signal(&mut state, "other", "0", None).delivered_to, None);
    assert_eq!(signal(&mut state, "next", "1", None).delivered_to, Some(0));
    assert_eq!(
        signal(&mut state, "next", "2", None).delivered_to,
        None,
        "kept for a later wait"
    );
    assert_eq!(
        wait_for(&mut state, &token, 1, "next"),
        SignalWait::Delivered(b"2".to_vec())
    );
    // Replaying position 0 returns what it was given, not a new signal.
    assert_eq!(
        wait_for(&mut state, &token, 0, "next"),
        SignalWait::Delivered(b"1".to_vec())
    );
    assert_eq!(state.signals.keys().collect::<Vec<_>>(), vec!["other"]);
}

#[test]
fn a_repeated_idempotency_key_is_accepted_once() {
    let (mut state, _) = leased();
    assert!(!signal(&mut state, "pay", "1", Some("k1")).duplicate);
    state.take_unsaved();
    assert!(signal(&mut state, "pay", "1", Some("k1")).duplicate);
    assert_eq!(
        state.take_unsaved(),
        (vec![], false),
        "a duplicate records nothing"
    );
    assert!(!signal(&mut state, "pay", "2", Some("k2")).duplicate);
    assert_eq!(state.signals["pay"].len(), 2);
}

#[test]
fn a_signal_wait_times_out_as_a_result_and_later_signals_are_kept() {
    let (mut state, token) = leased();
    assert_eq!(wait_for(&mut state, &token, 0, "go"), SignalWait::Waiting);
    assert_eq!(state.due_at(), Some(NOW + 1_000));
    state.deadline_reached(0, NOW + 1_000);
    assert_eq!(wait_for(&mut state, &token, 0, "go"), SignalWait::TimedOut);
    assert_eq!(state.journal()[0].status, EntryStatus::TimedOut);
    assert!(state.waits.is_empty());
    assert_eq!(signal(&mut state, "go", "late", None).delivered_to, None);
    assert_eq!(
        wait_for(&mut state, &token, 1, "go"),
        SignalWait::Delivered(b"late".to_vec())
    );
}

#[test]
fn a_finished_workflow_takes_no_signals_and_bad_names_are_refused() {
    let (mut state, token) = leased();
    assert!(matches!(
        state.signal(String::new(), vec![], None, NOW),
        Err(Error::InvalidArgument(_))
    ));
    state.complete(&token, Ok(b"1".to_vec()), NOW);
    state.take_unsaved();
    let refused = state.signal("late".into(), vec![], None, NOW);
    assert!(
        matches!(refused, Err(Error::FailedPrecondition(_))),
        "{refused:?}"
    );
    assert_eq!(state.take_unsaved(), (vec![], false));
}

#[test]
fn kept_signals_and_their_keys_are_rebuilt_from_the_log() {
    let (mut state, token) = leased();
    let mut log = state.take_unsaved().0;
    let mut start = WorkflowState::start(
        WorkflowId::parse("wf").unwrap(),
        "order".into(),
        b"{}".to_vec(),
        None,
        None,
        NOW,
    );
    log.splice(0..0, start.take_unsaved().0);
    signal(&mut state, "a", "1", Some("k"));
    signal(&mut state, "a", "2", None);
    wait_for(&mut state, &token, 0, "a");
    wait_for(&mut state, &token, 1, "b");
    log.extend(state.take_unsaved().0);
    let mut restored = WorkflowState::restore(state.row.clone(), &log).unwrap();
    assert_eq!(restored.signals, state.signals);
    assert_eq!(restored.waits, state.waits);
    assert_eq!(restored.journal(), state.journal());
    assert!(
        signal(&mut restored, "a", "1", Some("k")).duplicate,
        "keys survive a restart"
    );
}

#[test]
fn a_retried_send_is_a_duplicate_even_after_the_workflow_finished() {
    let (mut state, token) = leased();
    assert!(!signal(&mut state, "pay", "1", Some("k1")).duplicate);
    state.complete(&token, Ok(b"1".to_vec()), NOW);
    assert!(signal(&mut state, "pay", "1", Some("k1")).duplicate);
    assert!(matches!(
        state.signal("pay".into(), vec![], Some("k2".into()), NOW),
        Err(Error::FailedPrecondition(_))
    ));
}

#[test]
fn signals_are_bounded_in_size_and_in_number_kept() {
    let (mut state, _) = leased();
    let big = vec![b'x'; MAX_SIGNAL_PAYLOAD_BYTES + 1];
    assert!(matches!(
        state.signal("big".into(), big, None, NOW),
        Err(Error::TooLarge(_))
    ));
    for n in 0..MAX_KEPT_SIGNALS {
        signal(&mut state, "never-awaited", &n.to_string(), None);
    }
    state.take_unsaved();
    assert!(matches!(
        state.signal("one-more".into(), vec![], None, NOW),
        Err(Error::TooLarge(_))
    ));
    assert_eq!(
        state.take_unsaved(),
        (vec![], false),
        "a refused signal records nothing"
    );
}

fn approval_request(reason: &str, timeout_ms: Option<u64>) -> ApprovalRequest {
    ApprovalRequest {
        reason: reason.into(),
        detail: "ship **v2**?".into(),
        timeout_ms,
        ..Default::default()
    }
}

/// Requests an approval at `position`; returns its id and where the wait stands.
fn request(
    state: &mut WorkflowState,
    token: &TaskToken,
    position: u32,
    timeout_ms: Option<u64>,
) -> (ApprovalId, ApprovalWait) {
    let id = ApprovalId::generate();
    let wait = state
        .request_approval(
            token,
            position,
            id.clone(),
            approval_request("deploy", timeout_ms),
            NOW,
        )
        .unwrap()
        .unwrap();
    (id, wait)
}

fn by(who: &str) -> DecisionInput {
    DecisionInput {
        by: Some(who.into()),
        by_hint: None,
        comment: Some("looks right".into()),
        payload: Some(serde_json::json!({"replicas": 3})),
    }
}

#[test]
fn an_approval_waits_until_decided_and_the_first_decision_wins() {
    let (mut state, token) = leased();
    let (id, wait) = request(&mut state, &token, 0, None);
    assert_eq!(wait, ApprovalWait::Waiting(id.clone()));
    let recorded = state.take_unsaved().0;
    let records = state.approvals_changed_by(&recorded);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].state, ApprovalState::Pending);
    assert_eq!(records[0].position, Some(0));
    assert_eq!(state.wait().map(|w| w.kind), Some(WaitKind::Approval));
    state.suspend(&token);
    assert!(!state.is_runnable());

    let Decided::Now(approved) = state
        .decide_approval(&id, Outcome::Approved, &by("ana"), NOW + 5)
        .unwrap()
    else {
        panic!("the first decision is recorded");
    };
    assert_eq!(approved.state, ApprovalState::Approved);
    assert_eq!(approved.decided_by.as_deref(), Some("ana"));
    assert!(state.is_runnable(), "a decision resumes the workflow");
    let decided = state.take_unsaved().0;
    assert_eq!(state.approvals_changed_by(&decided), vec![approved.clone()]);

    let again = state
        .decide_approval(&id, Outcome::Denied, &by("bob"), NOW + 6)
        .unwrap();
    assert_eq!(again, Decided::Already(approved));
    assert!(
        actions(&mut state).is_empty(),
        "a second decision records nothing"
    );

    let entry = &state.journal()[0];
    assert_eq!(
        (entry.kind, entry.status),
        (EntryKind::Approval, EntryStatus::Succeeded)
    );
    let decision: Decision = serde_json::from_slice(entry.result.as_deref().unwrap()).unwrap();
    assert_eq!(decision.outcome, Outcome::Approved);
    assert_eq!(decision.comment.as_deref(), Some("looks right"));
}

#[test]
fn an_approval_expires_at_its_deadline_and_a_late_decision_meets_the_expiry() {
    let (mut state, token) = leased();
    let (id, _) = request(&mut state, &token, 0, Some(1_000));
    state.take_unsaved();
    assert_eq!(state.due_at(), Some(NOW + 1_000));
    // A decision after the expiry, before any timer said so, records the expiry instead.
    let late = state
        .decide_approval(&id, Outcome::Approved, &by("ana"), NOW + 1_000)
        .unwrap();
    let Decided::Already(expired) = late else {
        panic!("an expired approval takes no decision");
    };
    assert_eq!(expired.state, ApprovalState::Expired);
    assert!(matches!(
        actions(&mut state).as_slice(),
        [Action::ApprovalDecided {
            outcome: Outcome::Expired,
            by: None,
            ..
        }]
    ));
    // The timer, when it comes, changes nothing more.
    assert_eq!(state.deadline_reached(0, NOW + 1_001), None);
    assert!(actions(&mut state).is_empty());
}

#[test]
fn cancelling_a_workflow_cancels_its_pending_approvals() {
    let (mut state, token) = leased();
    let (id, _) = request(&mut state, &token, 0, None);
    state.take_unsaved();
    state.cancel("no longer needed".into(), NOW + 1).unwrap();
    let events = state.take_unsaved().0;
    let records = state.approvals_changed_by(&events);
    assert_eq!(records.len(), 1);
    assert_eq!(
        (&records[0].id, records[0].state),
        (&id, ApprovalState::Cancelled)
    );
    let Decided::Already(cancelled) = state
        .decide_approval(&id, Outcome::Approved, &by("ana"), NOW + 2)
        .unwrap()
    else {
        panic!("a cancelled approval takes no decision");
    };
    assert_eq!(cancelled.state, ApprovalState::Cancelled);
}

#[test]
fn a_wait_on_an_outside_approval_takes_its_decision_now_or_later() {
    let outside = |decided: bool| {
        let mut approval = Approval::pending(
            ApprovalId::generate(),
            None,
            approval_request("review", None),
            NOW - 10,
        );
        if decided {
            approval.decide(&Decision {
                approval_id: approval.id.clone(),
                outcome: Outcome::Denied,
                by: Some("ana".into()),
                by_hint: None,
                comment: None,
                payload: None,
                at: NOW - 5,
            });
        }
        approval
    };
    // Already decided: answered at once.
    let (mut state, token) = leased();
    let decided = outside(true);
    let wait = state
        .wait_for_approval(&token, 0, &decided, None, NOW)
        .unwrap()
        .unwrap();
    assert!(matches!(wait, ApprovalWait::Decided(d) if d.outcome == Outcome::Denied));
    assert!(state.waits.is_empty());

    // Pending: waits, and the decision delivered later ends the wait once.
    let (mut state, token) = leased();
    let mut pending = outside(false);
    let wait = state
        .wait_for_approval(&token, 1, &pending, Some(60_000), NOW)
        .unwrap()
        .unwrap();
    assert_eq!(wait, ApprovalWait::Waiting(pending.id.clone()));
    assert_eq!(state.due_at(), Some(NOW + 60_000));
    state.take_unsaved();
    pending.decide(&Decision {
        approval_id: pending.id.clone(),
        outcome: Outcome::Approved,
        by: Some("bob".into()),
        by_hint: None,
        comment: None,
        payload: None,
        at: NOW + 1,
    });
    state.approval_decided_elsewhere(&pending, NOW + 2);
    state.approval_decided_elsewhere(&pending, NOW + 3);
    assert_eq!(actions(&mut state).len(), 1, "delivered once");
    assert!(state.waits.is_empty());
    let entry = &state.journal()[0];
    let decision: Decision = serde_json::from_slice(entry.result.as_deref().unwrap()).unwrap();
    assert_eq!(
        decision.at,
        NOW + 1,
        "the time it was decided, not delivered"
    );
    // Its record is not this workflow's to write.
    assert!(state.approval_record(1).is_none());
}

#[test]
fn approval_waits_and_decisions_are_rebuilt_from_the_log() {
    let (mut state, token) = leased();
    let (id, _) = request(&mut state, &token, 0, Some(5_000));
    state
        .decide_approval(&id, Outcome::Denied, &by("ana"), NOW + 1)
        .unwrap();
    request(&mut state, &token, 1, None);
    let mut log = WorkflowState::start(
        state.row.id.clone(),
        "order".into(),
        b"{}".to_vec(),
        None,
        None,
        NOW,
    );
    // The whole log: the start, then what the commands recorded, numbered from 1.
    let events: Vec<HistoryEvent> = log
        .take_unsaved()
        .0
        .into_iter()
        .chain(state.take_unsaved().0)
        .zip(1..)
        .map(|(event, seq)| HistoryEvent { seq, ..event })
        .collect();
    let restored = WorkflowState::restore(state.row.clone(), &events).unwrap();
    assert_eq!(restored.entries, state.entries);
    assert_eq!(restored.waits, state.waits);
    assert_eq!(restored.approval_record(0), state.approval_record(0));
}

fn activity(position: u32, attempt: u32, timeouts: ActivityTimeouts) -> ActivityStart {
    ActivityStart {
        position,
        name: "fetch".into(),
        attempt,
        timeouts,
        retry: Some(policy(3)),
    }
}

fn heartbeat_ms(ms: u64) -> ActivityTimeouts {
    ActivityTimeouts {
        heartbeat_ms: Some(ms),
        ..ActivityTimeouts::default()
    }
}

#[test]
fn a_silent_attempt_times_out_keeping_its_last_heartbeat_details_for_the_next() {
    let (mut state, token) = leased();
    state
        .start_activity(&token, &activity(0, 1, heartbeat_ms(500)), NOW)
        .unwrap();
    assert!(matches!(
        actions(&mut state).as_slice(),
        [Action::ActivityStarted { attempt: 1, .. }]
    ));
    assert_eq!(state.activity_deadline(0), Some(NOW + 500));
    // A heartbeat moves the deadline and records nothing.
    state
        .record_heartbeat(&token, 0, 1, Some(b"\"page 3\"".to_vec()), NOW + 400)
        .unwrap();
    assert_eq!(state.take_unsaved(), (vec![], false));
    assert_eq!(state.deadline_reached(0, NOW + 500), Some(NOW + 900));
    assert_eq!(state.take_unsaved(), (vec![], false));
    let pending = state.pending_activities();
    assert_eq!(pending[0].last_heartbeat_at, Some(NOW + 400));
    assert_eq!(pending[0].heartbeat_details, Some(b"\"page 3\"".to_vec()));

    assert_eq!(state.deadline_reached(0, NOW + 900), None);
    let recorded = actions(&mut state);
    let [
        Action::StepFailed {
            failure,
            retry_at: Some(_),
            heartbeat_details,
            run,
            ..
        },
    ] = recorded.as_slice()
    else {
        panic!("expected one retried failure, got {recorded:?}");
    };
    assert_eq!(failure.timeout, Some(TimeoutKind::Heartbeat));
    assert_eq!(failure.error_type, "TimeoutError");
    assert_eq!(heartbeat_details.as_deref(), Some(&b"\"page 3\""[..]));
    assert_eq!(run.worker_id.as_deref(), Some("w"));
    // The lease ended: the worker's later reports are told to stop, and the retry avoids it.
    assert_eq!(state.row.lease, None);
    assert_eq!(
        state
            .complete_step(&token, &ok_step(0, "fetch", 1), NOW + 901)
            .unwrap(),
        StepReply::Stop(StopReason::LeaseLost)
    );
    assert_eq!(state.avoid_worker(), WorkerId::parse("w").ok());

    // The backoff elapses: the next attempt gets the details in its journal entry.
    let retry_at = state.due_at().unwrap();
    state.deadline_reached(0, retry_at);
    let task = state
        .dispatch(
            &WorkerId::parse("w2").unwrap(),
            TaskToken::generate(),
            None,
            retry_at,
        )
        .unwrap();
    assert_eq!(task.journal[0].status, EntryStatus::RetryReady);
    assert_eq!(task.journal[0].attempt, 2);
    assert_eq!(
        task.journal[0].heartbeat_details.as_deref(),
        Some(&b"\"page 3\""[..])
    );
}

#[test]
fn start_to_close_fails_an_attempt_that_keeps_heartbeating() {
    let (mut state, token) = leased();
    let timeouts = ActivityTimeouts {
        start_to_close_ms: Some(1_000),
        heartbeat_ms: Some(300),
        ..ActivityTimeouts::default()
    };
    state
        .start_activity(&token, &activity(0, 1, timeouts), NOW)
        .unwrap();
    state.take_unsaved();
    let mut at = NOW;
    while at < NOW + 1_000 {
        at += 200;
        state.record_heartbeat(&token, 0, 1, None, at).unwrap();
        if let Some(next) = state.deadline_reached(0, at) {
            assert!(next > at);
        }
    }
    let recorded = actions(&mut state);
    assert!(
        matches!(recorded.as_slice(), [Action::StepFailed { failure, .. }] if failure.timeout == Some(TimeoutKind::StartToClose)),
        "{recorded:?}"
    );
}

#[test]
fn a_repeated_start_changes_nothing_and_restore_rearms_the_deadlines() {
    let (mut state, token) = leased();
    let timeouts = ActivityTimeouts {
        start_to_close_ms: Some(2_000),
        ..ActivityTimeouts::default()
    };
    state
        .start_activity(&token, &activity(0, 1, timeouts), NOW)
        .unwrap();
    let (events, _) = state.take_unsaved();
    state
        .start_activity(&token, &activity(0, 1, timeouts), NOW + 5)
        .unwrap();
    assert_eq!(state.take_unsaved(), (vec![], false));
    // The row tells other nodes when the deadline is due; a restored state enforces it.
    assert_eq!(state.row.due_at, Some(NOW + 2_000));
    let mut log = vec![HistoryEvent {
        seq: 1,
        at: NOW,
        action: Action::WorkflowStarted {
            workflow_type: "order".into(),
            input: b"{}".to_vec(),
            parent: None,
            execution_timeout_at: None,
        },
    }];
    log.extend(events);
    let mut restored = WorkflowState::restore(state.row.clone(), &log)
        .unwrap()
        .loaded(NOW + 10);
    assert_eq!(restored.activity_deadline(0), Some(NOW + 2_000));
    assert_eq!(restored.deadline_reached(0, NOW + 2_000), None);
    assert!(matches!(
        actions(&mut restored).as_slice(),
        [Action::StepFailed { failure, .. }] if failure.timeout == Some(TimeoutKind::StartToClose)
    ));
}

#[test]
fn schedule_to_close_stops_retries_and_schedule_to_start_fails_a_retry_not_started() {
    let (mut state, token) = leased();
    let timeouts = ActivityTimeouts {
        schedule_to_close_ms: Some(150),
        schedule_to_start_ms: Some(20),
        ..ActivityTimeouts::default()
    };
    state
        .start_activity(&token, &activity(0, 1, timeouts), NOW)
        .unwrap();
    // A failure whose retry would start after the schedule-to-close deadline is final.
    let report = StepReport {
        name: "fetch".into(),
        ..failed_step(0, 1, Some(policy(3)))
    };
    let mut late = state.clone();
    assert!(matches!(
        late.complete_step(&token, &report, NOW + 100).unwrap(),
        StepReply::Failed(_)
    ));
    // Earlier, it is retried; the retry not started within 20 ms of its backoff fails, and
    // its own retry would come too late for the schedule-to-close deadline.
    assert!(matches!(
        state.complete_step(&token, &report, NOW + 10).unwrap(),
        StepReply::RetryScheduled { .. }
    ));
    let retry_at = state.due_at().unwrap();
    assert_eq!(retry_at, NOW + 110);
    state.deadline_reached(0, retry_at);
    state.take_unsaved();
    assert_eq!(state.activity_deadline(0), Some(NOW + 130));
    assert_eq!(state.deadline_reached(0, NOW + 130), None);
    let recorded = actions(&mut state);
    assert!(
        matches!(recorded.as_slice(), [Action::StepFailed { failure, retry_at: None, attempt: 2, .. }] if failure.timeout == Some(TimeoutKind::ScheduleToStart)),
        "{recorded:?}"
    );
    assert!(state.activities.is_empty());
    assert!(state.is_runnable());
}

#[test]
fn the_execution_timeout_fails_the_workflow() {
    let mut state = WorkflowState::start(
        WorkflowId::parse("wf").unwrap(),
        "order".into(),
        b"{}".to_vec(),
        None,
        Some(5_000),
        NOW,
    );
    state.take_unsaved();
    assert_eq!(state.row.due_at, Some(NOW + 5_000));
    assert_eq!(
        state.deadline_reached(WORKFLOW_DEADLINE, NOW + 4_999),
        Some(NOW + 5_000)
    );
    assert_eq!(state.due_positions(NOW + 5_000), vec![WORKFLOW_DEADLINE]);
    assert_eq!(state.deadline_reached(WORKFLOW_DEADLINE, NOW + 5_000), None);
    assert_eq!(state.row.status, WorkflowStatus::Failed);
    assert_eq!(
        state.failure.as_ref().and_then(|f| f.timeout),
        Some(TimeoutKind::Execution)
    );
    assert_eq!(state.row.due_at, None);
}

#[test]
fn oversized_heartbeat_details_are_refused() {
    let (mut state, token) = leased();
    let details = vec![b'x'; MAX_HEARTBEAT_DETAILS_BYTES + 1];
    assert!(matches!(
        state.record_heartbeat(&token, 0, 1, Some(details), NOW),
        Err(Error::TooLarge(_))
    ));
}

#[test]
fn only_the_engine_makes_timeout_failures() {
    let (mut state, token) = leased();
    let forged = Failure::timeout(TimeoutKind::Execution, "rethrown");
    let report = StepReport {
        outcome: Err(forged.clone()),
        ..failed_step(0, 1, None)
    };
    state.complete_step(&token, &report, NOW).unwrap();
    state.complete(&token, Err(forged), NOW);
    let recorded = actions(&mut state);
    assert!(matches!(
        recorded.as_slice(),
        [
            Action::StepFailed { failure: a, .. },
            Action::WorkflowFailed { failure: b }
        ] if a.timeout.is_none() && b.timeout.is_none() && b.error_type == "TimeoutError"
    ));
}

#[test]
fn heartbeats_are_kept_only_where_a_step_can_be_running() {
    let (mut state, token) = leased();
    let details = || Some(b"\"progress\"".to_vec());
    // A position holding a timer runs no step: its heartbeats are ignored.
    state
        .schedule_timer(&token, 0, "nap".into(), 60_000, NOW)
        .unwrap();
    assert_eq!(
        state
            .record_heartbeat(&token, 0, 1, details(), NOW)
            .unwrap(),
        None
    );
    assert_eq!(state.heartbeat_details(0), None);
    // A position the log knows nothing of may be a plain step's first attempt: kept, within a
    // budget of positions.
    for position in 1..=MAX_UNTRACKED_HEARTBEATS as u32 {
        state
            .record_heartbeat(&token, position, 1, details(), NOW)
            .unwrap();
        assert_eq!(state.heartbeat_details(position), details());
    }
    let over = MAX_UNTRACKED_HEARTBEATS as u32 + 1;
    state
        .record_heartbeat(&token, over, 1, details(), NOW)
        .unwrap();
    assert_eq!(state.heartbeat_details(over), None);
    // A started activity always keeps its heartbeats.
    let activity_at = over + 1;
    state
        .start_activity(&token, &activity(activity_at, 1, heartbeat_ms(500)), NOW)
        .unwrap();
    state
        .record_heartbeat(&token, activity_at, 1, details(), NOW)
        .unwrap();
    assert_eq!(state.heartbeat_details(activity_at), details());
}

#[test]
fn a_lease_is_expired_only_for_the_node_that_granted_it() {
    let mut state = started();
    let node_a = NodeId::parse("node-a").unwrap();
    let node_b = NodeId::parse("node-b").unwrap();
    let worker = WorkerId::parse("w").unwrap();
    state
        .dispatch(&worker, TaskToken::generate(), Some(&node_a), NOW)
        .unwrap();
    state.take_unsaved();
    assert_eq!(
        state.row.lease.as_ref().and_then(|l| l.node.clone()),
        Some(node_a.clone())
    );
    assert_eq!(state.expire_lease_granted_by(&node_b), None);
    assert!(state.row.lease.is_some());
    assert_eq!(state.take_unsaved(), (Vec::new(), false), "nothing changed");
    assert_eq!(state.expire_lease_granted_by(&node_a), Some(worker));
    assert!(state.is_runnable(), "the workflow can be dispatched again");
    assert_eq!(state.take_unsaved(), (Vec::new(), true), "the row changed");
    assert_eq!(state.expire_lease_granted_by(&node_a), None);
}

#[test]
fn a_lease_taken_over_by_another_node_is_no_longer_the_first_nodes_to_expire() {
    let mut state = started();
    let node_a = NodeId::parse("node-a").unwrap();
    let node_b = NodeId::parse("node-b").unwrap();
    let worker = WorkerId::parse("w").unwrap();
    let token = TaskToken::generate();
    state
        .dispatch(&worker, token.clone(), Some(&node_a), NOW)
        .unwrap();
    state.take_unsaved();
    let other = WorkerId::parse("other").unwrap();
    assert!(
        !state.take_over_lease(&other, &token, &node_b),
        "not its lease"
    );
    assert!(
        !state.take_over_lease(&worker, &TaskToken::generate(), &node_b),
        "a stale token"
    );
    assert!(
        !state.take_over_lease(&worker, &token, &node_a),
        "already node A's"
    );
    assert!(!state.take_unsaved().1);
    assert!(state.take_over_lease(&worker, &token, &node_b));
    assert!(state.take_unsaved().1, "the row changed");
    assert_eq!(state.row.lease.as_ref().map(|l| &l.token), Some(&token));

    assert!(
        !state.expire_lease_of(&worker, None, Some(&node_a)),
        "node B's lease now"
    );
    assert!(state.row.lease.is_some());
    assert!(state.expire_lease_of(&worker, None, Some(&node_b)));
    assert!(state.is_runnable());
}

#[test]
fn alone_on_its_store_a_node_expires_a_lease_of_its_previous_run() {
    let mut state = started();
    let before_restart = NodeId::parse("node-before").unwrap();
    let worker = WorkerId::parse("w").unwrap();
    state
        .dispatch(&worker, TaskToken::generate(), Some(&before_restart), NOW)
        .unwrap();
    assert!(state.expire_lease_of(&worker, None, None));
    assert!(state.is_runnable());
}
