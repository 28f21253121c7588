use serde::{Deserialize, Serialize};

use crate::{
    ActivityTimeouts, ApprovalId, ApprovalRequest, Failure, Millis, ParentRef, Payload,
    RetryPolicy, WorkflowId, WorkflowStatus, approval::Outcome,
};

/// One entry of a workflow's action log: what happened, when, at which sequence number.
/// Sequence numbers start at 1 and have no gaps; the state of a workflow is the fold of its
/// actions, which is how it is recovered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEvent {
    pub seq: u64,
    pub at: Millis,
    pub action: Action,
}

/// Where and for how long one attempt of a step ran, for people reading the log (the dashboard's
/// timeline): replay never reads it. Each part is absent when unknown, as in logs written
/// before it was recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRun {
    /// The worker whose task ran the attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_id: Option<String>,
    /// When that task was handed to the worker: with the action before it, how long the
    /// workflow waited for a worker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leased_at: Option<Millis>,
    /// The attempt's run time as the worker measured it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
}

/// The facts recorded in the action log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    WorkflowStarted {
        workflow_type: String,
        #[serde(with = "payload_text")]
        input: Payload,
        parent: Option<ParentRef>,
        /// When the engine fails the workflow if it has not ended (its execution timeout).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        execution_timeout_at: Option<Millis>,
    },
    /// An attempt of an activity with engine-enforced timeouts started: the engine arms its
    /// deadlines (and re-arms them at recovery from this action). Plain steps never record it.
    ActivityStarted {
        position: u32,
        name: String,
        attempt: u32,
        timeouts: ActivityTimeouts,
        /// The retry policy the engine applies when it times the attempt out itself.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry: Option<RetryPolicy>,
        #[serde(flatten)]
        run: AttemptRun,
    },
    StepCompleted {
        position: u32,
        name: String,
        attempt: u32,
        #[serde(with = "payload_text")]
        result: Payload,
        #[serde(flatten)]
        run: AttemptRun,
    },
    /// One attempt failed. `retry_at` is set when another attempt is scheduled; otherwise the
    /// failure is final and goes to the workflow code.
    StepFailed {
        position: u32,
        name: String,
        attempt: u32,
        failure: Failure,
        retry_at: Option<Millis>,
        #[serde(flatten)]
        run: AttemptRun,
        /// The last heartbeat details the attempt sent (or an earlier attempt left), handed to
        /// the next attempt.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "opt_payload_text"
        )]
        heartbeat_details: Option<Payload>,
    },
    TimerStarted {
        position: u32,
        name: String,
        fire_at: Millis,
    },
    /// A sleep's timer, or a retry's backoff, elapsed.
    TimerFired {
        position: u32,
    },
    ChildStarted {
        position: u32,
        workflow_type: String,
        child_id: WorkflowId,
        /// Kept so that recovery can create a child whose creation was interrupted.
        #[serde(with = "payload_text")]
        input: Payload,
    },
    ChildFinished {
        position: u32,
        child_id: WorkflowId,
        outcome: ChildOutcome,
    },
    /// A signal arrived. It is kept, with the other undelivered signals of its name in the order
    /// they arrived, until a wait takes it; its identity is this action's sequence number.
    SignalReceived {
        name: String,
        #[serde(with = "payload_text")]
        payload: Payload,
        /// A repeat of a signal with the same key is accepted once.
        idempotency_key: Option<String>,
    },
    /// The workflow code waits for the next signal of `name`, until `timeout_at` if set.
    SignalWaitStarted {
        position: u32,
        name: String,
        timeout_at: Option<Millis>,
    },
    /// The oldest undelivered signal of the wait's name (the `SignalReceived` at sequence number
    /// `signal`) went to the wait at `position`.
    SignalDelivered {
        position: u32,
        signal: u64,
    },
    /// The wait at `position` reached its timeout first.
    WaitTimedOut {
        position: u32,
    },
    /// The workflow code asked for a person's decision: the approval `approval` is stored as
    /// pending in the same write, and the wait at `position` lasts until it is decided or
    /// `expires_at` passes.
    ApprovalRequested {
        position: u32,
        approval: ApprovalId,
        request: ApprovalRequest,
        expires_at: Option<Millis>,
    },
    /// The workflow code waits on an approval requested outside it (for a session), until it is
    /// decided or `timeout_at` passes (the earlier of its own timeout and the approval's expiry).
    ApprovalWaitStarted {
        position: u32,
        approval: ApprovalId,
        timeout_at: Option<Millis>,
    },
    /// The approval waited on at `position` was decided (approved or denied, by whom, with what
    /// comment and edits), or expired (`by` is `None`).
    ApprovalDecided {
        position: u32,
        approval: ApprovalId,
        outcome: Outcome,
        by: Option<String>,
        /// The name the decider claimed when `by` is a key's (see `DecisionInput::by_hint`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by_hint: Option<String>,
        comment: Option<String>,
        payload: Option<serde_json::Value>,
        /// When the approval was decided, if before this action: a decision made outside the
        /// workflow and delivered to its wait later.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        decided_at: Option<Millis>,
    },
    /// A workspace activity (`ctx.workspace.*`) the engine ran: the operation, a digest of its
    /// arguments and bytes (a replay must make the same call), the session and its revision
    /// after the call, and the outcome: the result as JSON (a read names its bytes by hash), or
    /// the workspace's refusal.
    WorkspaceActivity {
        position: u32,
        op: String,
        digest: String,
        session: Option<String>,
        revision: Option<u64>,
        outcome: Result<serde_json::Value, Failure>,
    },
    WorkflowCompleted {
        #[serde(with = "payload_text")]
        result: Payload,
    },
    WorkflowFailed {
        failure: Failure,
    },
    WorkflowCancelled {
        reason: String,
    },
}

