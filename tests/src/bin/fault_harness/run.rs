//! One run: the deployment, the load, the fault loop, the checks, the report.

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
    sync::Arc,
    time::{Duration, Instant},
};

use aether_sdk::{Client, Error, RpcCode, WorkflowStatus};
use aether_tests::process::{ServeProcess, WorkerProcess};
use anyhow::Context;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::{
    Args, Backend,
    check::{Checker, Findings},
    disk::SmallDisk,
    load::{Ledger, Load, Plan, Shared, lock},
    postgres::OwnPostgres,
    proxy::CutProxy,
};

/// How long a request may take to fail during an outage to count as failing fast.
const FAST: Duration = Duration::from_secs(2);
/// How long the database stays out.
const OUTAGE: Duration = Duration::from_secs(3);

pub struct Report {
    backend: Backend,
    seed: u64,
    kills: u32,
    worker_kills: u32,
    cuts: u32,
    db_restarts: u32,
    disk_fills: u32,
    workflows: usize,
    acknowledged: u64,
    findings: Findings,
    /// Outage expectations that today's engine does not meet (see `--strict-outage`).
    outage_unmet: BTreeSet<String>,
    strict_outage: bool,
    elapsed: Duration,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.findings.is_empty() && (!self.strict_outage || self.outage_unmet.is_empty())
    }

    pub fn summary(&self) -> String {
        format!(
            "{:?}: kills {}, worker kills {}, connection cuts {}, database restarts {}, disk fills {}, \
             workflows {}, acknowledged actions {}, lost: {}, re-run after ack: {}, other violations: {}, \
             outage expectations unmet: {}{}, acknowledged during a check: {} (seed {}, {:.0} s)",
            self.backend,
            self.kills,
            self.worker_kills,
            self.cuts,
            self.db_restarts,
            self.disk_fills,
            self.workflows,
            self.acknowledged,
            self.findings.lost.len(),
            self.findings.rerun_after_ack.len(),
            self.findings.other.len(),
            self.outage_unmet.len(),
            if self.strict_outage { " (strict)" } else { "" },
            self.findings.raced.len(),
            self.seed,
            self.elapsed.as_secs_f64(),
        )
        .to_lowercase()
    }
}

/// The database under the server, and the faults it allows.
enum Database {
    Sqlite {
        path: PathBuf,
        disk: Option<SmallDisk>,
    },
    Postgres {
        // Dropped after the proxy (field order): the proxy's connections go first.
        proxy: CutProxy,
        pg: OwnPostgres,
    },
}

impl Database {
    async fn open(args: &Args, work: &Path) -> anyhow::Result<Self> {
        Ok(match args.backend {
            Backend::Sqlite => {
                let disk = if args.outages {
                    SmallDisk::mount(&work.join("disk"), args.disk_mib)?
                } else {
                    None
                };
                let dir = disk.as_ref().map_or(work.to_owned(), |d| d.path.clone());
                Self::Sqlite {
                    path: dir.join("aether.db"),
                    disk,
                }
            }
            Backend::Postgres => {
                let bin = args.pg_bin.clone();
                let pg = tokio::task::spawn_blocking(move || OwnPostgres::start(&bin)).await??;
                let proxy = CutProxy::spawn(([127, 0, 0, 1], pg.port).into()).await?;
                Self::Postgres { proxy, pg }
            }
        })
    }

    fn url(&self) -> String {
        match self {
            Self::Sqlite { path, .. } => path.display().to_string(),
            Self::Postgres { proxy, .. } => {
                format!("postgres://postgres@127.0.0.1:{}/postgres", proxy.port)
            }
        }
    }
}

struct Deployment {
    args: Vec<String>,
}

impl Deployment {
    async fn start(&self) -> anyhow::Result<ServeProcess> {
        let args = self.args.clone();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            ServeProcess::try_start(&args)
        })
        .await?
    }
}

struct Workers {
    url: String,
    processes: Vec<WorkerProcess>,
    generation: u32,
}

impl Workers {
    fn spawn(url: &str, count: u32) -> anyhow::Result<Self> {
        let mut workers = Self {
            url: url.to_owned(),
            processes: Vec::new(),
            generation: 0,
        };
        for _ in 0..count {
            let worker = workers.fresh()?;
            workers.processes.push(worker);
        }
        Ok(workers)
    }

    fn fresh(&mut self) -> anyhow::Result<WorkerProcess> {
        self.generation += 1;
        WorkerProcess::try_spawn(
            &self.url,
            &format!("harness-worker-{}", self.generation),
            50,
        )
    }

    /// SIGKILLs worker `index` and starts a new one in its place.
    fn replace(&mut self, index: usize) -> anyhow::Result<()> {
        let fresh = self.fresh()?;
        if let Some(old) = self.processes.get_mut(index) {
            old.kill();
            *old = fresh;
        }
        Ok(())
    }
}

