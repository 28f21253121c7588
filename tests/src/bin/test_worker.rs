//! A worker process for crash tests: serves the `counting` workflow, whose steps append to a
//! side-effect log so that a test can count how often each really ran.
//!
//! The workflow runs `--steps` steps; the step numbered `--block-at` (if any) appends
//! `stepN-started`, then waits until the file `<log>.go` exists before completing, which gives
//! a test a window to kill the process in the middle of the workflow.

use std::{path::PathBuf, time::Duration};

use aether_sdk::{Client, StepError, Worker, WorkflowContext, workflow};
use aether_tests::record;
use clap::Parser;
use serde::{Deserialize, Serialize};

#[derive(Parser)]
struct Args {
    #[arg(long)]
    server: String,
    #[arg(long)]
    worker_id: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Job {
    log: PathBuf,
    steps: u32,
    block_at: Option<u32>,
}

async fn counting(ctx: WorkflowContext, job: Job) -> Result<u32, aether_sdk::Error> {
    for step in 1..=job.steps {
        let log = job.log.clone();
        let block = job.block_at == Some(step);
        ctx.step(format!("step-{step}"), move || async move {
            if block {
                record(&log, &format!("step{step}-started"))?;
                let go = log.with_extension("go");
                while !go.exists() {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
            record(&log, &format!("step{step}"))?;
            Ok::<_, StepError>(step)
        })
        .await?;
    }
    Ok(job.steps)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let client = Client::connect_lazy(&args.server)?;
    let mut worker = Worker::new(&client).register(&workflow("counting", counting));
    if let Some(id) = args.worker_id {
        worker = worker.worker_id(id);
    }
    println!("ready");
    worker.run(tokio_util::sync::CancellationToken::new()).await;
    Ok(())
}