/// How a child workflow ended, as its parent sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ChildOutcome {
    Completed {
        #[serde(with = "payload_text")]
        result: Payload,
    },
    Failed {
        failure: Failure,
    },
    Cancelled {
        reason: String,
    },
}

impl ChildOutcome {
    pub fn status(&self) -> WorkflowStatus {
        match self {
            ChildOutcome::Completed { .. } => WorkflowStatus::Completed,
            ChildOutcome::Failed { .. } => WorkflowStatus::Failed,
            ChildOutcome::Cancelled { .. } => WorkflowStatus::Cancelled,
        }
    }
}

/// The name of an action as the CLI, API and dashboard show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    WorkflowStarted,
    ActivityStarted,
    StepCompleted,
    StepFailed,
    TimerStarted,
    TimerFired,
    ChildStarted,
    ChildFinished,
    SignalReceived,
    SignalWaitStarted,
    SignalDelivered,
    WaitTimedOut,
    ApprovalRequested,
    ApprovalWaitStarted,
    ApprovalDecided,
    WorkspaceActivity,
    WorkflowCompleted,
    WorkflowFailed,
    WorkflowCancelled,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::WorkflowStarted => "workflow_started",
            ActionKind::ActivityStarted => "activity_started",
            ActionKind::StepCompleted => "step_completed",
            ActionKind::StepFailed => "step_failed",
            ActionKind::TimerStarted => "timer_started",
            ActionKind::TimerFired => "timer_fired",
            ActionKind::ChildStarted => "child_started",
            ActionKind::ChildFinished => "child_finished",
            ActionKind::SignalReceived => "signal_received",
            ActionKind::SignalWaitStarted => "signal_wait_started",
            ActionKind::SignalDelivered => "signal_delivered",
            ActionKind::WaitTimedOut => "wait_timed_out",
            ActionKind::ApprovalRequested => "approval_requested",
            ActionKind::ApprovalWaitStarted => "approval_wait_started",
            ActionKind::ApprovalDecided => "approval_decided",
            ActionKind::WorkspaceActivity => "workspace_activity",
            ActionKind::WorkflowCompleted => "workflow_completed",
            ActionKind::WorkflowFailed => "workflow_failed",
            ActionKind::WorkflowCancelled => "workflow_cancelled",
        }
    }
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::WorkflowStarted { .. } => ActionKind::WorkflowStarted,
            Action::ActivityStarted { .. } => ActionKind::ActivityStarted,
            Action::StepCompleted { .. } => ActionKind::StepCompleted,
            Action::StepFailed { .. } => ActionKind::StepFailed,
            Action::TimerStarted { .. } => ActionKind::TimerStarted,
            Action::TimerFired { .. } => ActionKind::TimerFired,
            Action::ChildStarted { .. } => ActionKind::ChildStarted,
            Action::ChildFinished { .. } => ActionKind::ChildFinished,
            Action::SignalReceived { .. } => ActionKind::SignalReceived,
            Action::SignalWaitStarted { .. } => ActionKind::SignalWaitStarted,
            Action::SignalDelivered { .. } => ActionKind::SignalDelivered,
            Action::WaitTimedOut { .. } => ActionKind::WaitTimedOut,
            Action::ApprovalRequested { .. } => ActionKind::ApprovalRequested,
            Action::ApprovalWaitStarted { .. } => ActionKind::ApprovalWaitStarted,
            Action::ApprovalDecided { .. } => ActionKind::ApprovalDecided,
            Action::WorkspaceActivity { .. } => ActionKind::WorkspaceActivity,
            Action::WorkflowCompleted { .. } => ActionKind::WorkflowCompleted,
            Action::WorkflowFailed { .. } => ActionKind::WorkflowFailed,
            Action::WorkflowCancelled { .. } => ActionKind::WorkflowCancelled,
        }
    }

    /// The journal position the action concerns, if any.
    pub fn position(&self) -> Option<u32> {
        match self {
            Action::StepCompleted { position, .. }
            | Action::ActivityStarted { position, .. }
            | Action::StepFailed { position, .. }
            | Action::TimerStarted { position, .. }
            | Action::TimerFired { position }
            | Action::ChildStarted { position, .. }
            | Action::ChildFinished { position, .. }
            | Action::SignalWaitStarted { position, .. }
            | Action::SignalDelivered { position, .. }
            | Action::WaitTimedOut { position }
            | Action::ApprovalRequested { position, .. }
            | Action::ApprovalWaitStarted { position, .. }
            | Action::ApprovalDecided { position, .. }
            | Action::WorkspaceActivity { position, .. } => Some(*position),
            _ => None,
        }
    }

    /// Whether the action ends the workflow.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            Action::WorkflowCompleted { .. }
                | Action::WorkflowFailed { .. }
                | Action::WorkflowCancelled { .. }
        )
    }
}

