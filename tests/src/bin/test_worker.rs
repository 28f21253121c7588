//! A worker process for crash tests. Its workflows append to side-effect logs so that a test can
//! count how often each step really ran:
//!
//! - `counting`: runs `steps` steps; each sleeps `step_ms`, then appends `stepN` to `log`. The
//!   step numbered `block_at` (if any) first appends `stepN` to `<log>.started`, then waits until
//!   the file `<log>.go` exists: a window for the test to kill a process mid-workflow.
//! - `sleeper`: sleeps `seconds` (a durable timer), then appends `woke` to `log`.
//! - `awaiting`: appends `before` to `log`, waits for the signal `name` (no timeout), appends
//!   `after`, and returns the signal's payload.
//! - `scribe`: `activities` workspace activities on a session it creates (writes, batches,
//!   checkpoints and cache compare-and-sets in turn), with a step of `pause_ms` before each; returns
//!   the session, how many calls changed its tree and how many compare-and-sets it made.
//! - `gated`: appends `before` to `log`, asks for an approval (`reason`, optional `timeout_ms`),
//!   appends the outcome (`approved`, `denied` or `expired`) to `log` in a step, and returns the
//!   decision.
//! - `mixed` (the fault harness's load): in the order given, a step, a step that fails
//!   `fail_times` times before the engine's retries get it through, a durable sleep of
//!   `sleep_ms`, a `mixed-child` child workflow (two steps), a wait for the signal `go`, an
//!   approval (`mixed`), a workspace write, and a last step; each part is optional. Every step
//!   run and every acknowledgement goes to the workflow's side-effect log under `dir`
//!   (`aether_tests::effects`).

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use aether_sdk::{
    ActivityOptions, ApprovalRequest, Client, Decision, RetryPolicy, StepError, Worker,
    WorkflowContext, WorkflowDef, workflow,
    workspace::{BatchOp, CreateSession},
};
use aether_tests::{
    effects::{Effects, ack_line, begin_line, log_for, workspace_line},
    record,
};
use clap::Parser;
use serde::{Deserialize, Serialize};

#[derive(Parser)]
struct Args {
    /// The engine node to work with; several (comma-separated) are nodes sharing one
    /// database, moved through in order when the current one cannot be reached.
    #[arg(long, value_delimiter = ',', required = true)]
    server: Vec<String>,
    #[arg(long)]
    worker_id: Option<String>,
    #[arg(long, default_value_t = 100)]
    capacity: u32,
}

#[derive(Serialize, Deserialize)]
struct Job {
    log: PathBuf,
    steps: u32,
    #[serde(default)]
    block_at: Option<u32>,
    #[serde(default)]
    step_ms: u64,
}

