use aether_sdk::{ListOptions, WaitKind, WorkflowStatus};

use super::WorkflowJson;
use crate::{
    commands::{ClientArgs, explain},
    output::{local, print_json, table},
};

#[derive(clap::Args)]
pub struct Args {
    /// Only workflows of this type.
    #[arg(long = "type")]
    workflow_type: Option<String>,
    /// Only workflows in this state: pending, running, completed, failed, cancelled.
    #[arg(long)]
    state: Option<WorkflowStatus>,
    /// Only running workflows waiting on this: approval, signal, timer, child, retry-backoff.
    #[arg(long)]
    waiting: Option<WaitKind>,
    /// At most this many (newest first).
    #[arg(long, default_value_t = 100)]
    limit: u32,
    #[command(flatten)]
    client: ClientArgs,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let workflows = client
        .list(&ListOptions {
            workflow_type: args.workflow_type,
            status: args.state,
            waiting: args.waiting,
            limit: args.limit,
        })
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        let json: Vec<WorkflowJson> = workflows.iter().map(WorkflowJson::from).collect();
        return print_json(&json);
    }
    let rows: Vec<Vec<String>> = workflows
        .iter()
        .map(|w| {
            vec![
                w.workflow_id.clone(),
                w.workflow_type.clone(),
                match (&w.waiting_on, w.waiting_since_ms) {
                    (Some(wait), Some(since)) => {
                        format!("{} ({wait} since {})", w.status, local(since))
                    }
                    (Some(wait), None) => format!("{} ({wait})", w.status),
                    (None, _) => w.status.to_string(),
                },
                local(w.created_at_ms),
                w.closed_at_ms.map(local).unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            &["WORKFLOW ID", "TYPE", "STATE", "CREATED", "CLOSED"],
            &rows
        )
    );
    Ok(())
}
