pub mod list;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum Command {
    /// List workflows, newest first.
    List(list::Args),
}

pub async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::List(args) => list::run(args).await,
    }
}

use aether_sdk::{Wait, WaitKind, WorkflowSummary};
use serde::Serialize;

use crate::output::{local, printable, rfc3339};

/// A workflow as `--json` prints it: the summary with readable timestamps.
#[derive(Serialize)]
pub struct WorkflowJson<'a> {
    pub workflow_id: &'a str,
    pub workflow_type: &'a str,
    pub state: &'a str,
    pub waiting_on: Option<&'a str>,
    pub waiting_since: Option<String>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub waits: Vec<WaitJson<'a>>,
    pub created_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
    pub parent_workflow_id: Option<&'a str>,
    pub worker_id: Option<&'a str>,
    pub history_length: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<&'a aether_sdk::Failure>,
    /// Activities with engine-enforced timeouts in progress (status only).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub pending_activities: &'a [aether_sdk::PendingActivity],
}

impl<'a> From<&'a WorkflowSummary> for WorkflowJson<'a> {
    fn from(w: &'a WorkflowSummary) -> Self {
        Self {
            workflow_id: &w.workflow_id,
            workflow_type: &w.workflow_type,
            state: w.status.as_str(),
            waiting_on: w.waiting_on.as_deref(),
            waiting_since: w.waiting_since_ms.map(rfc3339),
            waits: w.waits.iter().map(WaitJson::from).collect(),
            created_at: rfc3339(w.created_at_ms),
            updated_at: rfc3339(w.updated_at_ms),
            closed_at: w.closed_at_ms.map(rfc3339),
            parent_workflow_id: w.parent_workflow_id.as_deref(),
            worker_id: w.worker_id.as_deref(),
            history_length: w.history_length,
            result: w.result.as_ref(),
            failure: w.failure.as_ref(),
            pending_activities: &w.pending_activities,
        }
    }
}

/// One open wait as `--json` prints it.
#[derive(Serialize)]
pub struct WaitJson<'a> {
    pub position: u32,
    pub kind: &'a str,
    pub target: &'a str,
    pub since: String,
    pub deadline: Option<String>,
    /// An approval wait: the approval's reason, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl<'a> From<&'a Wait> for WaitJson<'a> {
    fn from(w: &'a Wait) -> Self {
        Self {
            position: w.position,
            kind: w.kind.as_str(),
            target: &w.target,
            since: rfc3339(w.since),
            deadline: w.deadline.map(rfc3339),
            reason: None,
        }
    }
}

/// What a wait is on, for people: "timer 'cool-down'", "child wf-2", "approval 6c1e… (deploy)"
/// (an approval's `reason` when it could be read).
pub fn wait_subject(w: &Wait, reason: Option<&str>) -> String {
    match (w.kind, reason) {
        (WaitKind::Child, _) => format!("child {}", w.target),
        (WaitKind::Approval, Some(reason)) => {
            format!("approval {} ({})", printable(&w.target), printable(reason))
        }
        (WaitKind::Approval, None) => format!("approval {}", printable(&w.target)),
        (kind, _) => format!("{kind} '{}'", printable(&w.target)),
    }
}

/// A wait for people: "timer 'cool-down' (position 2) since …, until …".
pub fn describe_wait(w: &Wait, reason: Option<&str>) -> String {
    let what = wait_subject(w, reason);
    let mut text = format!("{what} (position {}) since {}", w.position, local(w.since));
    if let Some(deadline) = w.deadline {
        text.push_str(&format!(", until {}", local(deadline)));
    }
    text
}
