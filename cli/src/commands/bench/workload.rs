//! The benchmark's workflow (K steps, each returning a small string) and the two ways of
//! driving it: one at a time, and C at a time.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use aether_sdk::{Client, StepError, WorkflowContext, WorkflowDef, workflow};
use futures::{StreamExt, stream};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    steps: u32,
    payload: String,
}

impl Job {
    pub fn new(steps: u32, payload_bytes: usize) -> Self {
        Self {
            steps,
            payload: "x".repeat(payload_bytes),
        }
    }
}

pub fn definition() -> WorkflowDef<Job, u32> {
    workflow(
        "aether-bench",
        |ctx: WorkflowContext, job: Job| async move {
            for step in 0..job.steps {
                let payload = job.payload.clone();
                let _: String = ctx
                    .step(format!("step-{step}"), move || async move {
                        Ok::<_, StepError>(payload)
                    })
                    .await?;
            }
            Ok(job.steps)
        },
    )
}

/// Latencies of start-and-wait, one workflow at a time.
pub async fn sequential(
    client: &Client,
    definition: &WorkflowDef<Job, u32>,
    job: &Job,
    count: usize,
) -> anyhow::Result<Vec<Duration>> {
    let mut latencies = Vec::with_capacity(count);
    for _ in 0..count {
        let started = Instant::now();
        let steps = client.start_and_wait(definition, job).await?;
        anyhow::ensure!(steps == job.steps, "a workflow returned {steps} steps");
        latencies.push(started.elapsed());
    }
    latencies.sort();
    Ok(latencies)
}

pub struct Throughput {
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
}

/// `count` workflows with `concurrency` in flight; each latency is its own start-and-wait.
pub async fn concurrent(
    client: &Client,
    definition: &WorkflowDef<Job, u32>,
    job: &Job,
    count: usize,
    concurrency: usize,
) -> anyhow::Result<Throughput> {
    let job = Arc::new(job.clone());
    let started = Instant::now();
    let results: Vec<anyhow::Result<Duration>> = stream::iter(0..count)
        .map(|_| {
            let job = Arc::clone(&job);
            async move {
                let began = Instant::now();
                let steps = client.start_and_wait(definition, &*job).await?;
                anyhow::ensure!(steps == job.steps, "a workflow returned {steps} steps");
                Ok(began.elapsed())
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let elapsed = started.elapsed();
    let mut latencies = results.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
    latencies.sort();
    Ok(Throughput { elapsed, latencies })
}
