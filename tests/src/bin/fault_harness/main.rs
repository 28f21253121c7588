//! The fault harness: a mixed load (steps, retries, durable sleeps, children, signals,
//! approvals, workspace writes) on a real `aether serve` at L2 with `test-worker` processes,
//! under random SIGKILLs of the server and of workers, and once per run a database outage: on
//! SQLite the disk filling up and freed again, on PostgreSQL the harness's own server stopped
//! with `pg_ctl stop -m immediate` and restarted, plus connections cut by a proxy. After every
//! fault it reads everything acknowledged back over the API (`check`), and at the end it waits
//! for every workflow to finish. One summary line; a non-zero exit on any violation.

mod check;
mod disk;
mod load;
mod postgres;
mod proxy;
mod run;

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, ValueEnum};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Parser, Debug)]
#[command(
    about = "Random SIGKILLs and database outages under a mixed load, with every acknowledgement checked"
)]
pub struct Args {
    #[arg(long, value_enum, default_value = "sqlite")]
    pub backend: Backend,
    /// Server SIGKILLs.
    #[arg(long, default_value_t = 25)]
    pub kills: u32,
    /// The seed of every random choice (printed; random when absent).
    #[arg(long)]
    pub seed: Option<u64>,
    #[arg(long, default_value_t = 2)]
    pub workers: u32,
    /// How many workflows the load keeps unfinished.
    #[arg(long, default_value_t = 16)]
    pub in_flight: usize,
    /// The load runs between this and `max_gap_ms` before each kill.
    #[arg(long, default_value_t = 200)]
    pub min_gap_ms: u64,
    #[arg(long, default_value_t = 1200)]
    pub max_gap_ms: u64,
    /// The chance that a worker is killed (and replaced) along with the server.
    #[arg(long, default_value_t = 0.3)]
    pub worker_kill_chance: f64,
    /// How long, once the faults stop, every workflow has to finish.
    #[arg(long, default_value_t = 90)]
    pub liveness_secs: u64,
    /// The database outage (disk full, PostgreSQL restart) and proxy cuts; off runs kills only.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub outages: bool,
    /// Count unmet outage expectations (fail fast with UNAVAILABLE, `/healthz` degraded, work
    /// resuming without a restart) as violations.
    #[arg(long)]
    pub strict_outage: bool,
    /// The size of the SQLite filesystem.
    #[arg(long, default_value_t = 32)]
    pub disk_mib: u64,
    /// Keep the working directory (side-effect logs; SQLite's database) and PostgreSQL's data
    /// directory after the run, and log where they are.
    #[arg(long)]
    pub keep: bool,
    #[arg(long, default_value = "/usr/lib/postgresql/15/bin")]
    pub pg_bin: PathBuf,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            tracing::error!("no tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run::run(args)) {
        Ok(report) => {
            println!("{}", report.summary());
            if report.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            tracing::error!("the harness failed: {e:#}");
            ExitCode::FAILURE
        }
    }
}
