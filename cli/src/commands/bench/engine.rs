//! The engine under test, as a child process of the bench: `aether serve` on loopback.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
};

use aether_types::{config::PersistenceMode, ready::Ready};
use anyhow::{Context, bail};

use super::secure::Credentials;

/// How the bench starts its engine, kept so that a restart starts the same one.
#[derive(Debug, Clone)]
pub struct Launch {
    pub persistence: PersistenceMode,
    /// SQLite file or postgres:// URL.
    pub db: String,
    /// Prometheus metrics on a free port (explicitly off otherwise, whatever an aether.toml
    /// says).
    pub metrics: bool,
    /// TLS and an API key (`--secure`).
    pub secure: Option<Credentials>,
}

pub struct EngineProcess {
    child: Child,
    launch: Launch,
    pub url: String,
    /// `http://host:port` of its HTTP API.
    pub http: String,
    /// The Prometheus endpoint, when started with metrics on.
    pub metrics: Option<String>,
}

impl EngineProcess {
    /// Starts `aether serve` on `port` (0: any free port).
    pub async fn start(launch: Launch, port: u16) -> anyhow::Result<Self> {
        let exe = std::env::current_exe().context("cannot find the aether binary")?;
        let persistence = launch.persistence.to_string();
        let db = launch.db.clone();
        let metrics = launch.metrics;
        let secure = launch
            .secure
            .as_ref()
            .map(Credentials::serve_args)
            .unwrap_or_default();
        let port = port.to_string();
        tokio::task::spawn_blocking(move || {
            let mut child = Command::new(exe)
                .args([
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--grpc-port",
                    &port,
                    "--http-port",
                    "0",
                    "--ready-json",
                ])
                .args(["--persistence", &persistence, "--db", &db])
                .args(&secure)
                .args(if metrics {
                    ["--metrics=true", "--metrics-port", "0"].as_slice()
                } else {
                    ["--metrics=false"].as_slice()
                })
                .env("RUST_LOG", "warn")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .context("cannot start aether serve")?;
            // Keep draining both pipes so that the engine never blocks on a full one.
            let stderr = child.stderr.take().context("no stderr")?;
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    eprintln!("[engine] {line}");
                }
            });
            let stdout = child.stdout.take().context("no stdout")?;
            let mut lines = BufReader::new(stdout).lines();
            let Some(Ok(line)) = lines.next() else {
                let status = child.wait()?;
                bail!("aether serve exited before serving ({status})");
            };
            let ready: Ready = serde_json::from_str(&line)
                .with_context(|| format!("aether serve's ready line {line:?}"))?;
            std::thread::spawn(move || {
                for line in lines.map_while(Result::ok) {
                    eprintln!("[engine] {line}");
                }
            });
            Ok(Self {
                child,
                launch,
                url: ready.grpc_url(),
                http: ready.http_url(),
                metrics: ready.metrics_url(),
            })
        })
        .await?
    }

    /// Peak resident set size (VmHWM), from /proc.
    pub fn peak_rss_bytes(&self) -> Option<u64> {
        self.status_bytes("VmHWM:")
    }

    /// Resident set size now (VmRSS), from /proc.
    pub fn rss_bytes(&self) -> Option<u64> {
        self.status_bytes("VmRSS:")
    }

    fn status_bytes(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }

    /// User + system CPU time so far, from /proc (clock ticks of 1/100 s, Linux's USER_HZ).
    pub fn cpu_seconds(&self) -> Option<f64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // Fields after the command name, which is in parentheses and may contain spaces.
        let rest = stat.rsplit_once(')')?.1;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let utime: f64 = fields.get(11)?.parse().ok()?;
        let stime: f64 = fields.get(12)?.parse().ok()?;
        Some((utime + stime) / 100.0)
    }
}

impl EngineProcess {
    /// SIGKILL, as a crash would, then the same engine started again on the same port.
    pub async fn kill_and_restart(mut self) -> anyhow::Result<Self> {
        let port = self.port();
        let _ = self.child.kill();
        let _ = self.child.wait();
        Self::start(self.launch.clone(), port).await
    }

    pub fn port(&self) -> u16 {
        self.url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for EngineProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
