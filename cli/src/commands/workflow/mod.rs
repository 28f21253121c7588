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

use aether_sdk::WorkflowSummary;
use serde::Serialize;

use crate::output::rfc3339;

/// A workflow as `--json` prints it: the summary with readable timestamps.
#[derive(Serialize)]
pub struct WorkflowJson<'a> {
    pub workflow_id: &'a str,
    pub workflow_type: &'a str,
    pub state: &'a str,
    pub waiting_on: Option<&'a str>,
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
}

impl<'a> From<&'a WorkflowSummary> for WorkflowJson<'a> {
    fn from(w: &'a WorkflowSummary) -> Self {
        Self {
            workflow_id: &w.workflow_id,
            workflow_type: &w.workflow_type,
            state: w.status.as_str(),
            waiting_on: w.waiting_on.as_deref(),
            created_at: rfc3339(w.created_at_ms),
            updated_at: rfc3339(w.updated_at_ms),
            closed_at: w.closed_at_ms.map(rfc3339),
            parent_workflow_id: w.parent_workflow_id.as_deref(),
            worker_id: w.worker_id.as_deref(),
            history_length: w.history_length,
            result: w.result.as_ref(),
            failure: w.failure.as_ref(),
        }
    }
}
