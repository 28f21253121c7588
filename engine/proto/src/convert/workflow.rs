//! Workflows on the wire: status, history, tasks and their journals, waits, and the replies to a
//! worker's reports, each converted in one place for the server and the SDKs.

use aether_types::{
    Action, ApprovalWait, AttemptRun, ChildOutcome, EntryKind, EntryStatus, HistoryEvent,
    JournalEntry, PendingActivity, SignalWait, StopReason, Task, TaskRef, Wait, WorkflowInfo,
    WorkflowRow,
};

use super::wait_from_wire;
use crate::v1;

impl From<&WorkflowRow> for v1::WorkflowInfo {
    /// A listing's view: no input, outcome or waits, which only a status read carries.
    fn from(row: &WorkflowRow) -> Self {
        v1::WorkflowInfo {
            workflow_id: row.id.to_string(),
            workflow_type: row.workflow_type.clone(),
            state: v1::WorkflowState::from(row.status).into(),
            waiting_on: v1::WaitKind::from(row.wait).into(),
            created_at_ms: row.created_at,
            updated_at_ms: row.updated_at,
            closed_at_ms: row.closed_at.unwrap_or(0),
            parent_workflow_id: row
                .parent
                .as_ref()
                .map(|p| p.workflow_id.to_string())
                .unwrap_or_default(),
            history_length: row.history_len,
            worker_id: row
                .lease
                .as_ref()
                .map(|l| l.worker_id.to_string())
                .unwrap_or_default(),
            waiting_since_ms: row.wait_since.unwrap_or(0),
            ..Default::default()
        }
    }
}

impl From<WorkflowInfo> for v1::WorkflowInfo {
    fn from(info: WorkflowInfo) -> Self {
        v1::WorkflowInfo {
            input: info.input,
            result: info.result.unwrap_or_default(),
            failure: info.failure.map(Into::into),
            waits: info.waits.iter().map(v1::Wait::from).collect(),
            pending_activities: info
                .pending_activities
                .into_iter()
                .map(v1::PendingActivity::from)
                .collect(),
            execution_deadline_ms: info.execution_deadline.unwrap_or(0),
            ..v1::WorkflowInfo::from(&info.row)
        }
    }
}

impl From<PendingActivity> for v1::PendingActivity {
    fn from(activity: PendingActivity) -> Self {
        v1::PendingActivity {
            position: activity.position,
            name: activity.name,
            attempt: activity.attempt,
            started_at_ms: activity.started_at.unwrap_or(0),
            last_heartbeat_at_ms: activity.last_heartbeat_at.unwrap_or(0),
            heartbeat_details: activity.heartbeat_details,
            deadline_ms: activity.deadline.map_or(0, |(at, _)| at),
            deadline_timeout: activity
                .deadline
                .map(|(_, kind)| kind.as_str().to_owned())
                .unwrap_or_default(),
        }
    }
}

impl From<&Wait> for v1::Wait {
    fn from(wait: &Wait) -> Self {
        v1::Wait {
            position: wait.position,
            kind: v1::WaitKind::from(Some(wait.kind)).into(),
            target: wait.target.clone(),
            since_ms: wait.since,
            deadline_ms: wait.deadline.unwrap_or(0),
        }
    }
}

/// The domain wait of a wire wait; `None` when its kind is unspecified (a newer server's kind).
pub fn wait_from_message(wait: &v1::Wait) -> Option<Wait> {
    Some(Wait {
        position: wait.position,
        kind: wait_from_wire(wait.kind())?,
        target: wait.target.clone(),
        since: wait.since_ms,
        deadline: (wait.deadline_ms != 0).then_some(wait.deadline_ms),
    })
}

