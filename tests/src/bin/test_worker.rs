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

use std::{path::PathBuf, time::Duration};

use aether_sdk::{
    ApprovalRequest, Client, Decision, StepError, Worker, WorkflowContext, workflow,
    workspace::{BatchOp, CreateSession},
};
use aether_tests::record;
use clap::Parser;
use serde::{Deserialize, Serialize};

#[derive(Parser)]
struct Args {
    #[arg(long)]
    server: String,
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

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let client = Client::connect_lazy(&args.server)?;
    let mut worker = Worker::new(&client)
        .capacity(args.capacity)
        .register(&workflow("counting", counting))
        .register(&workflow("sleeper", sleeper))
        .register(&workflow("awaiting", awaiting))
        .register(&workflow("gated", gated))
        .register(&workflow("scribe", scribe));
    if let Some(id) = args.worker_id {
        worker = worker.worker_id(id);
    }
    worker.run(tokio_util::sync::CancellationToken::new()).await;
    Ok(())
}
