//! The `/v1/schedules` routes: cron schedules over plain HTTP, in the JSON shape of the other
//! routes (camelCase; the action's input is any JSON; the overlap policy by name: skip,
//! buffer-one, buffer-all, cancel-other, allow-all). Handlers parse, call the [`Engine`] and
//! render; validation and every rule are the engine's, as for `ScheduleService`.

use aether_core::Engine;
use aether_types::schedule::view::{ScheduleView, TriggeredView};
use aether_types::schedule::{DEFAULT_BACKFILL_OVERLAP, DEFAULT_CATCHUP_WINDOW_MS};
use aether_types::{OverlapPolicy, ScheduleAction, ScheduleDefinition, ScheduleId, ScheduleSpec};
use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, Path, State},
    http::StatusCode,
    routing::{get, post},
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::extract::{JsonBody, OptionalJson};
use crate::error::ApiError;

pub fn router(engine: Engine, max_request_bytes: usize) -> Router {
    Router::new()
        .route("/v1/schedules", get(list).post(create))
        .route(
            "/v1/schedules/{id}",
            get(describe).put(replace).patch(patch).delete(remove),
        )
        .route("/v1/schedules/{id}/pause", post(pause))
        .route("/v1/schedules/{id}/unpause", post(unpause))
        .route("/v1/schedules/{id}/trigger", post(trigger))
        .route("/v1/schedules/{id}/backfill", post(backfill))
        .layer(DefaultBodyLimit::max(max_request_bytes))
        .with_state(engine)
}

/// What a schedule starts.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ActionBody {
    workflow_type: String,
    /// Any JSON: the workflow's input. Absent is `null`.
    #[serde(default)]
    input: Value,
}

impl ActionBody {
    fn into_model(self) -> Result<ScheduleAction, ApiError> {
        Ok(ScheduleAction {
            workflow_type: self.workflow_type,
            input: serde_json::to_vec(&self.input)
                .map_err(|e| ApiError::invalid(format!("input: {e}")))?,
        })
    }
}

/// The policy a body names, or `default` when it names none.
fn overlap_or(name: Option<&str>, default: OverlapPolicy) -> Result<OverlapPolicy, ApiError> {
    Ok(name
        .map(str::parse::<OverlapPolicy>)
        .transpose()?
        .unwrap_or(default))
}

/// A new schedule.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct CreateBody {
    /// Letters, digits and _ . - (at most 200).
    id: String,
    spec: ScheduleSpec,
    action: ActionBody,
    /// skip (the default), buffer-one, buffer-all, cancel-other or allow-all.
    overlap: Option<String>,
    /// After downtime, ticks older than this are counted as missed, not run. Default 60000.
    catchup_window_ms: Option<i64>,
    /// Create it paused.
    #[serde(default)]
    paused: bool,
    #[serde(default)]
    note: String,
}

/// A schedule's whole definition, replacing the stored one.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ReplaceBody {
    spec: ScheduleSpec,
    action: ActionBody,
    overlap: Option<String>,
    catchup_window_ms: Option<i64>,
}

/// The parts of a spec to change; what is absent stays. (A start or end is cleared by a PUT.)
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PatchSpec {
    cron: Option<String>,
    time_zone: Option<String>,
    jitter_ms: Option<i64>,
    start_at_ms: Option<i64>,
    end_at_ms: Option<i64>,
}

impl PatchSpec {
    fn apply(self, spec: &mut ScheduleSpec) {
        if let Some(cron) = self.cron {
            spec.cron = cron;
        }
        if let Some(zone) = self.time_zone {
            spec.time_zone = zone;
        }
        if let Some(jitter) = self.jitter_ms {
            spec.jitter_ms = jitter;
        }
        if self.start_at_ms.is_some() {
            spec.start_at_ms = self.start_at_ms;
        }
        if self.end_at_ms.is_some() {
            spec.end_at_ms = self.end_at_ms;
        }
    }
}

