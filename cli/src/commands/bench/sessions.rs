//! `aether bench --session-workflows`: the agent runner's basic shape — a workflow that creates
//! a session, writes 10 files, checkpoints and commits — two ways, back to back on one engine:
//! through `ctx.workspace()` (activities the engine runs and journals, each change exactly
//! once), and through `ctx.step`s that call the HTTP API (what a workflow had to do before,
//! at-least-once). Sequential latency and throughput with C in flight, for each.

use std::time::{Duration, Instant};

use aether_sdk::{
    Client, StepError, WorkflowContext, WorkflowDef, workflow, workspace::CreateSession,
};
use anyhow::Context;
use futures::{StreamExt, stream};
use serde::Serialize;
use serde_json::{Value, json};

use super::percentile;

/// Files each workflow writes.
const FILES: u64 = 10;

#[derive(Debug, Serialize)]
pub struct SessionFigures {
    pub workflows: usize,
    pub concurrency: usize,
    pub activities: Phase,
    pub http_steps: Phase,
}

#[derive(Debug, Serialize)]
pub struct Phase {
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub workflows_per_sec: f64,
}

fn content(i: u64) -> String {
    format!("// file {i}\nexport const value = {i};\n")
}

/// Through `ctx.workspace()`.
pub fn activities() -> WorkflowDef<u64, u64> {
    workflow(
        "aether-bench-session-activities",
        |ctx: WorkflowContext, _n: u64| async move {
            let ws = ctx.workspace();
            let session = ws.create(CreateSession::blank()).await?.id;
            for i in 0..FILES {
                ws.write(&session, &format!("src/file-{i}.ts"), content(i), None)
                    .await?;
            }
            ws.checkpoint(&session, Some("written".into())).await?;
            ws.commit(&session, "bench: ten files", Some("bench".into()))
                .await?;
            Ok(FILES)
        },
    )
}

/// The same through steps that call the HTTP API with `reqwest`.
pub fn http_steps(base: String) -> WorkflowDef<u64, u64> {
    workflow(
        "aether-bench-session-http",
        move |ctx: WorkflowContext, _n: u64| {
            let base = base.clone();
            async move {
                let http = reqwest::Client::new();
                let call = move |method: reqwest::Method,
                                 path: String,
                                 body: Option<Value>,
                                 bytes: Option<String>| {
                    let request = http.request(method, format!("{base}{path}"));
                    let request = match (body, bytes) {
                        (Some(json), _) => request.json(&json),
                        (None, Some(bytes)) => request.body(bytes),
                        (None, None) => request,
                    };
                    async move {
                        let response = request
                            .send()
                            .await
                            .map_err(|e| StepError::new("HttpError", e.to_string()))?;
                        let status = response.status();
                        let body: Value = response
                            .json()
                            .await
                            .map_err(|e| StepError::new("HttpError", e.to_string()))?;
                        if !status.is_success() {
                            return Err(StepError::new("HttpError", format!("{status}: {body}")));
                        }
                        Ok::<Value, StepError>(body)
                    }
                };
                let created = ctx
                    .step("create", {
                        let call = call.clone();
                        move || {
                            call(
                                reqwest::Method::POST,
                                "/v1/sessions".into(),
                                Some(json!({})),
                                None,
                            )
                        }
                    })
                    .await?;
                let session = created["id"].as_str().unwrap_or_default().to_owned();
                for i in 0..FILES {
                    let path = format!("/v1/sessions/{session}/files/src/file-{i}.ts");
                    let call = call.clone();
                    ctx.step(format!("write-{i}"), move || {
                        call(reqwest::Method::PUT, path, None, Some(content(i)))
                    })
                    .await?;
                }
                let checkpoint = format!("/v1/sessions/{session}/checkpoints");
                ctx.step("checkpoint", {
                    let call = call.clone();
                    move || {
                        call(
                            reqwest::Method::POST,
                            checkpoint,
                            Some(json!({ "name": "written" })),
                            None,
                        )
                    }
                })
                .await?;
                let commit = format!("/v1/sessions/{session}/commit");
                ctx.step("commit", move || {
                    call(
                        reqwest::Method::POST,
                        commit,
                        Some(json!({ "message": "bench: ten files", "author": "bench", "source": "bench" })),
                        None,
                    )
                })
                .await?;
                Ok(FILES)
            }
        },
    )
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0
}

async fn phase(
    client: &Client,
    definition: &WorkflowDef<u64, u64>,
    count: usize,
    concurrency: usize,
) -> anyhow::Result<Phase> {
    let mut sequential = Vec::with_capacity(count);
    for n in 0..count as u64 {
        let started = Instant::now();
        let files = client.start_and_wait(definition, &n).await?;
        anyhow::ensure!(files == FILES, "a workflow wrote {files} files");
        sequential.push(started.elapsed());
    }
    sequential.sort();
    let started = Instant::now();
    let done: Vec<anyhow::Result<u64>> = stream::iter(0..count as u64)
        .map(|n| async move { Ok(client.start_and_wait(definition, &n).await?) })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let elapsed = started.elapsed();
    for files in done {
        anyhow::ensure!(
            files? == FILES,
            "a workflow wrote the wrong number of files"
        );
    }
    Ok(Phase {
        p50_ms: ms(percentile(&sequential, 50.0)),
        p99_ms: ms(percentile(&sequential, 99.0)),
        workflows_per_sec: ((count as f64 / elapsed.as_secs_f64()) * 10.0).round() / 10.0,
    })
}

pub async fn run(
    client: &Client,
    activities: &WorkflowDef<u64, u64>,
    http_steps: &WorkflowDef<u64, u64>,
    count: usize,
    concurrency: usize,
) -> anyhow::Result<SessionFigures> {
    // A warm-up of each, so neither pays for first connections.
    phase(client, activities, 5, 1).await.context("warm-up")?;
    phase(client, http_steps, 5, 1).await.context("warm-up")?;
    Ok(SessionFigures {
        workflows: count,
        concurrency,
        activities: phase(client, activities, count, concurrency)
            .await
            .context("ctx.workspace() workflows")?,
        http_steps: phase(client, http_steps, count, concurrency)
            .await
            .context("HTTP-in-steps workflows")?,
    })
}

pub fn table(f: &SessionFigures) -> String {
    let row = |name: &str, p: &Phase| {
        format!(
            "{name:<28} p50 {:>8.3} ms   p99 {:>8.3} ms   {:>8.1} workflows/s\n",
            p.p50_ms, p.p99_ms, p.workflows_per_sec
        )
    };
    format!(
        "session workflows: create, write {FILES} files, checkpoint, commit ({} workflows, C={})\n{}{}",
        f.workflows,
        f.concurrency,
        row("ctx.workspace() activities", &f.activities),
        row("ctx.step + HTTP API", &f.http_steps),
    )
}
