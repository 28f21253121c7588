pub mod approval;
pub mod bench;
pub mod cancel;
pub mod history;
pub mod init;
pub mod serve;
pub mod session;
pub mod signal;
pub mod status;
pub mod workflow;

use aether_sdk::{Client, Error, RpcCode};
use anyhow::anyhow;

/// Options shared by every command that talks to a running server.
#[derive(clap::Args, Debug, Clone)]
pub struct ClientArgs {
    /// The server's gRPC URL.
    #[arg(
        long,
        env = "AETHER_SERVER",
        default_value = "http://localhost:7233",
        global = true
    )]
    pub server: String,
    /// Print JSON instead of a table.
    #[arg(long, global = true)]
    pub json: bool,
}

impl ClientArgs {
    pub async fn connect(&self) -> anyhow::Result<Client> {
        crate::output::init_logging("warn");
        Client::connect(&self.server)
            .await
            .map_err(|err| explain(err, &self.server))
    }
}

/// A command about one workflow.
#[derive(clap::Args, Debug, Clone)]
pub struct WorkflowArgs {
    /// The workflow id.
    pub workflow_id: String,
    #[command(flatten)]
    pub client: ClientArgs,
}

/// One clear line for what went wrong talking to the server.
pub fn explain(err: Error, server: &str) -> anyhow::Error {
    match err {
        Error::Connect { .. } => {
            anyhow!("cannot reach the Aether server at {server} (is `aether serve` running?)")
        }
        Error::Rpc(status) if status.code() == RpcCode::Unavailable => {
            anyhow!(
                "cannot reach the Aether server at {server}: {}",
                status.message()
            )
        }
        Error::Rpc(status) => anyhow!("{}", status.message()),
        other => anyhow!(other),
    }
}
