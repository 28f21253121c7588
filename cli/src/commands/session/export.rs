use std::path::PathBuf;

use anyhow::Context;
use serde_json::json;

use crate::{
    commands::{ClientArgs, explain},
    output::print_json,
};

#[derive(clap::Args)]
pub struct Args {
    /// The session id.
    session_id: String,
    /// Where to write the archive (replaced if it exists); `<SESSION_ID>.tar.gz` by default.
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    client: ClientArgs,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let export = client
        .workspace()
        .export(&args.session_id)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    let path = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{}.tar.gz", args.session_id)));
    tokio::fs::write(&path, &export.tar_gz)
        .await
        .with_context(|| format!("cannot write {}", path.display()))?;
    let size = export.tar_gz.len() as u64;
    if args.client.json {
        return print_json(&json!({
            "sessionId": args.session_id,
            "revision": export.revision,
            "path": path,
            "bytes": size,
        }));
    }
    println!(
        "Exported session {} at revision {} to {} ({size} bytes)",
        args.session_id,
        export.revision,
        path.display(),
    );
    Ok(())
}
