use std::{
    io::Write,
    path::{Path, PathBuf},
};

use aether_server::Server;
use aether_types::{
    config::{Config, PersistenceMode},
    ready::Ready,
};
use anyhow::Context;

/// Every setting is layered: flag, then `AETHER_*` environment variable, then the config file,
/// then the built-in default.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Configuration file (default: ./aether.toml when it exists).
    #[arg(long, env = "AETHER_CONFIG")]
    config: Option<PathBuf>,
    /// SQLite file or postgres:// URL.
    #[arg(long, env = "AETHER_DB")]
    db: Option<String>,
    #[arg(long, env = "AETHER_HOST")]
    host: Option<String>,
    #[arg(long, env = "AETHER_GRPC_PORT")]
    grpc_port: Option<u16>,
    #[arg(long, env = "AETHER_HTTP_PORT")]
    http_port: Option<u16>,
    /// memory (L0), snapshot (L1) or state-action-log (L2).
    #[arg(long, env = "AETHER_PERSISTENCE")]
    persistence: Option<PersistenceMode>,
    #[arg(long, env = "AETHER_SNAPSHOT_INTERVAL_MS")]
    snapshot_interval_ms: Option<u64>,
    #[arg(long, env = "AETHER_HEARTBEAT_TIMEOUT_MS")]
    heartbeat_timeout_ms: Option<u64>,
    /// With several nodes on one PostgreSQL database: a node silent for this long is dead and
    /// the leases it granted are expired by the others.
    #[arg(long, env = "AETHER_NODE_TIMEOUT_MS")]
    node_timeout_ms: Option<u64>,
    /// Serve Prometheus metrics at GET /metrics (`--metrics` alone means true; false turns off
    /// what the config file enabled).
    #[arg(
        long = "metrics",
        env = "AETHER_METRICS_ENABLED",
        value_name = "BOOL",
        num_args = 0..=1,
        default_missing_value = "true"
    )]
    metrics_enabled: Option<bool>,
    /// Address the metrics listener binds to.
    #[arg(long, env = "AETHER_METRICS_HOST")]
    metrics_host: Option<String>,
    /// Port of the metrics listener (0: a free one, named in the ready announcement).
    #[arg(long, env = "AETHER_METRICS_PORT")]
    metrics_port: Option<u16>,
    /// PEM certificate chain; with --tls-key, both the gRPC and HTTP ports speak only TLS.
    #[arg(long, env = "AETHER_TLS_CERT", value_name = "PATH")]
    tls_cert: Option<String>,
    /// PEM private key of --tls-cert.
    #[arg(long, env = "AETHER_TLS_KEY", value_name = "PATH")]
    tls_key: Option<String>,
    /// Serve a non-loopback --host without any [[auth.keys]]: anyone who reaches the ports can
    /// do everything. Refused without this flag.
    #[arg(long, env = "AETHER_INSECURE_NO_AUTH")]
    insecure_no_auth: bool,
    /// Print the effective configuration as TOML and exit.
    #[arg(long)]
    print_config: bool,
    /// Once serving (both listeners bound, recovery done), write one JSON object to PATH:
    /// {"grpc_addr", "http_addr", "pid", "persistence"}. Written atomically (a temporary file
    /// renamed); removed when the server stops.
    #[arg(long, value_name = "PATH")]
    ready_file: Option<PathBuf>,
    /// Once serving, print the same JSON object as one line on stdout.
    #[arg(long)]
    ready_json: bool,
}

