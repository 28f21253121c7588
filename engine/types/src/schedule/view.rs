//! A schedule as JSON: what `GET /v1/schedules/{id}` answers and what `aether schedule ...
//! --json` prints, so both speak one shape (camelCase, times in ms since the epoch, the
//! action's input as the JSON it was given, the overlap policy by name).

use serde::Serialize;
use serde_json::Value;

use crate::payload_json;

use super::{
    OverlapPolicy, ScheduleCounters, ScheduleDescription, ScheduleSpec, TickOutcome, Triggered,
};

/// What a schedule starts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ActionView {
    pub workflow_type: String,
    /// The workflow's input, as JSON.
    pub input: Value,
}

/// A run a schedule started.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RunView {
    /// The tick's time (before jitter), which the workflow id names.
    pub scheduled_at_ms: i64,
    pub started_at_ms: i64,
    pub workflow_id: String,
    /// PENDING, RUNNING, COMPLETED, FAILED or CANCELLED; absent while its start is retried.
    pub state: Option<String>,
}

/// A schedule with its next fire times, recent and open runs and counters.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScheduleView {
    pub id: String,
    pub spec: ScheduleSpec,
    pub action: ActionView,
    pub overlap: OverlapPolicy,
    pub catchup_window_ms: i64,
    pub paused: bool,
    pub note: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// The next 5 times the spec fires (before jitter).
    pub next_fire_times_ms: Vec<i64>,
    /// Newest first.
    pub recent_actions: Vec<RunView>,
    pub running_workflow_ids: Vec<String>,
    pub counters: ScheduleCounters,
    /// Ticks held back by a buffering policy or queued by a trigger or backfill.
    pub buffered_ticks_ms: Vec<i64>,
}

impl From<ScheduleDescription> for ScheduleView {
    fn from(d: ScheduleDescription) -> Self {
        let info = d.schedule;
        Self {
            id: info.id.as_str().to_owned(),
            spec: info.definition.spec,
            action: ActionView {
                workflow_type: info.definition.action.workflow_type,
                input: payload_json(&info.definition.action.input),
            },
            overlap: info.definition.overlap,
            catchup_window_ms: info.definition.catchup_window_ms,
            paused: info.paused,
            note: info.note,
            created_at_ms: info.created_at,
            updated_at_ms: info.updated_at,
            next_fire_times_ms: d.next_fire_times,
            recent_actions: d
                .recent
                .into_iter()
                .map(|r| RunView {
                    scheduled_at_ms: r.run.scheduled_at_ms,
                    started_at_ms: r.run.started_at_ms,
                    workflow_id: r.run.workflow_id.into_string(),
                    state: r.state.map(|s| s.as_str().to_owned()),
                })
                .collect(),
            running_workflow_ids: d.running.into_iter().map(|w| w.into_string()).collect(),
            counters: d.counters,
            buffered_ticks_ms: d.waiting_ticks,
        }
    }
}

/// What a trigger did with its tick.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TriggeredView {
    pub scheduled_at_ms: i64,
    /// The run's id (once started, for a buffered tick).
    pub workflow_id: String,
    pub outcome: TickOutcome,
}

impl From<Triggered> for TriggeredView {
    fn from(t: Triggered) -> Self {
        Self {
            scheduled_at_ms: t.scheduled_at_ms,
            workflow_id: t.workflow_id.into_string(),
            outcome: t.outcome,
        }
    }
}
