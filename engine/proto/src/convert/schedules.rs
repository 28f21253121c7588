//! Schedules on the wire: definitions (spec, action, policies) both ways, and what Describe,
//! List and Trigger return, both ways. Reading a definition checks the shape of the message
//! (sub-messages present, a known overlap policy); the meaning (cron, time zone, durations) is
//! checked by `ScheduleDefinition::validate`, for every transport alike.

use aether_types::schedule::{DEFAULT_CATCHUP_WINDOW_MS, ScheduleInfo};
use aether_types::{
    OverlapPolicy, RunSummary, ScheduleAction, ScheduleCounters, ScheduleDefinition,
    ScheduleDescription, ScheduleId, ScheduleRun, ScheduleSpec, TickOutcome, Triggered, WorkflowId,
};

use super::{WireError, status_from_wire};
use crate::v1;

impl From<OverlapPolicy> for v1::OverlapPolicy {
    fn from(policy: OverlapPolicy) -> Self {
        match policy {
            OverlapPolicy::Skip => v1::OverlapPolicy::Skip,
            OverlapPolicy::BufferOne => v1::OverlapPolicy::BufferOne,
            OverlapPolicy::BufferAll => v1::OverlapPolicy::BufferAll,
            OverlapPolicy::CancelOther => v1::OverlapPolicy::CancelOther,
            OverlapPolicy::AllowAll => v1::OverlapPolicy::AllowAll,
        }
    }
}

/// A backfill's overlap policy from the wire: UNSPECIFIED is
/// [`DEFAULT_BACKFILL_OVERLAP`](aether_types::schedule::DEFAULT_BACKFILL_OVERLAP); anything else
/// as [`overlap_from_wire`] reads it.
pub fn backfill_overlap_from_wire(value: i32) -> Result<OverlapPolicy, WireError> {
    if value == i32::from(v1::OverlapPolicy::Unspecified) {
        return Ok(aether_types::schedule::DEFAULT_BACKFILL_OVERLAP);
    }
    overlap_from_wire(value)
}

/// An overlap policy as the wire's enum number: UNSPECIFIED is SKIP; a number the contract
/// does not define is refused with the valid names.
pub fn overlap_from_wire(value: i32) -> Result<OverlapPolicy, WireError> {
    match v1::OverlapPolicy::try_from(value) {
        Ok(v1::OverlapPolicy::Unspecified | v1::OverlapPolicy::Skip) => Ok(OverlapPolicy::Skip),
        Ok(v1::OverlapPolicy::BufferOne) => Ok(OverlapPolicy::BufferOne),
        Ok(v1::OverlapPolicy::BufferAll) => Ok(OverlapPolicy::BufferAll),
        Ok(v1::OverlapPolicy::CancelOther) => Ok(OverlapPolicy::CancelOther),
        Ok(v1::OverlapPolicy::AllowAll) => Ok(OverlapPolicy::AllowAll),
        Err(_) => Err(WireError::Invalid(format!(
            "unknown overlap policy {value}; expected one of: SKIP, BUFFER_ONE, BUFFER_ALL, \
             CANCEL_OTHER, ALLOW_ALL"
        ))),
    }
}

impl From<ScheduleSpec> for v1::ScheduleSpec {
    fn from(spec: ScheduleSpec) -> Self {
        Self {
            cron: spec.cron,
            time_zone: spec.time_zone,
            jitter_ms: spec.jitter_ms,
            start_at_ms: spec.start_at_ms,
            end_at_ms: spec.end_at_ms,
        }
    }
}

impl From<v1::ScheduleSpec> for ScheduleSpec {
    fn from(spec: v1::ScheduleSpec) -> Self {
        Self {
            cron: spec.cron,
            time_zone: spec.time_zone,
            jitter_ms: spec.jitter_ms,
            start_at_ms: spec.start_at_ms,
            end_at_ms: spec.end_at_ms,
        }
    }
}

impl From<ScheduleDefinition> for v1::ScheduleDefinition {
    fn from(definition: ScheduleDefinition) -> Self {
        Self {
            spec: Some(definition.spec.into()),
            action: Some(v1::ScheduleAction {
                workflow_type: definition.action.workflow_type,
                input: definition.action.input,
            }),
            overlap: v1::OverlapPolicy::from(definition.overlap).into(),
            catchup_window_ms: Some(definition.catchup_window_ms),
        }
    }
}