impl Args {
    fn config(&self) -> anyhow::Result<Config> {
        let default_file = Path::new("aether.toml");
        let mut config = match &self.config {
            Some(path) => Config::from_file(path)?,
            None if default_file.exists() => Config::from_file(default_file)?,
            None => Config::default(),
        };
        let server = &mut config.server;
        if let Some(db) = &self.db {
            server.db_path = db.clone();
        }
        if let Some(host) = &self.host {
            server.host = host.clone();
        }
        if let Some(port) = self.grpc_port {
            server.grpc_port = port;
        }
        if let Some(port) = self.http_port {
            server.http_port = port;
        }
        if self.tls_cert.is_some() || self.tls_key.is_some() {
            // One flag alone completes or overrides the file's `[server.tls]`; validation says
            // when a path is still missing.
            let tls = server.tls.get_or_insert_with(Default::default);
            if let Some(cert) = &self.tls_cert {
                tls.cert_path = cert.clone();
            }
            if let Some(key) = &self.tls_key {
                tls.key_path = key.clone();
            }
        }
        if let Some(mode) = self.persistence {
            config.persistence.mode = mode;
        }
        if let Some(ms) = self.snapshot_interval_ms {
            config.persistence.snapshot_interval_ms = ms;
        }
        if let Some(ms) = self.heartbeat_timeout_ms {
            config.workers.heartbeat_timeout_ms = ms;
        }
        if let Some(ms) = self.node_timeout_ms {
            config.cluster.node_timeout_ms = ms;
        }
        if let Some(enabled) = self.metrics_enabled {
            config.metrics.enabled = enabled;
        }
        if let Some(host) = &self.metrics_host {
            config.metrics.host = host.clone();
        }
        if let Some(port) = self.metrics_port {
            config.metrics.port = port;
        }
        if self.insecure_no_auth {
            config.auth.insecure_no_auth = true;
        }
        config.validate()?;
        Ok(config)
    }
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let config = args.config()?;
    if args.print_config {
        // Shown, so never the secrets (a database password).
        print!("{}", config.redacted().to_toml());
        return Ok(());
    }
    crate::output::init_logging("info");
    let server = Server::start(&config)
        .await
        .context("cannot start the server")?;
    let scheme = if server.tls() { "https" } else { "http" };
    eprintln!(
        "Aether is serving gRPC on {scheme}://{} and HTTP on {scheme}://{} (persistence: {})",
        server.grpc_addr(),
        server.http_addr(),
        config.persistence.mode
    );
    if let Some(addr) = server.metrics_addr() {
        eprintln!("Prometheus metrics at http://{addr}/metrics");
    }
    if !config.auth.enabled() && !aether_types::config::is_loopback_host(&config.server.host) {
        eprintln!(
            "WARNING: NO AUTHENTICATION. {} is not a loopback address and no [[auth.keys]] are configured (--insecure-no-auth): anyone who can reach these ports can start, cancel and read every workflow and workspace.",
            config.server.host
        );
    }
    let ready = Ready {
        grpc_addr: server.grpc_addr(),
        http_addr: server.http_addr(),
        pid: std::process::id(),
        persistence: config.persistence.mode,
        metrics_addr: server.metrics_addr(),
        tls: server.tls(),
    };
    if let Err(err) = announce(&ready, args.ready_file.as_deref(), args.ready_json) {
        server.shutdown();
        let _ = server.wait().await;
        return Err(err);
    }
    let stop = server.shutdown_token();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down");
        stop.cancel();
    });
    let outcome = server.wait().await;
    if let Some(path) = &args.ready_file {
        // A ready file that outlives the server would announce a server that is gone.
        if let Err(err) = std::fs::remove_file(path) {
            tracing::warn!(path = %path.display(), error = %err, "cannot remove the ready file");
        }
    }
    outcome?;
    Ok(())
}

/// Tells whoever started the server that it serves, and where: the ready file first, so that a
/// reader of the stdout line finds the file in place too.
fn announce(ready: &Ready, file: Option<&Path>, json_line: bool) -> anyhow::Result<()> {
    let json = serde_json::to_string(ready).context("cannot encode the ready announcement")?;
    if let Some(path) = file {
        write_atomically(path, &json)
            .with_context(|| format!("cannot write the ready file {}", path.display()))?;
    }
    if json_line {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{json}").context("cannot print the ready line")?;
        stdout.flush().context("cannot print the ready line")?;
    }
    Ok(())
}

/// Writes a temporary file beside `path` and renames it over `path`, so that a reader never
/// sees a partial object.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
