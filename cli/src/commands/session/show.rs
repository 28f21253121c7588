use super::{SessionArgs, print_session};
use crate::{commands::explain, output::print_json};

pub async fn run(args: SessionArgs) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let session = client
        .workspace()
        .session(&args.session_id)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&session);
    }
    print_session(&session);
    Ok(())
}
