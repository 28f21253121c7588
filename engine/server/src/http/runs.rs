//! The read side of workflows over HTTP, for the dashboard and for scripts: listings with
//! filters, paged by a cursor on the indexed creation time and id (never an offset); one
//! workflow with its input, outcome and open waits; its history; the connected workers.
//! Handlers parse, call the [`Engine`], and render the views below, the one place that decides
//! how a workflow reads in JSON (times in ms since the epoch, payloads as the JSON they hold).

use std::sync::Arc;

use aether_core::Engine;
use aether_types::{
    Failure, ListCursor, ListFilter, Wait, WorkflowId, WorkflowInfo, WorkflowRow, payload_json,
};
use axum::{
    Json, Router,
    extract::{Path, State},
    routing::get,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    extract::QueryArgs,
    live::{Batch, LiveFeed},
};
use crate::error::ApiError;

const DEFAULT_PAGE: usize = 50;
const MAX_PAGE: usize = 1000;

pub fn router(engine: Engine) -> Router {
    Router::new()
        .route("/v1/workflows", get(list))
        .route("/v1/workflows/{id}", get(one))
        .route("/v1/workflows/{id}/history", get(history))
        .route("/v1/workers", get(workers))
        .with_state(engine.clone())
        .merge(
            Router::new()
                .route("/v1/stream", get(stream))
                .with_state(LiveFeed::new(engine)),
        )
}

/// A workflow as listings show it.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct WorkflowView {
    id: String,
    workflow_type: String,
    /// PENDING, RUNNING, COMPLETED, FAILED or CANCELLED.
    state: String,
    /// What a RUNNING workflow waits on longest: timer, approval, child, signal, retry-backoff.
    waiting_on: Option<String>,
    waiting_since: Option<i64>,
    created_at: i64,
    updated_at: i64,
    closed_at: Option<i64>,
    parent_id: Option<String>,
    history_length: u64,
    /// The worker holding its task, if any.
    worker_id: Option<String>,
}

impl From<&WorkflowRow> for WorkflowView {
    fn from(row: &WorkflowRow) -> Self {
        Self {
            id: row.id.to_string(),
            workflow_type: row.workflow_type.clone(),
            state: row.status.as_str().to_owned(),
            waiting_on: row.wait.map(|w| w.as_str().to_owned()),
            waiting_since: row.wait_since,
            created_at: row.created_at,
            updated_at: row.updated_at,
            closed_at: row.closed_at,
            parent_id: row.parent.as_ref().map(|p| p.workflow_id.to_string()),
            history_length: row.history_len,
            worker_id: row.lease.as_ref().map(|l| l.worker_id.to_string()),
        }
    }
}

/// One workflow: its listing view, input, outcome and every open wait.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct WorkflowDetail {
    #[serde(flatten)]
    summary: WorkflowView,
    input: Value,
    result: Option<Value>,
    #[schemars(with = "Option<Value>")]
    failure: Option<Failure>,
    cancel_reason: Option<String>,
    #[schemars(with = "Vec<Value>")]
    waits: Vec<Wait>,
    /// Activities with engine-enforced timeouts running or due to run again.
    pending_activities: Vec<PendingActivityView>,
    /// When the execution timeout fails the workflow, if it has one (ms since the epoch).
    execution_deadline: Option<i64>,
}

/// An activity in progress: its attempt, last heartbeat and details, and next deadline.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct PendingActivityView {
    position: u32,
    name: String,
    attempt: u32,
    started_at: Option<i64>,
    last_heartbeat_at: Option<i64>,
    heartbeat_details: Option<Value>,
    deadline: Option<i64>,
    /// heartbeat, start_to_close, schedule_to_start or schedule_to_close.
    deadline_timeout: Option<&'static str>,
}

impl From<aether_types::PendingActivity> for PendingActivityView {
    fn from(a: aether_types::PendingActivity) -> Self {
        Self {
            position: a.position,
            name: a.name,
            attempt: a.attempt,
            started_at: a.started_at,
            last_heartbeat_at: a.last_heartbeat_at,
            heartbeat_details: a.heartbeat_details.as_deref().map(payload_json),
            deadline: a.deadline.map(|(at, _)| at),
            deadline_timeout: a.deadline.map(|(_, kind)| kind.as_str()),
        }
    }
}

