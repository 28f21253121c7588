use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use crate::{Millis, NodeId, TaskToken, WorkerId, WorkflowId};

/// A workflow input, step result or workflow result. Opaque bytes to the engine; the SDKs write
/// UTF-8 JSON, which is what the CLI and dashboard display.
pub type Payload = Vec<u8>;

/// A payload as JSON for people and JSON APIs: payloads are JSON in practice; anything else
/// reads as its text.
pub fn payload_json(payload: &[u8]) -> serde_json::Value {
    serde_json::from_slice(payload).unwrap_or_else(|_| {
        serde_json::Value::String(String::from_utf8_lossy(payload).into_owned())
    })
}

/// `PENDING → RUNNING → COMPLETED | FAILED | CANCELLED`. Terminal states never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WorkflowStatus {
    /// Created, not yet picked up by a worker.
    Pending,
    /// Executing, or waiting on something (see `WaitKind`).
    Running,
    Completed,
    Failed,
    Cancelled,
}

impl WorkflowStatus {
    pub const ALL: [WorkflowStatus; 5] = [
        WorkflowStatus::Pending,
        WorkflowStatus::Running,
        WorkflowStatus::Completed,
        WorkflowStatus::Failed,
        WorkflowStatus::Cancelled,
    ];

    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            WorkflowStatus::Completed | WorkflowStatus::Failed | WorkflowStatus::Cancelled
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            WorkflowStatus::Pending => "PENDING",
            WorkflowStatus::Running => "RUNNING",
            WorkflowStatus::Completed => "COMPLETED",
            WorkflowStatus::Failed => "FAILED",
            WorkflowStatus::Cancelled => "CANCELLED",
        }
    }
}

impl fmt::Display for WorkflowStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown workflow state {0:?}; expected one of pending, running, completed, failed, cancelled"
)]
pub struct StatusParseError(pub String);

impl FromStr for WorkflowStatus {
    type Err = StatusParseError;

    /// Case-insensitive, so that `--state completed` works.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        WorkflowStatus::ALL
            .into_iter()
            .find(|status| status.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| StatusParseError(s.to_owned()))
    }
}

/// What a RUNNING workflow is waiting on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WaitKind {
    Timer,
    Approval,
    Child,
    Signal,
    RetryBackoff,
}

impl WaitKind {
    pub const ALL: [WaitKind; 5] = [
        WaitKind::Timer,
        WaitKind::Approval,
        WaitKind::Child,
        WaitKind::Signal,
        WaitKind::RetryBackoff,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WaitKind::Timer => "timer",
            WaitKind::Approval => "approval",
            WaitKind::Child => "child",
            WaitKind::Signal => "signal",
            WaitKind::RetryBackoff => "retry-backoff",
        }
    }
}

impl FromStr for WaitKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        WaitKind::ALL
            .into_iter()
            .find(|w| w.as_str() == s)
            .ok_or_else(|| format!("unknown wait kind {s:?}"))
    }
}

impl fmt::Display for WaitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A child workflow's link to the position of its parent that waits for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentRef {
    pub workflow_id: WorkflowId,
    pub position: u32,
}

/// The dispatch of a workflow to a worker. While a lease is held, only reports carrying its
/// token change the workflow's journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    pub token: TaskToken,
    pub worker_id: WorkerId,
    pub leased_at: Millis,
    /// The node that granted it (its worker's stream is there): when that node dies, a
    /// surviving node expires the lease. `None` for leases granted before nodes were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<NodeId>,
}

/// The queryable summary of a workflow that the store keeps beside its history: what listing,
/// scheduling and recovery read without replaying actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowRow {
    pub id: WorkflowId,
    pub workflow_type: String,
    pub status: WorkflowStatus,
    pub wait: Option<WaitKind>,
    /// When the current wait began; `None` when not waiting.
    #[serde(default)]
    pub wait_since: Option<Millis>,
    pub parent: Option<ParentRef>,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub closed_at: Option<Millis>,
    /// Incremented by every write; writes carry the version they expect (optimistic concurrency
    /// between engine nodes sharing one database).
    pub version: u64,
    /// Number of actions in the history.
    pub history_len: u64,
    pub lease: Option<Lease>,
    /// The worker that ran the workflow last: it may still hold the execution in memory, so a
    /// resumed workflow goes back to it when it has room.
    pub last_worker: Option<WorkerId>,
    /// When the earliest pending timer (sleep or retry backoff) is due, if any: what a node
    /// that did not set the timer looks for.
    pub due_at: Option<Millis>,
}