impl From<HistoryEvent> for v1::HistoryEvent {
    fn from(event: HistoryEvent) -> Self {
        let mut out = v1::HistoryEvent {
            seq: event.seq,
            at_ms: event.at,
            kind: v1::ActionKind::from(event.action.kind()).into(),
            position: event.action.position(),
            ..Default::default()
        };
        match event.action {
            Action::SignalReceived {
                name,
                payload,
                idempotency_key,
            } => {
                out.name = name;
                out.payload = payload;
                out.idempotency_key = idempotency_key.unwrap_or_default();
            }
            Action::SignalWaitStarted {
                name, timeout_at, ..
            } => {
                out.name = name;
                out.fire_at_ms = timeout_at.unwrap_or(0);
            }
            Action::SignalDelivered { signal, .. } => out.signal_seq = signal,
            Action::WaitTimedOut { .. } => {}
            Action::ApprovalRequested {
                approval,
                request,
                expires_at,
                ..
            } => {
                out.approval_id = approval.to_string();
                out.name = request.reason.clone();
                out.payload = serde_json::to_vec(&request).unwrap_or_default();
                out.fire_at_ms = expires_at.unwrap_or(0);
            }
            Action::ApprovalWaitStarted {
                approval,
                timeout_at,
                ..
            } => {
                out.approval_id = approval.to_string();
                out.fire_at_ms = timeout_at.unwrap_or(0);
            }
            Action::ApprovalDecided {
                approval,
                outcome,
                by,
                comment,
                payload,
                ..
            } => {
                out.approval_id = approval.to_string();
                out.outcome = outcome.as_str().to_owned();
                out.decided_by = by.unwrap_or_default();
                out.comment = comment.unwrap_or_default();
                out.payload = payload
                    .map(|p| serde_json::to_vec(&p).unwrap_or_default())
                    .unwrap_or_default();
            }
            Action::WorkspaceActivity {
                op,
                session,
                revision,
                outcome,
                ..
            } => {
                out.name = op;
                out.session_id = session.unwrap_or_default();
                out.session_revision = revision.unwrap_or(0);
                match outcome {
                    Ok(result) => out.payload = serde_json::to_vec(&result).unwrap_or_default(),
                    Err(failure) => out.failure = Some(failure.into()),
                }
            }
            Action::WorkflowStarted {
                workflow_type,
                input,
                execution_timeout_at,
                ..
            } => {
                out.name = workflow_type;
                out.payload = input;
                out.fire_at_ms = execution_timeout_at.unwrap_or(0);
            }
            Action::ActivityStarted {
                name,
                attempt,
                timeouts,
                run,
                ..
            } => {
                out.name = name;
                out.attempt = attempt;
                out.timeouts = Some(timeouts.into());
                attempt_run(&mut out, run);
            }
            Action::StepCompleted {
                name,
                attempt,
                result,
                run,
                ..
            } => {
                out.name = name;
                out.attempt = attempt;
                out.payload = result;
                attempt_run(&mut out, run);
            }
            Action::StepFailed {
                name,
                attempt,
                failure,
                retry_at,
                run,
                heartbeat_details,
                ..
            } => {
                out.name = name;
                out.attempt = attempt;
                out.failure = Some(failure.into());
                out.fire_at_ms = retry_at.unwrap_or(0);
                out.heartbeat_details = heartbeat_details;
                attempt_run(&mut out, run);
            }
            Action::TimerStarted { name, fire_at, .. } => {
                out.name = name;
                out.fire_at_ms = fire_at;
            }
            Action::TimerFired { .. } => {}
            Action::ChildStarted {
                workflow_type,
                child_id,
                input,
                ..
            } => {
                out.name = workflow_type;
                out.child_workflow_id = child_id.to_string();
                out.payload = input;
            }
            Action::ChildFinished {
                child_id, outcome, ..
            } => {
                out.child_workflow_id = child_id.to_string();
                out.child_state = v1::WorkflowState::from(outcome.status()).into();
                match outcome {
                    ChildOutcome::Completed { result } => out.payload = result,
                    ChildOutcome::Failed { failure } => out.failure = Some(failure.into()),
                    ChildOutcome::Cancelled { reason } => out.reason = reason,
                }
            }
            Action::WorkflowCompleted { result } => out.payload = result,
            Action::WorkflowFailed { failure } => out.failure = Some(failure.into()),
            Action::WorkflowCancelled { reason } => out.reason = reason,
        }
        out
    }
}

/// Where and how long a step attempt ran, on a history event.
fn attempt_run(out: &mut v1::HistoryEvent, run: AttemptRun) {
    out.worker_id = run.worker_id.unwrap_or_default();
    out.leased_at_ms = run.leased_at;
    out.duration_ms = run.duration_ms;
}

impl From<Task> for v1::Task {
    fn from(task: Task) -> Self {
        let task_token = TaskRef {
            workflow_id: task.workflow_id.clone(),
            token: task.token,
        }
        .encode();
        v1::Task {
            task_token,
            workflow_id: task.workflow_id.into_string(),
            workflow_type: task.workflow_type,
            input: task.input,
            journal: task.journal.into_iter().map(journal_entry).collect(),
        }
    }
}

