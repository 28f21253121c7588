//! The engine under test, as a child process of the bench: `aether serve` on loopback.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
};

use aether_types::config::PersistenceMode;
use anyhow::{Context, bail};

pub struct EngineProcess {
    child: Child,
    pub url: String,
}

impl EngineProcess {
    /// Starts `aether serve` on `port` (0: any free port).
    pub async fn start(persistence: PersistenceMode, db: &str, port: u16) -> anyhow::Result<Self> {
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
                ])
                .args(["--persistence", &persistence, "--db", &db])
                .env("RUST_LOG", "warn")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .context("cannot start aether serve")?;
            let stderr = child.stderr.take().context("no stderr")?;
            let mut lines = BufReader::new(stderr).lines();
            let addr = loop {
                match lines.next() {
                    Some(Ok(line)) => {
                        if let Some(rest) = line.strip_prefix("Aether is serving gRPC on ") {
                            break rest
                                .split_whitespace()
                                .next()
                                .unwrap_or_default()
                                .to_owned();
                        }
                        eprintln!("[engine] {line}");
                    }
                    _ => {
                        let status = child.wait()?;
                        bail!("aether serve exited before serving ({status})");
                    }
                }
            };
            std::thread::spawn(move || {
                for line in lines.map_while(Result::ok) {
                    eprintln!("[engine] {line}");
                }
            });
            Ok(Self {
                child,
                url: format!("http://{addr}"),
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
