//! The processes the crash tests and the fault harness start and kill: `aether serve` and the
//! `test-worker`. Both are SIGKILLed on drop, so a failed run leaves nothing behind.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
};

use aether_types::ready::Ready;
use anyhow::{Context, anyhow};

use crate::workspace_bin;

/// `aether serve` as a child process, killed (SIGKILL) on drop.
pub struct ServeProcess {
    child: Child,
    pub url: String,
    /// `http://host:port` of the HTTP listener.
    pub http: String,
    /// `http://host:port/metrics`, when started with metrics on.
    pub metrics: Option<String>,
}

impl ServeProcess {
    /// Starts `aether serve` with `args`; without `--grpc-port`, on ephemeral ports. Returns once
    /// the server announces that it serves (`--ready-json`). Panics if it does not: for tests.
    pub fn start(args: &[&str]) -> Self {
        Self::try_start(args).unwrap_or_else(|e| panic!("{e:#}"))
    }

    /// [`start`](Self::start), with a server that exits before serving as an error.
    pub fn try_start(args: &[&str]) -> anyhow::Result<Self> {
        let mut command = Command::new(workspace_bin("aether"));
        command.arg("serve");
        if !args.contains(&"--grpc-port") {
            command.args(["--grpc-port", "0"]);
        }
        let mut child = command
            .args(["--http-port", "0", "--ready-json"])
            .args(args)
            .env("RUST_LOG", "warn")
            .stderr(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .context("aether serve starts")?;
        // Keep draining both pipes so that the server never blocks on a full one.
        let stderr = child.stderr.take().context("piped stderr")?;
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("[serve] {line}");
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().context("piped stdout")?).lines();
        let Some(Ok(line)) = stdout.next() else {
            let status = child.wait();
            return Err(anyhow!("aether serve exited before serving: {status:?}"));
        };
        let ready: Ready = match serde_json::from_str(&line) {
            Ok(ready) => ready,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(anyhow!("aether serve's ready line {line:?}: {e}"));
            }
        };
        std::thread::spawn(move || {
            for line in stdout.map_while(Result::ok) {
                eprintln!("[serve] {line}");
            }
        });
        Ok(Self {
            child,
            url: ready.grpc_url(),
            http: ready.http_url(),
            metrics: ready.metrics_url(),
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, then waits for the server to stop as an operator's Ctrl-C would.
    pub fn terminate(mut self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill -TERM runs");
        assert!(sent.success(), "kill -TERM failed: {sent}");
        let status = self.child.wait().expect("aether serve exits");
        assert!(status.success(), "aether serve exited with {status}");
    }

    /// SIGKILL: the server gets no chance to flush or say goodbye.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Whether the process is still running (it did not crash on its own).
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `test-worker` process, killed (SIGKILL) on drop.
pub struct WorkerProcess(Child);

impl WorkerProcess {
    pub fn spawn(url: &str, id: &str) -> Self {
        Self::with_capacity(url, id, 250)
    }

    pub fn with_capacity(url: &str, id: &str, capacity: u32) -> Self {
        Self::try_spawn(url, id, capacity).unwrap_or_else(|e| panic!("{e:#}"))
    }

    pub fn try_spawn(url: &str, id: &str, capacity: u32) -> anyhow::Result<Self> {
        let child = Command::new(workspace_bin("test-worker"))
            .args(["--server", url, "--worker-id", id, "--capacity"])
            .arg(capacity.to_string())
            .stdout(Stdio::null())
            .spawn()
            .context("test-worker starts")?;
        Ok(Self(child))
    }

    pub fn kill(&mut self) {
        // SIGKILL: no chance to say goodbye, as in a crash.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
