use std::collections::BTreeMap;

use aether_sdk::workspace::SessionFilter;

use super::{labels, parse_label};
use crate::{
    commands::{ClientArgs, explain},
    output::{bytes, local_rfc3339, print_json, table},
};

#[derive(clap::Args)]
pub struct Args {
    /// Only sessions in this state.
    #[arg(long, value_parser = ["active", "archived"])]
    state: Option<String>,
    /// Only sessions created from this source.
    #[arg(long)]
    source: Option<String>,
    /// Only forks of this session.
    #[arg(long)]
    parent: Option<String>,
    /// Only sessions with this label (key=value); repeat to require several.
    #[arg(long = "label", value_name = "KEY=VALUE", value_parser = parse_label)]
    labels: Vec<(String, String)>,
    /// At most this many.
    #[arg(long, default_value_t = 100)]
    limit: u32,
    #[command(flatten)]
    client: ClientArgs,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let sessions = client
        .workspace()
        .list_sessions(&SessionFilter {
            state: args.state,
            source: args.source,
            parent: args.parent,
            labels: args.labels.into_iter().collect::<BTreeMap<_, _>>(),
            limit: Some(args.limit),
        })
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&sessions);
    }
    let rows: Vec<Vec<String>> = sessions
        .iter()
        .map(|s| {
            vec![
                s.id.clone(),
                s.state.clone(),
                s.revision.to_string(),
                s.file_count.to_string(),
                bytes(s.size_bytes),
                s.source.clone().unwrap_or_else(|| "-".into()),
                labels(s),
                local_rfc3339(&s.created_at),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            &[
                "SESSION ID",
                "STATE",
                "REVISION",
                "FILES",
                "SIZE",
                "SOURCE",
                "LABELS",
                "CREATED"
            ],
            &rows
        )
    );
    Ok(())
}