async fn counting(ctx: WorkflowContext, job: Job) -> Result<u32, aether_sdk::Error> {
    for step in 1..=job.steps {
        let log = job.log.clone();
        let block = job.block_at == Some(step);
        let pause = Duration::from_millis(job.step_ms);
        ctx.step(format!("step-{step}"), move || async move {
            if block {
                record(&log.with_extension("started"), &format!("step{step}"))?;
                let go = log.with_extension("go");
                while !go.exists() {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
            tokio::time::sleep(pause).await;
            record(&log, &format!("step{step}"))?;
            Ok::<_, StepError>(step)
        })
        .await?;
    }
    Ok(job.steps)
}

#[derive(Serialize, Deserialize)]
struct Nap {
    log: PathBuf,
    seconds: u64,
}

async fn sleeper(ctx: WorkflowContext, nap: Nap) -> Result<i64, aether_sdk::Error> {
    let before = ctx.now().await?;
    ctx.sleep(Duration::from_secs(nap.seconds)).await?;
    let log = nap.log.clone();
    let after = ctx
        .step("woke", move || async move {
            record(&log, "woke")?;
            Ok::<_, StepError>(now_millis())
        })
        .await?;
    Ok(after - before)
}

#[derive(Serialize, Deserialize)]
struct Awaiting {
    log: PathBuf,
    name: String,
}

async fn awaiting(
    ctx: WorkflowContext,
    job: Awaiting,
) -> Result<serde_json::Value, aether_sdk::Error> {
    let log = job.log.clone();
    ctx.step("before", move || async move {
        record(&log, "before")?;
        Ok::<_, StepError>(())
    })
    .await?;
    let payload = ctx
        .wait_for_signal::<serde_json::Value>(job.name.clone(), None)
        .await?
        .received()
        .ok_or_else(|| aether_sdk::Error::msg("a wait without a timeout timed out"))?;
    let log = job.log.clone();
    ctx.step("after", move || async move {
        record(&log, "after")?;
        Ok::<_, StepError>(())
    })
    .await?;
    Ok(payload)
}

#[derive(Serialize, Deserialize)]
struct Gate {
    log: PathBuf,
    reason: String,
    #[serde(default)]
    timeout_ms: Option<u64>,
}

async fn gated(ctx: WorkflowContext, gate: Gate) -> Result<Decision, aether_sdk::Error> {
    let log = gate.log.clone();
    ctx.step("before", move || async move {
        record(&log, "before")?;
        Ok::<_, StepError>(())
    })
    .await?;
    let decision = ctx
        .request_approval(ApprovalRequest {
            reason: gate.reason.clone(),
            detail: format!("May `{}` go ahead?", gate.reason),
            timeout_ms: gate.timeout_ms,
            ..Default::default()
        })
        .await?;
    let log = gate.log.clone();
    let outcome = decision.outcome.as_str();
    ctx.step("after", move || async move {
        record(&log, outcome)?;
        Ok::<_, StepError>(())
    })
    .await?;
    Ok(decision)
}

#[derive(Serialize, Deserialize)]
struct Scribe {
    activities: u32,
    #[serde(default)]
    pause_ms: u64,
}

async fn scribe(ctx: WorkflowContext, job: Scribe) -> Result<serde_json::Value, aether_sdk::Error> {
    let ws = ctx.workspace();
    let session = ws.create(CreateSession::blank()).await?.id;
    let (mut mutations, mut swaps) = (0u64, 0u64);
    for i in 1..job.activities {
        // Pacing, as a step: a pause in plain workflow code would look idle to the worker,
        // which would suspend the workflow.
        let pause = Duration::from_millis(job.pause_ms);
        ctx.step(format!("pause-{i}"), move || async move {
            tokio::time::sleep(pause).await;
            Ok::<_, StepError>(())
        })
        .await?;
        match i % 5 {
            0 => {
                ws.checkpoint(&session, Some(format!("c{i}"))).await?;
            }
            1 | 2 => {
                ws.write(
                    &session,
                    &format!("file-{i}.txt"),
                    format!("line {i}\n"),
                    None,
                )
                .await?;
                mutations += 1;
            }
            3 => {
                let ops = vec![
                    BatchOp::write(format!("batch/{i}-a.txt"), "a"),
                    BatchOp::write(format!("batch/{i}-b.txt"), "b"),
                ];
                ws.batch(&session, ops, None).await?;
                mutations += 1;
            }
            _ => {
                // A compare-and-set that only succeeds once per version.
                ws.cache_put(
                    &session,
                    "counter",
                    serde_json::json!(swaps + 1),
                    Some(swaps),
                )
                .await?;
                swaps += 1;
            }
        }
    }
    Ok(serde_json::json!({ "session": session, "mutations": mutations, "swaps": swaps }))
}

#[derive(Serialize, Deserialize)]
struct Mixed {
    dir: PathBuf,
    #[serde(default)]
    fail_times: u32,
    #[serde(default)]
    sleep_ms: u64,
    #[serde(default)]
    child: bool,
    #[serde(default)]
    signal: bool,
    #[serde(default)]
    approval: bool,
    #[serde(default)]
    workspace: bool,
}

#[derive(Serialize, Deserialize)]
struct MixedChild {
    dir: PathBuf,
}

fn io(err: std::io::Error) -> aether_sdk::Error {
    aether_sdk::Error::msg(format!("writing the side-effect log: {err}"))
}

/// A value no other run of the step could produce, so that a re-run shows in the journal.
fn fresh_value() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{}-{nanos}", std::process::id())
}

/// A step that logs when it begins, and once `ctx.step` returns (the engine answered its
/// report, or the journal had it), the value acknowledged.
async fn logged_step(
    ctx: &WorkflowContext,
    log: &Path,
    name: &str,
) -> Result<String, aether_sdk::Error> {
    let begun = log.to_owned();
    let line = begin_line(name);
    let value: String = ctx
        .step(name.to_owned(), move || async move {
            record(&begun, &line)?;
            Ok::<_, StepError>(fresh_value())
        })
        .await?;
    record(log, &ack_line(name, &value)).map_err(io)?;
    Ok(value)
}

/// Fails until it has begun more than `fail_times` times (counted in the log, so across workers
/// and restarts), retried by the engine every 100 ms.
async fn flaky_step(
    ctx: &WorkflowContext,
    log: &Path,
    fail_times: u32,
) -> Result<String, aether_sdk::Error> {
    const NAME: &str = "flaky";
    let options = ActivityOptions {
        retry: RetryPolicy {
            initial_interval: Duration::from_millis(100),
            backoff_coefficient: 1.0,
            max_interval: Duration::from_millis(100),
            ..RetryPolicy::default()
        },
        ..ActivityOptions::default()
    };
    let begun = log.to_owned();
    let value: String = ctx
        .activity(NAME, options, move || {
            let log = begun.clone();
            async move {
                record(&log, &begin_line(NAME))?;
                let runs = Effects::read(&log)
                    .begun
                    .get(NAME)
                    .copied()
                    .unwrap_or_default();
                if runs <= fail_times as usize {
                    return Err(StepError::new(
                        "Flaky",
                        format!("run {runs} fails on purpose"),
                    ));
                }
                Ok(fresh_value())
            }
        })
        .await?;
    record(log, &ack_line(NAME, &value)).map_err(io)?;
    Ok(value)
}

fn mixed_child_def() -> WorkflowDef<MixedChild, String> {
    workflow("mixed-child", mixed_child)
}

async fn mixed_child(ctx: WorkflowContext, job: MixedChild) -> Result<String, aether_sdk::Error> {
    let log = log_for(&job.dir, ctx.workflow_id());
    logged_step(&ctx, &log, "child-first").await?;
    logged_step(&ctx, &log, "child-last").await
}

async fn mixed(ctx: WorkflowContext, job: Mixed) -> Result<String, aether_sdk::Error> {
    let log = log_for(&job.dir, ctx.workflow_id());
    let first = logged_step(&ctx, &log, "first").await?;
    if job.fail_times > 0 {
        flaky_step(&ctx, &log, job.fail_times).await?;
    }
    if job.sleep_ms > 0 {
        ctx.sleep(Duration::from_millis(job.sleep_ms)).await?;
    }
    if job.child {
        let child = MixedChild {
            dir: job.dir.clone(),
        };
        ctx.child(&mixed_child_def(), &child).await?;
    }
    if job.signal {
        ctx.wait_for_signal::<serde_json::Value>("go", None).await?;
        logged_step(&ctx, &log, "after-signal").await?;
    }
    if job.approval {
        ctx.request_approval(ApprovalRequest {
            reason: "mixed".into(),
            detail: "The fault harness decides.".into(),
            ..Default::default()
        })
        .await?;
        logged_step(&ctx, &log, "after-approval").await?;
    }
    if job.workspace {
        let ws = ctx.workspace();
        let session = ws.create(CreateSession::blank()).await?.id;
        ws.write(&session, "out.txt", first.clone(), None).await?;
        record(&log, &workspace_line(&session, "out.txt", &first)).map_err(io)?;
    }
    logged_step(&ctx, &log, "last").await
}

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut clients = Vec::with_capacity(args.server.len());
    for server in &args.server {
        clients.push(Client::connect_lazy(server)?);
    }
    let (first, others) = clients
        .split_first()
        .ok_or_else(|| anyhow::anyhow!("--server names no node"))?;
    let mut worker = Worker::new(first)
        .capacity(args.capacity)
        .register(&workflow("counting", counting))
        .register(&workflow("sleeper", sleeper))
        .register(&workflow("awaiting", awaiting))
        .register(&workflow("gated", gated))
        .register(&workflow("scribe", scribe))
        .register(&workflow("mixed", mixed))
        .register(&mixed_child_def());
    for other in others {
        worker = worker.failover_to(other);
    }
    if let Some(id) = args.worker_id {
        worker = worker.worker_id(id);
    }
    worker.run(tokio_util::sync::CancellationToken::new()).await;
    Ok(())
}