/// Payloads are JSON text in practice; storing them as text (not a byte array) keeps the action
/// log readable in the database. Non-UTF-8 payloads fall back to an array of bytes.
mod payload_text {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Text(String),
        Bytes(Vec<u8>),
    }

    pub fn serialize<S: Serializer>(payload: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(payload) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => payload.serialize(serializer),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        Ok(match Repr::deserialize(deserializer)? {
            Repr::Text(text) => text.into_bytes(),
            Repr::Bytes(bytes) => bytes,
        })
    }
}

/// An optional payload, as text like [`payload_text`].
mod opt_payload_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        payload: &Option<Vec<u8>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match payload {
            Some(payload) => super::payload_text::serialize(payload, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<u8>>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(with = "super::payload_text")] Vec<u8>);
        Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|Wrapped(bytes)| bytes))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The attempt's run sits beside the step's other fields, and logs written before it was
    /// recorded still read.
    #[test]
    fn a_step_reads_with_and_without_its_run() {
        let recorded = Action::StepCompleted {
            position: 2,
            name: "fetch".into(),
            attempt: 1,
            result: b"{\"ok\":true}".to_vec(),
            run: AttemptRun {
                worker_id: Some("w-1".into()),
                leased_at: Some(1_000),
                duration_ms: Some(42),
            },
        };
        let written = serde_json::to_value(&recorded).unwrap();
        assert_eq!(
            written,
            json!({
                "kind": "step_completed", "position": 2, "name": "fetch", "attempt": 1,
                "result": "{\"ok\":true}", "worker_id": "w-1", "leased_at": 1000,
                "duration_ms": 42
            })
        );
        assert_eq!(serde_json::from_value::<Action>(written).unwrap(), recorded);

        let older = json!({
            "kind": "step_failed", "position": 3, "name": "charge", "attempt": 2,
            "failure": { "message": "boom", "error_type": "Error" }, "retry_at": null
        });
        let Action::StepFailed { run, failure, .. } = serde_json::from_value(older).unwrap() else {
            panic!("not a step failure");
        };
        assert_eq!(run, AttemptRun::default());
        assert_eq!(failure.message, "boom");
    }
}
