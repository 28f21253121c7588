//! `aether bench`: the performance yardstick. Runs K-step workflows through the real gRPC path
//! (Rust SDK client and workers, an engine in its own process) and reports latency, throughput
//! and the server's resource use.
//!
//! Without `--server` it starts `aether serve` itself (loopback, ephemeral ports, a temporary
//! database), so the figures include every cost a user pays and the server's RSS and CPU time
//! can be read from /proc.

mod approvals;
mod dashboards;
mod engine;
mod report;
mod scenarios;
mod scrape;
mod secure;
mod sessions;
mod workload;
mod workspace;

use std::time::Duration;

use aether_sdk::{Client, Worker};
use aether_types::config::PersistenceMode;
use anyhow::Context;

use report::Report;

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Use a running server instead of starting one (no RSS/CPU figures then).
    #[arg(long)]
    server: Option<String>,
    /// The API key for `--server`, when it has `[[auth.keys]]` (a key with the client and
    /// worker roles).
    #[arg(long, env = "AETHER_API_KEY", hide_env_values = true)]
    api_key: Option<String>,
    /// memory (L0), snapshot (L1) or state-action-log (L2), for the server bench starts.
    #[arg(long, default_value = "memory")]
    persistence: PersistenceMode,
    /// SQLite file or postgres:// URL for the server bench starts (default: a temporary SQLite
    /// file).
    #[arg(long)]
    db: Option<String>,
    /// Workflows per phase (the sequential latency phase and the throughput phase).
    #[arg(long, default_value_t = 2000)]
    workflows: usize,
    /// Workflows in flight during the throughput phase.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Steps per workflow.
    #[arg(long, default_value_t = 3)]
    steps: u32,
    /// Size of the string each step returns.
    #[arg(long, default_value_t = 16)]
    payload_bytes: usize,
    /// Sequential workflows run before measuring (default: a tenth of --workflows, at most 200).
    #[arg(long)]
    warmup: Option<usize>,
    /// Before measuring, write this many completed workflows into the database (SQLite or
    /// PostgreSQL tiers), to show that cost does not grow with history.
    #[arg(long, default_value_t = 0)]
    preload_completed: usize,
    /// Before measuring, write this many workflows waiting on a signal into the database
    /// (what the engine writes for them), to show what a server holding them costs in memory.
    #[arg(long, default_value_t = 0)]
    preload_waiting: usize,
    /// Only write what --preload-completed and --preload-waiting ask into --db, then stop: a
    /// database to copy for several rounds (bench/memory.sh).
    #[arg(long)]
    preload_only: bool,
    /// After measuring, kill the server with this many workflows RUNNING and report how long
    /// the restarted server takes to finish them all.
    #[arg(long, default_value_t = 0)]
    restart_with: usize,
    /// Finally, start this many workflows that sleep for an hour and report the server's RSS.
    #[arg(long, default_value_t = 0)]
    timers: usize,
    /// Finally, start this many workflows that wait on an approval, and report the server's
    /// RSS, the time to list the pending approvals and the time to decide them all.
    #[arg(long, default_value_t = 0)]
    approvals: usize,
    /// Instead of workflows, measure workspace forks, checkpoints and writes on trees of these
    /// shapes (FILESxBYTES, comma-separated, e.g. 100x1024,10000x1024).
    #[arg(long, value_delimiter = ',')]
    workspace: Vec<workspace::TreeShape>,
    /// Forks, checkpoints and writes measured per tree shape.
    #[arg(long, default_value_t = 50)]
    workspace_rounds: usize,
    /// Instead of the workload, compare a session workflow (create, write 10 files, checkpoint,
    /// commit) through `ctx.workspace()` with the same through steps calling the HTTP API.
    #[arg(long)]
    session_workflows: bool,
    /// Hold this many live streams (`GET /v1/stream`, what a dashboard's runs page holds)
    /// open during the workload, to measure what watching costs.
    #[arg(long, default_value_t = 0)]
    dashboards: usize,
    /// Start the server with its Prometheus endpoint on, and scrape it every second while
    /// measuring (to compare with a run without).
    #[arg(long)]
    metrics: bool,
    /// Start the server with TLS (a certificate authority and server certificate made for the
    /// run) and API keys required (a key made for the run), and connect with both: what a
    /// production deployment pays.
    #[arg(long)]
    secure: bool,
    /// One JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    crate::output::init_logging("warn");
    anyhow::ensure!(args.workflows > 0, "--workflows must be at least 1");
    anyhow::ensure!(args.concurrency > 0, "--concurrency must be at least 1");
    let durable = args.persistence != PersistenceMode::Memory;
    anyhow::ensure!(
        args.server.is_none()
            || (args.preload_completed == 0 && args.preload_waiting == 0 && args.restart_with == 0),
        "--preload-completed, --preload-waiting and --restart-with need the server bench starts (no --server)"
    );
    anyhow::ensure!(
        durable
            || (args.preload_completed == 0 && args.preload_waiting == 0 && args.restart_with == 0),
        "--preload-completed, --preload-waiting and --restart-with need a durable tier (--persistence snapshot or state-action-log)"
    );
    anyhow::ensure!(
        !args.preload_only || (args.db.is_some() && durable),
        "--preload-only needs --db and a durable tier (the bench's own database is temporary)"
    );
    let temp = tempfile::Builder::new()
        .prefix("aether-bench-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let db = args
        .db
        .clone()
        .unwrap_or_else(|| temp.path().join("bench.db").display().to_string());
    if args.preload_completed > 0 {
        let started = std::time::Instant::now();
        scenarios::preload_completed(&db, args.preload_completed).await?;
        eprintln!(
            "preloaded {} completed workflows in {:.1} s",
            args.preload_completed,
            started.elapsed().as_secs_f64()
        );
    }
    if args.preload_waiting > 0 {
        let started = std::time::Instant::now();
        scenarios::preload_waiting(&db, args.preload_waiting).await?;
        eprintln!(
            "preloaded {} waiting workflows in {:.1} s",
            args.preload_waiting,
            started.elapsed().as_secs_f64()
        );
    }
    if args.preload_only {
        return Ok(());
    }
    anyhow::ensure!(
        args.server.is_none() || !args.metrics,
        "--metrics needs the server bench starts (no --server)"
    );
    anyhow::ensure!(
        !args.secure || args.server.is_none(),
        "--secure needs the server bench starts (no --server; give --api-key and AETHER_CA_FILE for a running one)"
    );
    // The scenarios that call the HTTP API send no key.
    anyhow::ensure!(
        !args.secure || (args.dashboards == 0 && !args.session_workflows),
        "--secure does not combine with --dashboards or --session-workflows"
    );
    let secure = if args.secure {
        Some(secure::Credentials::generate(temp.path())?)
    } else {
        None
    };
    let options = match &secure {
        Some(credentials) => credentials.client_options(),
        None => crate::commands::options(args.api_key.as_deref()),
    };
    let (mut server, url) = match &args.server {
        Some(url) => (None, url.clone()),
        None => {
            let launch = engine::Launch {
                persistence: args.persistence,
                db: db.clone(),
                metrics: args.metrics,
                secure,
            };
            let server = engine::EngineProcess::start(launch, 0).await?;
            let url = server.url.clone();
            (Some(server), url)
        }
    };
    let client = Client::connect_with(&url, options)
        .await
        .map_err(|e| crate::commands::explain(e, &url))?;
    if !args.workspace.is_empty() {
        anyhow::ensure!(
            args.workspace_rounds > 0,
            "--workspace-rounds must be at least 1"
        );
        let figures = workspace::run(&client, &args.workspace, args.workspace_rounds)
            .await
            .context("workspace bench")?;
        drop(server);
        if args.json {
            println!("{}", serde_json::to_string(&figures)?);
        } else {
            print!("{}", workspace::table(backend_name(&args), &figures));
        }
        return Ok(());
    }
    if args.session_workflows {
        let Some(engine) = &server else {
            anyhow::bail!("--session-workflows needs the server bench starts (no --server)");
        };
        let activities = sessions::activities();
        let http_steps = sessions::http_steps(engine.http.clone());
        let worker = Worker::new(&client)
            .capacity((args.concurrency * 2).max(16) as u32)
            .register(&activities)
            .register(&http_steps)
            .spawn();
        let figures = sessions::run(
            &client,
            &activities,
            &http_steps,
            args.workflows,
            args.concurrency,
        )
        .await
        .context("session workflows")?;
        worker.shutdown().await;
        drop(server);
        if args.json {
            println!("{}", serde_json::to_string(&figures)?);
        } else {
            print!("{}", sessions::table(&figures));
        }
        return Ok(());
    }
    let definition = workload::definition();
    let scale = args.timers.max(args.restart_with).max(args.approvals) as u32;
    let approval_workflow = approvals::definition();
    let gate = scenarios::Gate::new();
    let worker = Worker::new(&client)
        .capacity(((args.concurrency * 2).max(16) as u32).max(scale))
        .register(&definition)
        .register(&scenarios::sleeper_definition())
        .register(&gate.definition())
        .register(&approval_workflow)
        .spawn();
    let job = workload::Job::new(args.steps, args.payload_bytes);

    let dashboards = match (&server, args.dashboards) {
        (_, 0) => None,
        (Some(engine), count) => Some(dashboards::Dashboards::open(&engine.http, count).await?),
        (None, _) => anyhow::bail!("--dashboards needs the server bench starts (no --server)"),
    };
    let warmup = args.warmup.unwrap_or((args.workflows / 10).clamp(1, 200));
    workload::sequential(&client, &definition, &job, warmup)
        .await
        .context("warm-up")?;
    if let Some(d) = &dashboards {
        d.start_counting();
    }
    let scraper = server
        .as_ref()
        .and_then(|s| s.metrics.clone())
        .map(scrape::Scraper::start);
    let cpu_before = server.as_ref().and_then(|s| s.cpu_seconds());
    let latency = workload::sequential(&client, &definition, &job, args.workflows)
        .await
        .context("latency phase")?;
    let throughput =
        workload::concurrent(&client, &definition, &job, args.workflows, args.concurrency)
            .await
            .context("throughput phase")?;
    let cpu_after = server.as_ref().and_then(|s| s.cpu_seconds());
    let peak_rss = server.as_ref().and_then(|s| s.peak_rss_bytes());
    let rss = server.as_ref().and_then(|s| s.rss_bytes());
    let dashboards = dashboards.map(dashboards::Dashboards::close);
    let scrapes = scraper.map(scrape::Scraper::stop);

    let mut restart = None;
    if args.restart_with > 0
        && let Some(engine) = server.take()
    {
        let (figures, restarted) = scenarios::restart(&client, &gate, engine, args.restart_with)
            .await
            .context("restart scenario")?;
        restart = Some(figures);
        server = Some(restarted);
    }
    let timers = match (&server, args.timers) {
        (Some(engine), count) if count > 0 => Some(
            scenarios::timers(&client, engine, count)
                .await
                .context("timers scenario")?,
        ),
        _ => None,
    };
    let approvals = match (&server, args.approvals) {
        (Some(engine), count) if count > 0 => Some(
            approvals::run(&client, engine, &approval_workflow, count, args.concurrency)
                .await
                .context("approvals scenario")?,
        ),
        _ => None,
    };

    let mut report = Report::new(
        &args,
        backend_name(&args),
        latency,
        throughput,
        (peak_rss, rss),
        cpu_before.zip(cpu_after).map(|(a, b)| b - a),
    );
    report.preloaded_completed = args.preload_completed;
    report.preloaded_waiting = args.preload_waiting;
    report.restart = restart;
    report.timers = timers;
    report.approvals = approvals;
    report.dashboards = dashboards;
    report.metrics = scrapes;
    worker.shutdown().await;
    drop(server);
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{}", report.table());
    }
    Ok(())
}

fn backend_name(args: &Args) -> &'static str {
    match (args.persistence, args.db.as_deref()) {
        (PersistenceMode::Memory, _) => "memory",
        (_, Some(db)) if db.starts_with("postgres") => "postgres",
        _ => "sqlite",
    }
}

/// Percentile of sorted durations, nearest rank.
pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let sorted: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&sorted, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&sorted, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&sorted, 100.0), Duration::from_millis(100));
        assert_eq!(percentile(&[], 50.0), Duration::ZERO);
    }
}
