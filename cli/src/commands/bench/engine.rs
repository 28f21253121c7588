//! The engine under test, as a child process of the bench: `aether serve` on loopback.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
};

use aether_types::{config::PersistenceMode, ready::Ready};
use anyhow::{Context, bail};

pub struct EngineProcess {
    child: Child,
    pub url: String,
    /// `http://host:port` of its HTTP API.
    pub http: String,
    /// The Prometheus endpoint, when started with metrics on.
    pub metrics: Option<String>,
}

impl EngineProcess {
    /// Starts `aether serve` on `port` (0: any free port), with Prometheus metrics on a free
    /// port when `metrics` (explicitly off otherwise, whatever an aether.toml says).
    pub async fn start(
        persistence: PersistenceMode,
        db: &str,
        port: u16,
        metrics: bool,
    ) -> anyhow::Result<Self> {
        let exe = std::env::current_exe().context("cannot find the aether binary")?;
        let persistence = persistence.to_string();
        let db = db.to_owned();
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
                url: ready.grpc_url(),
                http: ready.http_url(),
                metrics: ready.metrics_url(),
            })
        })
        .await?
    }

    /// Peak resident set size (VmHWM), from /proc.
    pub fn peak_rss_bytes(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
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
    /// SIGKILL, as a crash would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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