fn journal_entry(entry: JournalEntry) -> v1::JournalEntry {
    v1::JournalEntry {
        position: entry.position,
        name: entry.name,
        kind: match entry.kind {
            EntryKind::Step => v1::EntryKind::Step,
            EntryKind::Timer => v1::EntryKind::Timer,
            EntryKind::Child => v1::EntryKind::Child,
            EntryKind::Signal => v1::EntryKind::Signal,
            EntryKind::Approval => v1::EntryKind::Approval,
            EntryKind::Workspace => v1::EntryKind::Workspace,
        }
        .into(),
        status: match entry.status {
            EntryStatus::Waiting => v1::EntryStatus::Waiting,
            EntryStatus::Succeeded => v1::EntryStatus::Succeeded,
            EntryStatus::Failed => v1::EntryStatus::Failed,
            EntryStatus::RetryReady => v1::EntryStatus::RetryReady,
            EntryStatus::TimedOut => v1::EntryStatus::TimedOut,
        }
        .into(),
        result: entry.result.unwrap_or_default(),
        failure: entry.failure.map(Into::into),
        attempt: entry.attempt,
        child_workflow_id: entry.child_id.map(|c| c.into_string()).unwrap_or_default(),
        heartbeat_details: entry.heartbeat_details,
    }
}

impl From<StopReason> for v1::StopReason {
    fn from(reason: StopReason) -> Self {
        match reason {
            StopReason::LeaseLost => v1::StopReason::LeaseLost,
            StopReason::Cancelled => v1::StopReason::Cancelled,
            StopReason::Closed => v1::StopReason::Closed,
        }
    }
}

impl From<Option<StopReason>> for v1::CommandResponse {
    /// CONTINUE, or STOP with its reason.
    fn from(stop: Option<StopReason>) -> Self {
        match stop {
            None => v1::CommandResponse {
                directive: v1::Directive::Continue.into(),
                stop_reason: v1::StopReason::Unspecified.into(),
            },
            Some(reason) => v1::CommandResponse {
                directive: v1::Directive::Stop.into(),
                stop_reason: v1::StopReason::from(reason).into(),
            },
        }
    }
}

impl From<std::result::Result<SignalWait, StopReason>> for v1::WaitForSignalResponse {
    /// CONTINUE with where the wait stands, or STOP with its reason.
    fn from(wait: std::result::Result<SignalWait, StopReason>) -> Self {
        let (status, payload) = match &wait {
            Ok(SignalWait::Waiting) => (v1::EntryStatus::Waiting, Vec::new()),
            Ok(SignalWait::Delivered(payload)) => (v1::EntryStatus::Succeeded, payload.clone()),
            Ok(SignalWait::TimedOut) => (v1::EntryStatus::TimedOut, Vec::new()),
            Err(_) => (v1::EntryStatus::Unspecified, Vec::new()),
        };
        let command = v1::CommandResponse::from(wait.err());
        v1::WaitForSignalResponse {
            directive: command.directive,
            stop_reason: command.stop_reason,
            status: status.into(),
            payload,
        }
    }
}

impl From<std::result::Result<ApprovalWait, StopReason>> for v1::ApprovalWaitResponse {
    /// CONTINUE with where the wait stands, or STOP with its reason.
    fn from(wait: std::result::Result<ApprovalWait, StopReason>) -> Self {
        let (status, approval_id, decision) = match &wait {
            Ok(ApprovalWait::Waiting(id)) => (v1::EntryStatus::Waiting, id.to_string(), None),
            Ok(ApprovalWait::Decided(decision)) => (
                v1::EntryStatus::Succeeded,
                decision.approval_id.to_string(),
                Some(v1::Decision::from(decision.clone())),
            ),
            Err(_) => (v1::EntryStatus::Unspecified, String::new(), None),
        };
        let command = v1::CommandResponse::from(wait.err());
        v1::ApprovalWaitResponse {
            directive: command.directive,
            stop_reason: command.stop_reason,
            status: status.into(),
            approval_id,
            decision,
        }
    }
}

impl From<std::result::Result<aether_types::workspace::ActivityReply, StopReason>>
    for v1::WorkspaceActivityResponse
{
    /// CONTINUE with the outcome (and any bytes), or STOP with its reason.
    fn from(
        reply: std::result::Result<aether_types::workspace::ActivityReply, StopReason>,
    ) -> Self {
        let command = v1::CommandResponse::from(reply.as_ref().err().copied());
        let mut out = v1::WorkspaceActivityResponse {
            directive: command.directive,
            stop_reason: command.stop_reason,
            ..Default::default()
        };
        if let Ok(reply) = reply {
            match reply.outcome {
                Ok(result) => {
                    out.status = v1::EntryStatus::Succeeded.into();
                    out.result_json = result.to_string();
                }
                Err(failure) => {
                    out.status = v1::EntryStatus::Failed.into();
                    out.failure = Some(failure.into());
                }
            }
            out.content = reply.content.unwrap_or_default();
        }
        out
    }
}
