//! `GET /v1/metrics/summary`: what the dashboard's metrics page draws. Runs by state and the
//! active ones by wait come from the store, so they count every node's workflows; throughput
//! and latency come from this node's recent window (see `aether_core::RecentActivity`), the
//! runs it started and finished in the last few minutes. Prometheus export is another matter.

use std::collections::BTreeMap;

use aether_core::Engine;
use aether_types::{WaitKind, WorkflowStatus};
use axum::{Json, Router, extract::State, routing::get};
use schemars::JsonSchema;
use serde::Serialize;

use crate::error::ApiError;

pub fn router(engine: Engine) -> Router {
    Router::new()
        .route("/v1/metrics/summary", get(summary))
        .with_state(engine)
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct Summary {
    /// When this summary was taken (ms since the epoch).
    at: i64,
    uptime_ms: u64,
    window_seconds: i64,
    bucket_seconds: i64,
    /// This node's runs started and finished per bucket, oldest first, empty buckets included.
    throughput: Vec<Bucket>,
    /// Start-to-finish time of the runs this node finished in the window. Percentiles are
    /// within 10% (log-scaled bins); the maximum is exact.
    latency: Latency,
    /// Every workflow in the store, by state.
    runs_by_state: BTreeMap<&'static str, u64>,
    /// Active workflows by what they wait on.
    waiting: BTreeMap<&'static str, u64>,
    totals: Totals,
}

#[derive(Serialize, JsonSchema)]
pub(super) struct Bucket {
    /// The bucket's start (ms since the epoch).
    at: i64,
    started: u64,
    completed: u64,
    failed: u64,
    cancelled: u64,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct Latency {
    count: u64,
    p50_ms: Option<u64>,
    p90_ms: Option<u64>,
    p99_ms: Option<u64>,
    max_ms: Option<u64>,
}

/// This node's counts since start-up, and its queues now.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct Totals {
    workflows_started: u64,
    workflows_completed: u64,
    workflows_failed: u64,
    workflows_cancelled: u64,
    steps_completed: u64,
    step_attempts_failed: u64,
    queue_depth: u64,
    timers_pending: u64,
    workers_connected: u64,
}

async fn summary(State(engine): State<Engine>) -> Result<Json<Summary>, ApiError> {
    let counts = engine.counts().await?;
    let recent = engine.recent_activity();
    let totals = engine.metrics();
    let runs_by_state = [
        (WorkflowStatus::Pending, counts.pending),
        (WorkflowStatus::Running, counts.running),
        (WorkflowStatus::Completed, counts.completed),
        (WorkflowStatus::Failed, counts.failed),
        (WorkflowStatus::Cancelled, counts.cancelled),
    ]
    .into_iter()
    .map(|(status, n)| (status.as_str(), n))
    .collect();
    let waiting = WaitKind::ALL
        .into_iter()
        .map(|kind| {
            (
                kind.as_str(),
                counts.waiting.get(&kind).copied().unwrap_or(0),
            )
        })
        .collect();
    Ok(Json(Summary {
        at: recent.at,
        uptime_ms: totals.uptime_ms,
        window_seconds: recent.window_ms / 1000,
        bucket_seconds: recent.bucket_ms / 1000,
        throughput: recent
            .buckets
            .iter()
            .map(|(at, c)| Bucket {
                at: *at,
                started: c.started,
                completed: c.completed,
                failed: c.failed,
                cancelled: c.cancelled,
            })
            .collect(),
        latency: Latency {
            count: recent.latency.count,
            p50_ms: recent.latency.p50_ms,
            p90_ms: recent.latency.p90_ms,
            p99_ms: recent.latency.p99_ms,
            max_ms: recent.latency.max_ms,
        },
        runs_by_state,
        waiting,
        totals: Totals {
            workflows_started: totals.workflows_started,
            workflows_completed: totals.workflows_completed,
            workflows_failed: totals.workflows_failed,
            workflows_cancelled: totals.workflows_cancelled,
            steps_completed: totals.steps_completed,
            step_attempts_failed: totals.step_attempts_failed,
            queue_depth: totals.queue_depth,
            timers_pending: totals.timers_pending,
            workers_connected: totals.workers_connected,
        },
    }))
}