impl TryFrom<v1::ScheduleDefinition> for ScheduleDefinition {
    type Error = WireError;

    fn try_from(definition: v1::ScheduleDefinition) -> Result<Self, WireError> {
        let spec = definition.spec.ok_or(WireError::Missing {
            message: "schedule definition",
            field: "spec",
        })?;
        let action = definition.action.ok_or(WireError::Missing {
            message: "schedule definition",
            field: "action",
        })?;
        Ok(Self {
            spec: spec.into(),
            action: ScheduleAction {
                workflow_type: action.workflow_type,
                input: action.input,
            },
            overlap: overlap_from_wire(definition.overlap)?,
            catchup_window_ms: definition
                .catchup_window_ms
                .unwrap_or(DEFAULT_CATCHUP_WINDOW_MS),
        })
    }
}

impl From<ScheduleInfo> for v1::Schedule {
    fn from(info: ScheduleInfo) -> Self {
        Self {
            schedule_id: info.id.as_str().to_owned(),
            definition: Some(info.definition.into()),
            paused: info.paused,
            note: info.note,
            created_at_ms: info.created_at,
            updated_at_ms: info.updated_at,
        }
    }
}

impl TryFrom<v1::Schedule> for ScheduleInfo {
    type Error = WireError;

    fn try_from(schedule: v1::Schedule) -> Result<Self, WireError> {
        let definition = schedule.definition.ok_or(WireError::Missing {
            message: "schedule",
            field: "definition",
        })?;
        Ok(Self {
            id: ScheduleId::parse(schedule.schedule_id)
                .map_err(|err| WireError::Invalid(err.to_string()))?,
            definition: definition.try_into()?,
            paused: schedule.paused,
            note: schedule.note,
            created_at: schedule.created_at_ms,
            updated_at: schedule.updated_at_ms,
        })
    }
}

impl From<ScheduleCounters> for v1::ScheduleCounters {
    fn from(counters: ScheduleCounters) -> Self {
        Self {
            actions_started: counters.actions_started,
            skipped_overlap: counters.skipped_overlap,
            missed_catchup: counters.missed_catchup,
            buffered: counters.buffered,
        }
    }
}

impl From<v1::ScheduleCounters> for ScheduleCounters {
    fn from(counters: v1::ScheduleCounters) -> Self {
        Self {
            actions_started: counters.actions_started,
            skipped_overlap: counters.skipped_overlap,
            missed_catchup: counters.missed_catchup,
            buffered: counters.buffered,
        }
    }
}

impl From<RunSummary> for v1::ScheduleRun {
    fn from(summary: RunSummary) -> Self {
        Self {
            scheduled_at_ms: summary.run.scheduled_at_ms,
            started_at_ms: summary.run.started_at_ms,
            workflow_id: summary.run.workflow_id.into_string(),
            state: summary
                .state
                .map_or(v1::WorkflowState::Unspecified, v1::WorkflowState::from)
                .into(),
        }
    }
}

fn workflow_id(value: String) -> Result<WorkflowId, WireError> {
    WorkflowId::parse(value).map_err(|err| WireError::Invalid(err.to_string()))
}

impl TryFrom<v1::ScheduleRun> for RunSummary {
    type Error = WireError;

    fn try_from(run: v1::ScheduleRun) -> Result<Self, WireError> {
        let state = status_from_wire(run.state());
        Ok(Self {
            run: ScheduleRun {
                scheduled_at_ms: run.scheduled_at_ms,
                started_at_ms: run.started_at_ms,
                workflow_id: workflow_id(run.workflow_id)?,
            },
            state,
        })
    }
}

impl From<ScheduleDescription> for v1::ScheduleDescription {
    fn from(description: ScheduleDescription) -> Self {
        Self {
            schedule: Some(description.schedule.into()),
            next_fire_times_ms: description.next_fire_times,
            recent_actions: description.recent.into_iter().map(Into::into).collect(),
            running_workflow_ids: description
                .running
                .into_iter()
                .map(WorkflowId::into_string)
                .collect(),
            counters: Some(description.counters.into()),
            buffered_ticks_ms: description.waiting_ticks,
        }
    }
}

