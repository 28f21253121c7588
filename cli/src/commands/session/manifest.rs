use aether_sdk::workspace::EntryKind;

use crate::{
    commands::{ClientArgs, explain},
    output::{bytes, print_json, table},
};

#[derive(clap::Args)]
pub struct Args {
    /// The session id.
    session_id: String,
    /// List a checkpoint's tree instead of the current one (its id, or its name).
    #[arg(long)]
    checkpoint: Option<String>,
    #[command(flatten)]
    client: ClientArgs,
}

/// Enough of a SHA-256 hex digest to tell entries apart by eye; `--json` has it whole.
const SHORT_HASH: usize = 12;

pub async fn run(args: Args) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let manifest = client
        .workspace()
        .manifest_at(&args.session_id, args.checkpoint.as_deref())
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&manifest);
    }
    let rows: Vec<Vec<String>> = manifest
        .entries
        .iter()
        .map(|e| {
            vec![
                e.path.clone(),
                e.kind.to_string(),
                if e.kind == EntryKind::Dir {
                    "-".into()
                } else {
                    bytes(e.size)
                },
                format!("{:o}", e.mode),
                e.hash.chars().take(SHORT_HASH).collect(),
            ]
        })
        .collect();
    print!(
        "{}",
        table(&["PATH", "KIND", "SIZE", "MODE", "HASH"], &rows)
    );
    Ok(())
}
