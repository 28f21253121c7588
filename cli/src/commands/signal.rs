use anyhow::Context;
use serde_json::json;

use super::{ClientArgs, explain};
use crate::output::print_json;

#[derive(clap::Args)]
pub struct Args {
    /// The workflow id.
    workflow_id: String,
    /// The signal's name, as the workflow waits for it.
    name: String,
    /// The signal's payload, as JSON (default: null).
    #[arg(long, value_name = "JSON")]
    payload: Option<String>,
    /// A signal whose key the workflow has already accepted is not recorded again.
    #[arg(long, value_name = "KEY")]
    idempotency_key: Option<String>,
    #[command(flatten)]
    client: ClientArgs,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    // Checked before connecting, so that a payload that is not JSON sends nothing.
    let payload: serde_json::Value = match &args.payload {
        Some(text) => serde_json::from_str(text)
            .with_context(|| format!("--payload is not valid JSON ({text:?})"))?,
        None => serde_json::Value::Null,
    };
    let client = args.client.connect().await?;
    let sent = client
        .signal(
            &args.workflow_id,
            &args.name,
            &payload,
            args.idempotency_key.as_deref(),
        )
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&json!({
            "workflow_id": args.workflow_id,
            "name": args.name,
            "duplicate": sent.duplicate,
        }));
    }
    if sent.duplicate {
        println!(
            "Workflow {} had already accepted signal '{}' with this idempotency key; nothing new was recorded",
            args.workflow_id, args.name
        );
    } else {
        println!(
            "Sent signal '{}' to workflow {}",
            args.name, args.workflow_id
        );
    }
    Ok(())
}