/// The parts of a definition to change; what is absent stays, in the spec too.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PatchBody {
    spec: Option<PatchSpec>,
    action: Option<ActionBody>,
    overlap: Option<String>,
    catchup_window_ms: Option<i64>,
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct NoteBody {
    /// Why, for the people reading the schedule.
    #[serde(default)]
    note: String,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct BackfillBody {
    start_at_ms: i64,
    end_at_ms: i64,
    /// The backfill's own policy (default buffer-all: every tick runs, one after the other).
    overlap: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub(super) struct ScheduleList {
    schedules: Vec<ScheduleView>,
}

#[derive(Serialize, JsonSchema)]
pub(super) struct BackfillView {
    /// How many ticks the range holds, queued to run under the backfill's policy.
    ticks: usize,
}

fn definition(
    spec: ScheduleSpec,
    action: ActionBody,
    overlap_name: Option<&str>,
    catchup_window_ms: Option<i64>,
) -> Result<ScheduleDefinition, ApiError> {
    Ok(ScheduleDefinition {
        spec,
        action: action.into_model()?,
        overlap: overlap_or(overlap_name, OverlapPolicy::default())?,
        catchup_window_ms: catchup_window_ms.unwrap_or(DEFAULT_CATCHUP_WINDOW_MS),
    })
}

async fn list(State(engine): State<Engine>) -> Result<Json<ScheduleList>, ApiError> {
    let schedules = engine.list_schedules().await?;
    Ok(Json(ScheduleList {
        schedules: schedules.into_iter().map(Into::into).collect(),
    }))
}

async fn create(
    State(engine): State<Engine>,
    JsonBody(body): JsonBody<CreateBody>,
) -> Result<(StatusCode, Json<ScheduleView>), ApiError> {
    let id = ScheduleId::parse(body.id)?;
    let definition = definition(
        body.spec,
        body.action,
        body.overlap.as_deref(),
        body.catchup_window_ms,
    )?;
    let described = engine
        .create_schedule(id, definition, body.paused, body.note)
        .await?;
    Ok((StatusCode::CREATED, Json(described.into())))
}

async fn describe(
    State(engine): State<Engine>,
    Path(id): Path<String>,
) -> Result<Json<ScheduleView>, ApiError> {
    let id = ScheduleId::parse(id)?;
    Ok(Json(engine.describe_schedule(&id).await?.into()))
}

async fn replace(
    State(engine): State<Engine>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ReplaceBody>,
) -> Result<Json<ScheduleView>, ApiError> {
    let id = ScheduleId::parse(id)?;
    let definition = definition(
        body.spec,
        body.action,
        body.overlap.as_deref(),
        body.catchup_window_ms,
    )?;
    Ok(Json(engine.update_schedule(&id, definition).await?.into()))
}

/// Reads the definition, changes what the body names, and writes it back whole. Two patches
/// racing may each undo the other's fields (the last write wins), as with PUT.
async fn patch(
    State(engine): State<Engine>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<PatchBody>,
) -> Result<Json<ScheduleView>, ApiError> {
    let id = ScheduleId::parse(id)?;
    let mut definition = engine.schedule_definition(&id).await?;
    if let Some(spec) = body.spec {
        spec.apply(&mut definition.spec);
    }
    if let Some(action) = body.action {
        definition.action = action.into_model()?;
    }
    if let Some(name) = body.overlap.as_deref() {
        definition.overlap = name.parse()?;
    }
    if let Some(window) = body.catchup_window_ms {
        definition.catchup_window_ms = window;
    }
    Ok(Json(engine.update_schedule(&id, definition).await?.into()))
}

async fn remove(
    State(engine): State<Engine>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = ScheduleId::parse(id)?;
    engine.delete_schedule(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn pause(
    State(engine): State<Engine>,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<NoteBody>,
) -> Result<Json<ScheduleView>, ApiError> {
    let id = ScheduleId::parse(id)?;
    let note = body.unwrap_or_default().note;
    Ok(Json(engine.pause_schedule(&id, note).await?.into()))
}

async fn unpause(
    State(engine): State<Engine>,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<NoteBody>,
) -> Result<Json<ScheduleView>, ApiError> {
    let id = ScheduleId::parse(id)?;
    let note = body.unwrap_or_default().note;
    Ok(Json(engine.unpause_schedule(&id, note).await?.into()))
}

async fn trigger(
    State(engine): State<Engine>,
    Path(id): Path<String>,
) -> Result<Json<TriggeredView>, ApiError> {
    let id = ScheduleId::parse(id)?;
    Ok(Json(engine.trigger_schedule(&id).await?.into()))
}

async fn backfill(
    State(engine): State<Engine>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<BackfillBody>,
) -> Result<Json<BackfillView>, ApiError> {
    let id = ScheduleId::parse(id)?;
    let policy = overlap_or(body.overlap.as_deref(), DEFAULT_BACKFILL_OVERLAP)?;
    let ticks = engine
        .backfill_schedule(&id, body.start_at_ms, body.end_at_ms, policy)
        .await?;
    Ok(Json(BackfillView { ticks }))
}