impl WorkflowRow {
    /// A new workflow's row: PENDING since `created_at`, nothing recorded or stored yet.
    pub fn new(
        id: WorkflowId,
        workflow_type: String,
        parent: Option<ParentRef>,
        created_at: Millis,
    ) -> Self {
        Self {
            id,
            workflow_type,
            status: WorkflowStatus::Pending,
            wait: None,
            wait_since: None,
            parent,
            created_at,
            updated_at: created_at,
            closed_at: None,
            version: 0,
            history_len: 0,
            lease: None,
            last_worker: None,
            due_at: None,
        }
    }

    /// Whether a worker could make progress on it now: not terminal, not leased, not waiting.
    ///
    /// The one definition of "runnable": the stores' `runnable` and the notices a commit sends
    /// use it, and the SQL stores' `runnable` query is its SQL form (the store conformance suite
    /// checks that they agree).
    pub fn is_runnable(&self) -> bool {
        !self.status.is_terminal() && self.lease.is_none() && self.wait.is_none()
    }
}

/// Which workflows to list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub workflow_type: Option<String>,
    pub status: Option<WorkflowStatus>,
    /// Only workflows waiting on this (which implies RUNNING).
    pub waiting: Option<WaitKind>,
    /// Only ids that start with this.
    pub id_prefix: Option<String>,
    /// Only the children of this workflow.
    pub parent: Option<WorkflowId>,
    /// Only workflows created at or after this time.
    pub created_from: Option<Millis>,
    /// Only workflows created before this time.
    pub created_to: Option<Millis>,
    /// Only workflows after this one in the listing's order: the next page.
    pub after: Option<ListCursor>,
    pub limit: usize,
}

impl ListFilter {
    /// Whether `row` passes every filter but the limit: the rule the memory store applies and
    /// the SQL stores write as a query (the conformance suite checks they agree).
    pub fn matches(&self, row: &WorkflowRow) -> bool {
        self.workflow_type
            .as_ref()
            .is_none_or(|t| &row.workflow_type == t)
            && self.status.is_none_or(|s| row.status == s)
            && self.waiting.is_none_or(|w| row.wait == Some(w))
            && self
                .id_prefix
                .as_ref()
                .is_none_or(|p| row.id.as_str().starts_with(p.as_str()))
            && self
                .parent
                .as_ref()
                .is_none_or(|p| row.parent.as_ref().map(|r| &r.workflow_id) == Some(p))
            && self.created_from.is_none_or(|t| row.created_at >= t)
            && self.created_to.is_none_or(|t| row.created_at < t)
            && self.after.as_ref().is_none_or(|c| c.precedes(row))
    }
}

/// Where a page of a workflow listing ends: its last row's creation time and id. An opaque
/// string in the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListCursor {
    pub created_at: Millis,
    pub id: WorkflowId,
}

impl ListCursor {
    pub fn of(row: &WorkflowRow) -> Self {
        Self {
            created_at: row.created_at,
            id: row.id.clone(),
        }
    }

    pub fn encode(&self) -> String {
        format!("{}_{}", self.created_at, self.id)
    }

    pub fn decode(text: &str) -> Option<Self> {
        let (at, id) = text.split_once('_')?;
        Some(Self {
            created_at: at.parse().ok()?,
            id: WorkflowId::parse(id).ok()?,
        })
    }

    /// Whether `row` comes after the cursor (newest first, then by id descending).
    pub fn precedes(&self, row: &WorkflowRow) -> bool {
        (row.created_at, &row.id) < (self.created_at, &self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: WorkflowStatus) -> WorkflowRow {
        WorkflowRow {
            status,
            ..WorkflowRow::new(WorkflowId::parse("w").unwrap(), "t".into(), None, 1)
        }
    }

    #[test]
    fn runnable_means_not_terminal_not_leased_not_waiting() {
        assert!(row(WorkflowStatus::Pending).is_runnable());
        assert!(row(WorkflowStatus::Running).is_runnable());
        for status in [
            WorkflowStatus::Completed,
            WorkflowStatus::Failed,
            WorkflowStatus::Cancelled,
        ] {
            assert!(!row(status).is_runnable(), "{status}");
        }
        let leased = WorkflowRow {
            lease: Some(Lease {
                token: TaskToken::generate(),
                worker_id: WorkerId::parse("worker").unwrap(),
                leased_at: 1,
                node: None,
            }),
            ..row(WorkflowStatus::Running)
        };
        assert!(!leased.is_runnable());
        let waiting = WorkflowRow {
            wait: Some(WaitKind::Timer),
            wait_since: Some(1),
            ..row(WorkflowStatus::Running)
        };
        assert!(!waiting.is_runnable());
    }

    #[test]
    fn parses_states_case_insensitively() {
        assert_eq!("completed".parse(), Ok(WorkflowStatus::Completed));
        assert_eq!("RUNNING".parse(), Ok(WorkflowStatus::Running));
        assert!("done".parse::<WorkflowStatus>().is_err());
    }
}