pub async fn run(args: Args) -> anyhow::Result<Report> {
    let began = Instant::now();
    let seed = args.seed.unwrap_or_else(|| fastrand::u64(..));
    info!(seed, backend = ?args.backend, kills = args.kills, "fault harness starts");
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut work = tempfile::tempdir().context("a working directory")?;
    if args.keep {
        work.disable_cleanup(true);
    }
    let logs = work.path().join("effects");
    std::fs::create_dir_all(&logs)?;

    let mut database = Database::open(&args, work.path()).await?;
    if args.keep {
        if let Database::Postgres { pg, .. } = &mut database {
            pg.keep();
        }
    }
    let grpc_port = aether_tests::free_port().to_string();
    let deployment = Deployment {
        args: [
            "--grpc-port",
            &grpc_port,
            "--persistence",
            "state-action-log",
            "--db",
            &database.url(),
            "--heartbeat-timeout-ms",
            "2000",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    };
    let first = deployment.start().await.context("the first start")?;
    let url = first.url.clone();
    let mut server = Some(first);
    let client = Client::connect_lazy(&url)?;
    let mut workers = Workers::spawn(&url, args.workers)?;

    let ledger: Shared = Arc::new(std::sync::Mutex::new(Ledger::default()));
    let stop_starting = CancellationToken::new();
    let stop = CancellationToken::new();
    let load = tokio::spawn(
        Load {
            client: client.clone(),
            ledger: Arc::clone(&ledger),
            dir: logs.clone(),
            in_flight: args.in_flight,
            seed,
        }
        .run(stop_starting.clone(), stop.clone()),
    );

    let mut report = Report {
        backend: args.backend,
        seed,
        kills: 0,
        worker_kills: 0,
        cuts: 0,
        db_restarts: 0,
        disk_fills: 0,
        workflows: 0,
        acknowledged: 0,
        findings: Findings::default(),
        outage_unmet: BTreeSet::new(),
        strict_outage: args.strict_outage,
        elapsed: Duration::ZERO,
    };
    let checker = Checker {
        client: &client,
        ledger: &ledger,
        dir: &logs,
    };
    let outage_at = args.kills / 2;
    let mut probes = 0u32;

    for kill in 1..=args.kills {
        tokio::time::sleep(Duration::from_millis(
            rng.u64(args.min_gap_ms..=args.max_gap_ms.max(args.min_gap_ms)),
        ))
        .await;
        if let Database::Postgres { proxy, .. } = &database {
            if args.outages && kill % 5 == 3 {
                proxy.cut();
                report.cuts += 1;
                tokio::time::sleep(Duration::from_millis(rng.u64(100..500))).await;
            }
        }
        let Some(mut running) = server.take() else {
            break;
        };
        if !running.is_running() {
            report
                .findings
                .other
                .insert(format!("the server died on its own before kill {kill}"));
        }
        running.kill();
        report.kills += 1;
        if rng.f64() < args.worker_kill_chance && !workers.processes.is_empty() {
            let index = rng.usize(..workers.processes.len());
            workers.replace(index)?;
            report.worker_kills += 1;
        }
        let mut restarted = match deployment.start().await {
            Ok(server) => server,
            Err(e) => {
                report.findings.other.insert(format!(
                    "the server did not restart after kill {kill}: {e:#}"
                ));
                break;
            }
        };
        if args.outages && kill == outage_at.max(1) {
            let http = restarted.http.clone();
            outage(
                &database,
                &client,
                &http,
                &ledger,
                &logs,
                &mut probes,
                &mut report,
            )
            .await?;
            if !restarted.is_running() {
                report
                    .findings
                    .other
                    .insert("the server died during the database outage".into());
                restarted = deployment
                    .start()
                    .await
                    .context("a start after the outage")?;
            }
        }
        server = Some(restarted);
        report.findings.extend(checker.round().await);
        info!(
            kill,
            workflows = lock(&ledger).started.len(),
            violations = report.findings.lost.len()
                + report.findings.rerun_after_ack.len()
                + report.findings.other.len(),
            "checked after the kill"
        );
    }

    // Liveness: no more faults and no new workflows; everything acknowledged must finish.
    stop_starting.cancel();
    let liveness = if server.is_some() {
        args.liveness_secs
    } else {
        0
    };
    let deadline = Instant::now() + Duration::from_secs(liveness);
    let mut unsettled = Vec::new();
    while Instant::now() < deadline {
        report.findings.extend(checker.round().await);
        unsettled = {
            let guard = lock(&ledger);
            guard
                .started
                .keys()
                .filter(|id| !guard.settled.contains(*id))
                .cloned()
                .collect()
        };
        if unsettled.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    for id in unsettled {
        let status = client.status(&id).await;
        report.findings.other.insert(format!(
            "{id} did not finish within {} s of the last fault: {:?}",
            args.liveness_secs,
            status.map(|s| (s.status, s.waiting_on, s.worker_id))
        ));
    }
    stop.cancel();
    let _ = load.await;

    report.workflows = lock(&ledger).started.len();
    report.acknowledged = checker.acknowledged();
    report.elapsed = began.elapsed();
    for finding in report
        .findings
        .lost
        .iter()
        .chain(&report.findings.rerun_after_ack)
        .chain(&report.findings.other)
    {
        warn!("violation: {finding}");
    }
    for unmet in &report.outage_unmet {
        warn!("outage expectation unmet: {unmet}");
    }
    if args.keep {
        let pg = match &database {
            Database::Postgres { pg, .. } => format!(
                "; PostgreSQL's data (stopped; start it with pg_ctl -D <data> start): {}",
                pg.data().display()
            ),
            Database::Sqlite { path, .. } => format!("; the database: {}", path.display()),
        };
        info!("kept the side-effect logs in {}{pg}", logs.display());
    }
    drop(workers);
    drop(server);
    drop(database);
    Ok(report)
}

/// The database goes away under load for a few seconds and comes back: requests meanwhile should
/// fail fast with UNAVAILABLE and `/healthz` say degraded; afterwards work resumes without a
/// restart of the server.
async fn outage(
    database: &Database,
    client: &Client,
    http: &str,
    ledger: &Shared,
    logs: &Path,
    probes: &mut u32,
    report: &mut Report,
) -> anyhow::Result<()> {
    let what = match database {
        Database::Sqlite { disk: None, .. } => return Ok(()),
        Database::Sqlite {
            disk: Some(disk), ..
        } => {
            let ballast = disk.fill()?;
            report.disk_fills += 1;
            info!(ballast, "the disk is full");
            "disk full"
        }
        Database::Postgres { pg, .. } => {
            pg.stop_immediately()?;
            report.db_restarts += 1;
            info!("PostgreSQL is stopped");
            "PostgreSQL stopped"
        }
    };
    let began = Instant::now();
    // The load keeps running meanwhile; one probe of our own, timed.
    tokio::time::sleep(Duration::from_millis(500)).await;
    probe_during(client, http, ledger, logs, probes, what, report).await;
    if let Some(rest) = OUTAGE.checked_sub(began.elapsed()) {
        tokio::time::sleep(rest).await;
    }
    match database {
        Database::Sqlite {
            disk: Some(disk), ..
        } => disk.free()?,
        Database::Postgres { pg, .. } => pg.start_again()?,
        Database::Sqlite { disk: None, .. } => {}
    }
    info!("{what}: over");
    // Work resumes without a restart: a new workflow runs to completion.
    *probes += 1;
    let id = format!("probe-after-{probes}");
    let resumed = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            match client
                .start_json("mixed", &Plan::plain().input(logs), Some(&id))
                .await
            {
                Ok(_) => break,
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
        lock(ledger).started.insert(id.clone(), Plan::plain());
        client.wait_for(&id).await
    })
    .await;
    match resumed {
        Ok(Ok(status)) if status.status == WorkflowStatus::Completed => {}
        other => {
            report.outage_unmet.insert(format!(
                "after the {what}: a new workflow did not complete within 30 s without a restart: {other:?}"
            ));
        }
    }
    Ok(())
}

async fn probe_during(
    client: &Client,
    http: &str,
    ledger: &Shared,
    logs: &Path,
    probes: &mut u32,
    what: &str,
    report: &mut Report,
) {
    *probes += 1;
    let id = format!("probe-during-{probes}");
    let asked = Instant::now();
    let start = tokio::time::timeout(
        Duration::from_secs(10),
        client.start_json("mixed", &Plan::plain().input(logs), Some(&id)),
    )
    .await;
    let took = asked.elapsed();
    match start {
        Err(_) => {
            report
                .outage_unmet
                .insert(format!("{what}: a start hung for more than 10 s"));
        }
        Ok(Ok(_)) => {
            // Acknowledged after all: it must survive like any other.
            lock(ledger).started.insert(id, Plan::plain());
            report
                .outage_unmet
                .insert(format!("{what}: a start succeeded during the outage"));
        }
        Ok(Err(Error::Rpc(status))) if status.code() == RpcCode::Unavailable && took <= FAST => {}
        Ok(Err(e)) => {
            report.outage_unmet.insert(format!(
                "{what}: a start failed after {took:?} with {e} (expected UNAVAILABLE within {FAST:?})"
            ));
        }
    }
    let health = async {
        let response = reqwest::Client::new()
            .get(format!("{http}/healthz"))
            .timeout(Duration::from_secs(5))
            .send()
            .await?;
        response.json::<serde_json::Value>().await
    }
    .await;
    match health {
        Ok(body) if body["status"] == "degraded" => {}
        other => {
            report.outage_unmet.insert(format!(
                "{what}: /healthz did not say degraded: {:?}",
                other.map(|b| b.to_string()).map_err(|e| e.to_string())
            ));
        }
    }
}
