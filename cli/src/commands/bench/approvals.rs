//! `aether bench --approvals N`: N workflows waiting on approvals at once. Reports the server's
//! memory while they wait, how long listing every pending approval takes (pages of 1,000, as an
//! inbox would), and how long deciding them all takes until every workflow has completed.

use std::time::{Duration, Instant};

use aether_sdk::{
    ApprovalListOptions, ApprovalRequest, ApprovalState, Client, DecisionInput, WorkflowContext,
    WorkflowDef, workflow,
};
use anyhow::Context;
use futures::{StreamExt, TryStreamExt, stream};
use serde::Serialize;

use super::engine::EngineProcess;

#[derive(Debug, Serialize)]
pub struct ApprovalFigures {
    pub workflows_waiting: usize,
    /// The server's peak RSS once all of them wait.
    pub peak_rss_mb: Option<f64>,
    /// From the first start to every approval listed as pending.
    pub seconds_to_start: f64,
    /// Listing every pending approval, page after page.
    pub seconds_to_list_pending: f64,
    /// Approving every one (C decisions in flight) until every workflow has completed.
    pub seconds_to_decide_all: f64,
}

/// A workflow that asks for one approval and returns its outcome.
pub fn definition() -> WorkflowDef<u64, String> {
    workflow(
        "aether-bench-approval",
        |ctx: WorkflowContext, n: u64| async move {
            let decision = ctx
                .request_approval(ApprovalRequest {
                    reason: "bench.release".into(),
                    detail: format!("Release #{n}?"),
                    ..Default::default()
                })
                .await?;
            Ok(decision.outcome.as_str().to_owned())
        },
    )
}

/// Every pending approval, following the cursor; the ids.
async fn list_pending(client: &Client) -> anyhow::Result<Vec<aether_sdk::ApprovalId>> {
    let mut ids = Vec::new();
    let mut cursor = None;
    loop {
        let (page, next) = client
            .approvals()
            .list(&ApprovalListOptions {
                state: Some(ApprovalState::Pending),
                cursor,
                limit: 1000,
                ..Default::default()
            })
            .await?;
        ids.extend(page.into_iter().map(|a| a.id));
        match next {
            Some(next) => cursor = Some(next),
            None => return Ok(ids),
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub async fn run(
    client: &Client,
    engine: &EngineProcess,
    definition: &WorkflowDef<u64, String>,
    count: usize,
    concurrency: usize,
) -> anyhow::Result<ApprovalFigures> {
    let started = Instant::now();
    let workflows: Vec<String> = stream::iter(0..count as u64)
        .map(|n| async move {
            client
                .start(definition, &n)
                .await
                .map_err(anyhow::Error::from)
        })
        .buffer_unordered(256)
        .try_collect()
        .await
        .context("starting the workflows")?;
    let deadline = started + Duration::from_secs(600);
    while list_pending(client).await?.len() < count {
        anyhow::ensure!(
            Instant::now() < deadline,
            "the approvals were not all pending within 10 minutes"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let seconds_to_start = started.elapsed().as_secs_f64();
    let peak_rss_mb = engine
        .peak_rss_bytes()
        .map(|b| (b as f64 / (1024.0 * 1024.0) * 10.0).round() / 10.0);

    let listing = Instant::now();
    let pending = list_pending(client).await?;
    let seconds_to_list_pending = listing.elapsed().as_secs_f64();
    anyhow::ensure!(
        pending.len() == count,
        "listed {} pending approvals, expected {count}",
        pending.len()
    );

    let deciding = Instant::now();
    stream::iter(pending)
        .map(|id| async move {
            let input = DecisionInput {
                by: Some("bench".into()),
                ..Default::default()
            };
            client.approvals().approve(&id, input).await.map(|_| ())
        })
        .buffer_unordered(concurrency)
        .try_collect::<()>()
        .await
        .context("deciding")?;
    stream::iter(workflows)
        .map(|id| async move {
            let outcome: String = client.result(&id).await?;
            anyhow::ensure!(outcome == "approved", "{id} ended {outcome}");
            Ok(())
        })
        .buffer_unordered(concurrency)
        .try_collect::<()>()
        .await
        .context("waiting for the approved workflows")?;
    Ok(ApprovalFigures {
        workflows_waiting: count,
        peak_rss_mb,
        seconds_to_start: round2(seconds_to_start),
        seconds_to_list_pending: (seconds_to_list_pending * 1000.0).round() / 1000.0,
        seconds_to_decide_all: round2(deciding.elapsed().as_secs_f64()),
    })
}
