//! How a workflow row, an action and an approval are laid out in columns: decided once here for
//! every driver that writes them (sqlx's query builder in `queries.rs`, SQLite's commit path in
//! `sqlite/commit.rs`), so that the two cannot store one value two ways.

use aether_store::{Error, Result};
use aether_types::{Action, Approval, HistoryEvent, WorkflowRow};

pub(crate) const ROW_COLUMNS: &str = "id, workflow_type, status, wait, parent_id, parent_position, \
    created_at, updated_at, closed_at, version, history_len, lease_token, lease_worker, \
    leased_at, last_worker, due_at, wait_since, lease_node";

pub(crate) const HISTORY_COLUMNS: &str =
    "workflow_id, seq, at, kind, position, name, attempt, payload_size, action";

pub(crate) const APPROVAL_COLUMNS: &str = "id, workflow_id, position, session_id, reason, state, \
    requested_at, expires_at, version, record";

/// What an approval's upsert replaces when the approval is already stored: its workflow's
/// version check, made in the same transaction, is what orders the two.
pub(crate) const APPROVAL_UPSERT: &str = " ON CONFLICT (id) DO UPDATE SET state = excluded.state, \
    expires_at = excluded.expires_at, version = excluded.version, record = excluded.record";

/// Counters are `u64` in Rust and `BIGINT` in the databases; none comes near the difference.
pub(crate) fn int(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// A workflow row's values in [`ROW_COLUMNS`] order.
pub(crate) struct RowColumns {
    pub id: String,
    pub workflow_type: String,
    pub status: &'static str,
    pub wait: Option<&'static str>,
    pub parent_id: Option<String>,
    pub parent_position: Option<i32>,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
    pub version: i64,
    pub history_len: i64,
    pub lease_token: Option<String>,
    pub lease_worker: Option<String>,
    pub leased_at: Option<i64>,
    pub last_worker: Option<String>,
    pub due_at: Option<i64>,
    pub wait_since: Option<i64>,
    pub lease_node: Option<String>,
}

impl RowColumns {
    pub(crate) fn of(row: &WorkflowRow) -> Self {
        Self {
            id: row.id.to_string(),
            workflow_type: row.workflow_type.clone(),
            status: row.status.as_str(),
            wait: row.wait.map(|w| w.as_str()),
            parent_id: row.parent.as_ref().map(|p| p.workflow_id.to_string()),
            parent_position: row.parent.as_ref().map(|p| p.position as i32),
            created_at: row.created_at,
            updated_at: row.updated_at,
            closed_at: row.closed_at,
            version: int(row.version),
            history_len: int(row.history_len),
            lease_token: row.lease.as_ref().map(|l| l.token.to_string()),
            lease_worker: row.lease.as_ref().map(|l| l.worker_id.to_string()),
            leased_at: row.lease.as_ref().map(|l| l.leased_at),
            last_worker: row.last_worker.as_ref().map(|w| w.to_string()),
            due_at: row.due_at,
            wait_since: row.wait_since,
            lease_node: row
                .lease
                .as_ref()
                .and_then(|l| l.node.as_ref())
                .map(|n| n.to_string()),
        }
    }
}

/// An approval's values in [`APPROVAL_COLUMNS`] order; `record` is the whole approval as JSON.
pub(crate) struct ApprovalColumns {
    pub id: String,
    pub workflow_id: Option<String>,
    pub position: Option<i32>,
    pub session_id: Option<String>,
    pub reason: String,
    pub state: &'static str,
    pub requested_at: i64,
    pub expires_at: Option<i64>,
    pub version: i64,
    pub record: String,
}

impl ApprovalColumns {
    pub(crate) fn of(approval: &Approval) -> Result<Self> {
        Ok(Self {
            id: approval.id.to_string(),
            workflow_id: approval.workflow_id.as_ref().map(|w| w.to_string()),
            position: approval.position.map(|p| p as i32),
            session_id: approval.request.session_id.clone(),
            reason: approval.request.reason.clone(),
            state: approval.state.as_str(),
            requested_at: approval.requested_at,
            expires_at: approval.expires_at,
            version: int(approval.version),
            record: serde_json::to_string(approval).map_err(|e| Error::Backend(e.to_string()))?,
        })
    }
}

/// The columns an action is stored with besides its JSON.
pub(crate) struct EventColumns {
    pub kind: &'static str,
    pub position: Option<i32>,
    pub name: Option<String>,
    pub attempt: Option<i32>,
    pub payload_size: i32,
    pub json: String,
}

pub(crate) fn event_columns(event: &HistoryEvent) -> Result<EventColumns> {
    let action = &event.action;
    let (name, attempt, payload_size) = match action {
        Action::WorkflowStarted {
            workflow_type,
            input,
            ..
        } => (Some(workflow_type.clone()), None, input.len()),
        Action::StepCompleted {
            name,
            attempt,
            result,
            ..
        } => (Some(name.clone()), Some(*attempt), result.len()),
        Action::StepFailed {
            name,
            attempt,
            heartbeat_details,
            ..
        } => (
            Some(name.clone()),
            Some(*attempt),
            heartbeat_details.as_ref().map_or(0, Vec::len),
        ),
        Action::ActivityStarted { name, attempt, .. } => (Some(name.clone()), Some(*attempt), 0),
        Action::TimerStarted { name, .. } => (Some(name.clone()), None, 0),
        Action::ChildStarted {
            workflow_type,
            input,
            ..
        } => (Some(workflow_type.clone()), None, input.len()),
        Action::WorkflowCompleted { result } => (None, None, result.len()),
        Action::SignalReceived { name, payload, .. } => (Some(name.clone()), None, payload.len()),
        Action::SignalWaitStarted { name, .. } => (Some(name.clone()), None, 0),
        Action::SignalDelivered { .. } | Action::WaitTimedOut { .. } => (None, None, 0),
        Action::ApprovalRequested { request, .. } => (Some(request.reason.clone()), None, 0),
        Action::ApprovalWaitStarted { .. } => (None, None, 0),
        Action::WorkspaceActivity { op, outcome, .. } => (
            Some(op.clone()),
            None,
            outcome.as_ref().map_or(0, |r| r.to_string().len()),
        ),
        Action::ApprovalDecided { payload, .. } => (
            None,
            None,
            payload.as_ref().map_or(0, |p| p.to_string().len()),
        ),
        Action::TimerFired { .. }
        | Action::ChildFinished { .. }
        | Action::WorkflowFailed { .. }
        | Action::WorkflowCancelled { .. } => (None, None, 0),
    };
    Ok(EventColumns {
        kind: action.kind().as_str(),
        position: action.position().map(|p| p as i32),
        name,
        attempt: attempt.map(|a| a as i32),
        payload_size: i32::try_from(payload_size).unwrap_or(i32::MAX),
        json: serde_json::to_string(action).map_err(|e| Error::Backend(e.to_string()))?,
    })
}
