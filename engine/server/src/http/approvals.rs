//! The `/v1/approvals` routes and a session's `request-approval`: the inbox of decisions people
//! owe, over plain HTTP. Handlers parse, call the [`Engine`], and render; who may decide what and
//! when (the first decision wins, expiry, resuming the workflow) is the engine's.

use aether_core::Engine;
use aether_types::{
    Approval, ApprovalFilter, ApprovalId, ApprovalState, DecisionInput, Evidence, Outcome,
    WorkflowId,
};
use aether_workspace::Workspaces;
use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::extract::{JsonBody, OptionalJson, QueryArgs};
use crate::{
    approvals,
    auth::{Principal, http::Caller},
    error::ApiError,
};

#[derive(Clone)]
struct Apis {
    engine: Engine,
    workspaces: Workspaces,
}

pub fn router(engine: Engine, workspaces: Workspaces, max_request_bytes: usize) -> Router {
    Router::new()
        .route("/v1/approvals", get(list))
        .route("/v1/approvals/{id}", get(one))
        .route("/v1/approvals/{id}/approve", post(approve))
        .route("/v1/approvals/{id}/deny", post(deny))
        .route("/v1/sessions/{id}/request-approval", post(request_approval))
        .layer(DefaultBodyLimit::max(max_request_bytes))
        .with_state(Apis { engine, workspaces })
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ListQuery {
    state: Option<String>,
    workflow_id: Option<String>,
    session_id: Option<String>,
    reason: Option<String>,
    cursor: Option<String>,
    limit: Option<usize>,
}

/// A page of approvals, newest request first.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct ApprovalPage {
    approvals: Vec<Approval>,
    /// Pass as `cursor` for the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

async fn list(
    State(apis): State<Apis>,
    QueryArgs(q): QueryArgs<ListQuery>,
) -> Result<Json<ApprovalPage>, ApiError> {
    let filter = ApprovalFilter {
        state: q
            .state
            .as_deref()
            .map(str::parse::<ApprovalState>)
            .transpose()?,
        workflow_id: q.workflow_id.map(WorkflowId::parse).transpose()?,
        session_id: q.session_id,
        reason: q.reason,
        ..Default::default()
    };
    let (approvals, next_cursor) =
        approvals::page(&apis.engine, filter, q.cursor.as_deref(), q.limit).await?;
    Ok(Json(ApprovalPage {
        approvals,
        next_cursor,
    }))
}

async fn one(State(apis): State<Apis>, Path(id): Path<String>) -> Result<Json<Approval>, ApiError> {
    let id = ApprovalId::parse(id)?;
    Ok(Json(apis.engine.approval(&id).await?))
}

/// A decision's body; an empty body decides with no name, comment or payload.
#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct DecisionBody {
    /// Who decides; with API keys the key's name is recorded as who decided, and this only as
    /// a hint (`decidedByHint`).
    by: Option<String>,
    comment: Option<String>,
    /// Any JSON: the reviewer's edits or choice, returned to the workflow.
    payload: Option<Value>,
}

async fn approve(
    State(apis): State<Apis>,
    Caller(caller): Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<DecisionBody>,
) -> Result<Json<Approval>, ApiError> {
    decide(
        &apis.engine,
        &caller,
        &headers,
        id,
        Outcome::Approved,
        body.unwrap_or_default(),
    )
    .await
}

async fn deny(
    State(apis): State<Apis>,
    Caller(caller): Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<DecisionBody>,
) -> Result<Json<Approval>, ApiError> {
    decide(
        &apis.engine,
        &caller,
        &headers,
        id,
        Outcome::Denied,
        body.unwrap_or_default(),
    )
    .await
}

async fn decide(
    engine: &Engine,
    caller: &Principal,
    headers: &HeaderMap,
    id: String,
    outcome: Outcome,
    body: DecisionBody,
) -> Result<Json<Approval>, ApiError> {
    let id = ApprovalId::parse(id)?;
    let actor = headers
        .get("x-aether-actor")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (by, by_hint) = approvals::decided_by(caller, body.by.or(actor));
    let input = DecisionInput {
        by,
        by_hint,
        comment: body.comment,
        payload: body.payload,
    };
    Ok(Json(engine.decide_approval(&id, outcome, input).await?))
}

/// What a session's approval asks.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct RequestBody {
    /// A machine-readable code: letters, digits and `_ . : -`.
    reason: String,
    /// For the reviewer, in markdown.
    #[serde(default)]
    detail: String,
    #[serde(default)]
    evidence: Vec<Evidence>,
    /// Expires after this many milliseconds undecided.
    timeout_ms: Option<u64>,
}

async fn request_approval(
    State(apis): State<Apis>,
    Path(session): Path<String>,
    JsonBody(body): JsonBody<RequestBody>,
) -> Result<Response, ApiError> {
    let request = aether_types::ApprovalRequest {
        reason: body.reason,
        detail: body.detail,
        evidence: body.evidence,
        session_id: None,
        timeout_ms: body.timeout_ms,
    };
    let approval =
        approvals::request_for_session(&apis.engine, &apis.workspaces, session, request).await?;
    Ok((StatusCode::CREATED, Json(approval)).into_response())
}
