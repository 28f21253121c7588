//! A PostgreSQL server of the harness's own, in a temporary directory on a free port, so that
//! stopping it (`pg_ctl stop -m immediate`) touches no other test. initdb refuses to run as root:
//! the cluster belongs to the `postgres` OS user, whose commands run through `runuser`.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, bail};
use tempfile::TempDir;

pub struct OwnPostgres {
    bin: PathBuf,
    dir: TempDir,
    pub port: u16,
}

impl OwnPostgres {
    /// initdb, then start on a free loopback port.
    pub fn start(bin: &Path) -> anyhow::Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("aether-harness-pg")
            .tempdir_in("/tmp")
            .context("a temporary directory for PostgreSQL")?;
        run(Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(dir.path()))?;
        let port = aether_tests::free_port();
        let pg = Self {
            bin: bin.to_owned(),
            dir,
            port,
        };
        pg.as_postgres("initdb")
            .args(["-A", "trust", "-U", "postgres", "--no-sync", "-D"])
            .arg(pg.data())
            .output()
            .context("initdb runs")
            .and_then(checked)?;
        pg.start_again()?;
        Ok(pg)
    }

    /// Leaves the cluster's directory behind (the server is still stopped on drop).
    pub fn keep(&mut self) {
        self.dir.disable_cleanup(true);
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn as_postgres(&self, tool: &str) -> Command {
        let mut command = Command::new("runuser");
        command
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join(tool));
        command
    }

    /// Starts the cluster (again) and waits until it accepts connections.
    pub fn start_again(&self) -> anyhow::Result<()> {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.dir.path().display()
        );
        let mut command = self.as_postgres("pg_ctl");
        command
            .args(["-w", "-t", "60", "-D"])
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("postgres.log"))
            .args(["-o", &options, "start"]);
        command
            .output()
            .context("pg_ctl start runs")
            .and_then(checked)
    }

    /// The crash of a database server: no checkpoint, no goodbye to the clients.
    pub fn stop_immediately(&self) -> anyhow::Result<()> {
        let mut command = self.as_postgres("pg_ctl");
        command
            .args(["-w", "-D"])
            .arg(self.data())
            .args(["-m", "immediate", "stop"]);
        command
            .output()
            .context("pg_ctl stop runs")
            .and_then(checked)
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let _ = self.stop_immediately();
    }
}

fn run(command: &mut Command) -> anyhow::Result<()> {
    command
        .output()
        .with_context(|| format!("{command:?} runs"))
        .and_then(checked)
}

fn checked(output: std::process::Output) -> anyhow::Result<()> {
    if !output.status.success() {
        bail!(
            "{}: {}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}
