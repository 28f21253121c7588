use crate::{
    commands::{ClientArgs, explain},
    output::{bytes, local_rfc3339, print_json},
};

#[derive(clap::Args)]
pub struct Args {
    /// The session id.
    session_id: String,
    /// A name to find the checkpoint by later.
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    client: ClientArgs,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let checkpoint = client
        .workspace()
        .create_checkpoint(&args.session_id, args.name.as_deref(), None)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&checkpoint);
    }
    println!("Checkpoint: {}", checkpoint.id);
    println!("Session:    {}", checkpoint.session_id);
    if let Some(name) = &checkpoint.name {
        println!("Name:       {}", crate::output::printable(name));
    }
    println!("Revision:   {}", checkpoint.revision);
    println!(
        "Files:      {} ({})",
        checkpoint.file_count,
        bytes(checkpoint.size_bytes)
    );
    println!("Created:    {}", local_rfc3339(&checkpoint.created_at));
    Ok(())
}
