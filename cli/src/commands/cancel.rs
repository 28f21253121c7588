use serde_json::json;

use super::{ClientArgs, explain};
use crate::output::print_json;

#[derive(clap::Args)]
pub struct Args {
    /// The workflow id.
    workflow_id: String,
    /// Recorded in the history.
    #[arg(long, default_value = "cancelled from the CLI")]
    reason: String,
    #[command(flatten)]
    client: ClientArgs,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let state = client
        .cancel(&args.workflow_id, &args.reason)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&json!({ "workflow_id": args.workflow_id, "state": state.as_str() }));
    }
    println!("Workflow {} is {state}", args.workflow_id);
    Ok(())
}