impl TryFrom<v1::ScheduleDescription> for ScheduleDescription {
    type Error = WireError;

    fn try_from(description: v1::ScheduleDescription) -> Result<Self, WireError> {
        let schedule = description.schedule.ok_or(WireError::Missing {
            message: "schedule description",
            field: "schedule",
        })?;
        Ok(Self {
            schedule: schedule.try_into()?,
            next_fire_times: description.next_fire_times_ms,
            recent: description
                .recent_actions
                .into_iter()
                .map(RunSummary::try_from)
                .collect::<Result<_, _>>()?,
            running: description
                .running_workflow_ids
                .into_iter()
                .map(workflow_id)
                .collect::<Result<_, _>>()?,
            counters: description.counters.unwrap_or_default().into(),
            waiting_ticks: description.buffered_ticks_ms,
        })
    }
}

impl From<TickOutcome> for v1::TickOutcome {
    fn from(outcome: TickOutcome) -> Self {
        match outcome {
            TickOutcome::Started => v1::TickOutcome::Started,
            TickOutcome::Skipped => v1::TickOutcome::Skipped,
            TickOutcome::Buffered => v1::TickOutcome::Buffered,
        }
    }
}

impl From<Triggered> for v1::TriggerScheduleResponse {
    fn from(triggered: Triggered) -> Self {
        Self {
            scheduled_at_ms: triggered.scheduled_at_ms,
            workflow_id: triggered.workflow_id.into_string(),
            outcome: v1::TickOutcome::from(triggered.outcome).into(),
        }
    }
}

impl TryFrom<v1::TriggerScheduleResponse> for Triggered {
    type Error = WireError;

    fn try_from(response: v1::TriggerScheduleResponse) -> Result<Self, WireError> {
        let outcome = match response.outcome() {
            v1::TickOutcome::Started => TickOutcome::Started,
            v1::TickOutcome::Skipped => TickOutcome::Skipped,
            v1::TickOutcome::Buffered => TickOutcome::Buffered,
            v1::TickOutcome::Unspecified => {
                return Err(WireError::Unknown {
                    field: "outcome",
                    value: "TICK_OUTCOME_UNSPECIFIED".to_owned(),
                });
            }
        };
        Ok(Self {
            scheduled_at_ms: response.scheduled_at_ms,
            workflow_id: workflow_id(response.workflow_id)?,
            outcome,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn definition() -> ScheduleDefinition {
        ScheduleDefinition {
            spec: ScheduleSpec {
                cron: "*/5 * * * *".to_owned(),
                time_zone: "Europe/Paris".to_owned(),
                jitter_ms: 250,
                start_at_ms: Some(10),
                end_at_ms: None,
            },
            action: ScheduleAction {
                workflow_type: "report".to_owned(),
                input: b"{}".to_vec(),
            },
            overlap: OverlapPolicy::BufferAll,
            catchup_window_ms: 5_000,
        }
    }

    #[test]
    fn definitions_round_trip_and_absent_fields_take_the_defaults() {
        let wire = v1::ScheduleDefinition::from(definition());
        assert_eq!(ScheduleDefinition::try_from(wire).ok(), Some(definition()));
        let bare = v1::ScheduleDefinition {
            spec: Some(v1::ScheduleSpec::default()),
            action: Some(v1::ScheduleAction::default()),
            overlap: 0,
            catchup_window_ms: None,
        };
        let read = ScheduleDefinition::try_from(bare).ok();
        assert_eq!(read.as_ref().map(|d| d.overlap), Some(OverlapPolicy::Skip));
        assert_eq!(
            read.map(|d| d.catchup_window_ms),
            Some(DEFAULT_CATCHUP_WINDOW_MS)
        );
    }

    #[test]
    fn an_unknown_policy_number_or_a_missing_spec_is_refused() {
        let mut wire = v1::ScheduleDefinition::from(definition());
        wire.overlap = 42;
        let err = ScheduleDefinition::try_from(wire)
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("unknown overlap policy 42") && e.contains("SKIP")));
        let mut wire = v1::ScheduleDefinition::from(definition());
        wire.spec = None;
        assert!(ScheduleDefinition::try_from(wire).is_err());
    }
}
