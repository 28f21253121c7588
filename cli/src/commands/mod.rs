pub mod approval;
pub mod bench;
pub mod cancel;
pub mod history;
pub mod init;
pub mod key;
pub mod mount;
pub mod schedule;
pub mod serve;
pub mod session;
pub mod signal;
pub mod status;
pub mod workflow;

use std::path::PathBuf;

use aether_sdk::{Client, ClientOptions, Error, RpcCode};
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
    /// The API key sent with every call, for a server with `[[auth.keys]]`.
    #[arg(long, env = "AETHER_API_KEY", hide_env_values = true, global = true)]
    pub api_key: Option<String>,
    /// PEM file of the certificate authorities to trust for an https:// server, instead of
    /// the system's roots.
    #[arg(long, env = "AETHER_CA_FILE", value_name = "PATH", global = true)]
    pub ca_file: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long, global = true)]
    pub json: bool,
}

impl ClientArgs {
    pub async fn connect(&self) -> anyhow::Result<Client> {
        crate::output::init_logging("warn");
        Client::connect_with(&self.server, self.options())
            .await
            .map_err(|err| explain(err, &self.server))
    }

    fn options(&self) -> ClientOptions {
        ClientOptions {
            ca_file: self.ca_file.clone(),
            ..options(self.api_key.as_deref())
        }
    }
}

/// The connection options of a command given `--api-key` (or `AETHER_API_KEY`); the CA file
/// comes from `AETHER_CA_FILE`.
pub fn options(api_key: Option<&str>) -> ClientOptions {
    ClientOptions {
        api_key: api_key.map(str::to_owned),
        ..ClientOptions::default()
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
        // A TLS failure (an unknown issuer, a plaintext server) says what it is; a refused
        // connection most likely means no server.
        Error::Connect { message, .. } if is_tls_failure(&message) => {
            anyhow!("cannot connect securely to the Aether server at {server}: {message}")
        }
        Error::Connect { .. } => {
            anyhow!("cannot reach the Aether server at {server} (is `aether serve` running?)")
        }
        Error::Rpc(status) if status.code() == RpcCode::Unavailable => {
            anyhow!(
                "cannot reach the Aether server at {server}: {}",
                status.message()
            )
        }
        Error::Rpc(status) if status.code() == RpcCode::Unauthenticated => anyhow!(
            "the server at {server} refused the call: {} (pass --api-key or set AETHER_API_KEY)",
            status.message()
        ),
        Error::Rpc(status) => anyhow!("{}", status.message()),
        other => anyhow!(other),
    }
}

fn is_tls_failure(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    [
        "certificate",
        "tls",
        "handshake",
        "alpn",
        "h2 was not negotiated",
    ]
    .iter()
    .any(|word| message.contains(word))
}
