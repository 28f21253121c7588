use std::collections::BTreeMap;

use super::{parse_label, print_session};
use crate::{
    commands::{ClientArgs, explain},
    output::print_json,
};

#[derive(clap::Args)]
pub struct Args {
    /// The session to fork.
    session_id: String,
    /// The new session's id (the server picks one otherwise).
    #[arg(long)]
    id: Option<String>,
    /// A label (key=value) for the new session; repeatable.
    #[arg(long = "label", value_name = "KEY=VALUE", value_parser = parse_label)]
    labels: Vec<(String, String)>,
    #[command(flatten)]
    client: ClientArgs,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let labels: BTreeMap<String, String> = args.labels.into_iter().collect();
    let session = client
        .workspace()
        .fork(&args.session_id, args.id.as_deref(), &labels)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&session);
    }
    print_session(&session);
    Ok(())
}