impl From<WorkflowInfo> for WorkflowDetail {
    fn from(info: WorkflowInfo) -> Self {
        Self {
            summary: WorkflowView::from(&info.row),
            input: payload_json(&info.input),
            result: info.result.as_deref().map(payload_json),
            failure: info.failure,
            cancel_reason: info.cancel_reason,
            waits: info.waits,
            pending_activities: info
                .pending_activities
                .into_iter()
                .map(PendingActivityView::from)
                .collect(),
            execution_deadline: info.execution_deadline,
        }
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ListQuery {
    state: Option<String>,
    #[serde(rename = "type")]
    workflow_type: Option<String>,
    id_prefix: Option<String>,
    waiting: Option<String>,
    parent: Option<String>,
    created_from: Option<i64>,
    created_to: Option<i64>,
    cursor: Option<String>,
    limit: Option<usize>,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct WorkflowPage {
    workflows: Vec<WorkflowView>,
    /// Pass as `cursor` for the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

async fn list(
    State(engine): State<Engine>,
    QueryArgs(q): QueryArgs<ListQuery>,
) -> Result<Json<WorkflowPage>, ApiError> {
    let limit = q.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let filter = ListFilter {
        status: q
            .state
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|e| ApiError::invalid(format!("{e}")))?,
        workflow_type: q.workflow_type,
        waiting: q
            .waiting
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(ApiError::invalid)?,
        id_prefix: q.id_prefix.filter(|p| !p.is_empty()),
        parent: q.parent.map(WorkflowId::parse).transpose()?,
        created_from: q.created_from,
        created_to: q.created_to,
        after: q
            .cursor
            .filter(|c| !c.is_empty())
            .map(|c| {
                ListCursor::decode(&c).ok_or_else(|| {
                    ApiError::invalid(format!("'{c}' is not a cursor of this listing"))
                })
            })
            .transpose()?,
        // One more than asked says whether another page exists.
        limit: limit + 1,
    };
    let mut rows = engine.list(&filter).await?;
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|r| ListCursor::of(r).encode())
    } else {
        None
    };
    Ok(Json(WorkflowPage {
        workflows: rows.iter().map(WorkflowView::from).collect(),
        next_cursor,
    }))
}

async fn one(
    State(engine): State<Engine>,
    Path(id): Path<String>,
) -> Result<Json<WorkflowDetail>, ApiError> {
    let id = WorkflowId::parse(id)?;
    Ok(Json(engine.status(&id).await?.into()))
}

#[derive(Serialize, JsonSchema)]
pub(super) struct HistoryPage {
    /// The action log, oldest first: `{seq, at, action: {kind, ...}}`.
    #[schemars(with = "Vec<Value>")]
    events: Vec<aether_types::HistoryEvent>,
}

async fn history(
    State(engine): State<Engine>,
    Path(id): Path<String>,
) -> Result<Json<HistoryPage>, ApiError> {
    let id = WorkflowId::parse(id)?;
    Ok(Json(HistoryPage {
        events: engine.history(&id).await?,
    }))
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct StreamQuery {
    /// Only this workflow's changes.
    workflow_id: Option<String>,
}

/// Live changes: `workflow` events (the listing view) with the newest state of each workflow
/// whose row was committed on this node in the last window (see [`super::live`]), so pages
/// update without polling; `lagged` when the subscriber or the feed fell behind.
async fn stream(
    State(feed): State<LiveFeed>,
    QueryArgs(q): QueryArgs<StreamQuery>,
) -> Result<
    axum::response::Sse<
        impl futures::Stream<Item = Result<axum::response::sse::Event, std::convert::Infallible>>,
    >,
    ApiError,
> {
    let only = q.workflow_id.map(WorkflowId::parse).transpose()?;
    Ok(super::sse::events(
        feed.subscribe(),
        move |batch: Arc<Batch>| {
            let lagged = (batch.missed > 0).then(|| super::sse::lagged(batch.missed));
            let rows = batch
                .rows
                .iter()
                .filter(|(id, _)| only.as_ref().is_none_or(|only| only == id))
                .map(|(_, json)| {
                    axum::response::sse::Event::default()
                        .event("workflow")
                        .data(json)
                });
            lagged.into_iter().chain(rows).collect::<Vec<_>>()
        },
    ))
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct WorkerView {
    worker_id: String,
    workflow_types: Vec<String>,
    capacity: usize,
    in_use: usize,
    connected: bool,
    /// Since its last heartbeat.
    last_heartbeat_ms_ago: u64,
}

#[derive(Serialize, JsonSchema)]
pub(super) struct WorkerList {
    workers: Vec<WorkerView>,
}

async fn workers(State(engine): State<Engine>) -> Json<WorkerList> {
    Json(WorkerList {
        workers: engine
            .workers()
            .into_iter()
            .map(|w| WorkerView {
                worker_id: w.worker_id.to_string(),
                workflow_types: w.workflow_types,
                capacity: w.capacity,
                in_use: w.in_use,
                connected: w.connected,
                last_heartbeat_ms_ago: u64::try_from(w.last_heartbeat.elapsed().as_millis())
                    .unwrap_or(u64::MAX),
            })
            .collect(),
    })
}
