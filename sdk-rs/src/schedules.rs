//! Schedules: start a workflow type on a cron expression, reached through
//! [`Client::schedules`](crate::Client::schedules).
//!
//! The types are the engine's own schedule model (`aether_types::schedule`), re-exported, so a
//! schedule described here, over HTTP and by the CLI's `--json` is the same thing.
//! [`ScheduleClient`] is a thin typed layer over the `ScheduleService` gRPC contract. The engine
//! validates every definition (cron expression, time zone, durations) and refuses a bad one whole
//! with [`Error::Rpc`] `InvalidArgument`, creating nothing; [`ScheduleDefinition::validate`] runs
//! the same checks locally, before any call, for a caller that wants them early.
//!
//! ```no_run
//! use aether_sdk::{Client, OverlapPolicy, ScheduleAction, ScheduleDefinition, ScheduleSpec};
//!
//! # async fn demo() -> Result<(), aether_sdk::Error> {
//! let client = Client::connect("http://localhost:7233").await?;
//! let definition = ScheduleDefinition {
//!     spec: ScheduleSpec {
//!         cron: "0 9 * * 1-5".into(),
//!         time_zone: "Europe/Paris".into(),
//!         jitter_ms: 0,
//!         start_at_ms: None,
//!         end_at_ms: None,
//!     },
//!     action: ScheduleAction {
//!         workflow_type: "daily-report".into(),
//!         input: serde_json::to_vec(&serde_json::json!({"team": "core"}))?,
//!     },
//!     overlap: OverlapPolicy::Skip,
//!     catchup_window_ms: 60_000,
//! };
//! let created = client.schedules().create("daily-report", definition).await?;
//! println!("next runs: {:?}", created.next_fire_times);
//! # Ok(()) }
//! ```

use crate::transport::Transport;
use aether_proto::v1::{self, schedule_service_client::ScheduleServiceClient};
use aether_types::Millis;
pub use aether_types::schedule::view::{ScheduleView, TriggeredView};
pub use aether_types::schedule::{
    DEFAULT_BACKFILL_OVERLAP, DEFAULT_CATCHUP_WINDOW_MS, ScheduleError,
};
pub use aether_types::{
    OverlapPolicy, RunSummary, ScheduleAction, ScheduleCounters, ScheduleDefinition,
    ScheduleDescription, ScheduleId, ScheduleInfo, ScheduleRun, ScheduleSpec, TickOutcome,
    Triggered,
};

use crate::Error;

/// The schedule operations of a server. Cheap to clone; clones share the connection.
#[derive(Clone)]
pub struct ScheduleClient {
    client: ScheduleServiceClient<Transport>,
}

/// How [`ScheduleClient::create`] leaves a new schedule.
#[derive(Debug, Clone, Default)]
pub struct CreateOptions {
    /// Create it paused: its cron ticks start nothing until it is unpaused.
    pub paused: bool,
    /// Why (shown by describe).
    pub note: String,
}

impl ScheduleClient {
    pub(crate) fn new(channel: Transport) -> Self {
        Self {
            client: ScheduleServiceClient::new(channel),
        }
    }

    fn rpc(&self) -> ScheduleServiceClient<Transport> {
        self.client.clone()
    }

    /// Creates a running schedule. An id already in use is refused (`Aborted`).
    pub async fn create(
        &self,
        id: &str,
        definition: ScheduleDefinition,
    ) -> Result<ScheduleDescription, Error> {
        self.create_with(id, definition, CreateOptions::default())
            .await
    }

    /// Creates a schedule, paused if `options` says so.
    pub async fn create_with(
        &self,
        id: &str,
        definition: ScheduleDefinition,
        options: CreateOptions,
    ) -> Result<ScheduleDescription, Error> {
        let request = v1::CreateScheduleRequest {
            schedule_id: id.to_owned(),
            definition: Some(definition.into()),
            paused: options.paused,
            note: options.note,
        };
        Ok(self
            .rpc()
            .create_schedule(request)
            .await?
            .into_inner()
            .try_into()?)
    }

    /// Every schedule, ordered by id, each with its next fire times, recent runs and counters.
    pub async fn list(&self) -> Result<Vec<ScheduleDescription>, Error> {
        let response = self
            .rpc()
            .list_schedules(v1::ListSchedulesRequest {})
            .await?
            .into_inner();
        Ok(response
            .schedules
            .into_iter()
            .map(ScheduleDescription::try_from)
            .collect::<Result<_, _>>()?)
    }

    /// The schedule, its next 5 fire times, its recent runs (newest first, with their state),
    /// its open runs and its counters.
    pub async fn describe(&self, id: &str) -> Result<ScheduleDescription, Error> {
        let request = v1::DescribeScheduleRequest {
            schedule_id: id.to_owned(),
        };
        Ok(self
            .rpc()
            .describe_schedule(request)
            .await?
            .into_inner()
            .try_into()?)
    }

    /// Replaces the definition; the schedule's runs, counters and paused flag are kept.
    pub async fn update(
        &self,
        id: &str,
        definition: ScheduleDefinition,
    ) -> Result<ScheduleDescription, Error> {
        let request = v1::UpdateScheduleRequest {
            schedule_id: id.to_owned(),
            definition: Some(definition.into()),
        };
        Ok(self
            .rpc()
            .update_schedule(request)
            .await?
            .into_inner()
            .try_into()?)
    }

    /// Pauses the schedule with a note saying why. Ticks that pass while it is paused are not
    /// run later; trigger and backfill still work.
    pub async fn pause(&self, id: &str, note: &str) -> Result<ScheduleDescription, Error> {
        let request = v1::PauseScheduleRequest {
            schedule_id: id.to_owned(),
            note: note.to_owned(),
        };
        Ok(self
            .rpc()
            .pause_schedule(request)
            .await?
            .into_inner()
            .try_into()?)
    }

    pub async fn unpause(&self, id: &str, note: &str) -> Result<ScheduleDescription, Error> {
        let request = v1::UnpauseScheduleRequest {
            schedule_id: id.to_owned(),
            note: note.to_owned(),
        };
        Ok(self
            .rpc()
            .unpause_schedule(request)
            .await?
            .into_inner()
            .try_into()?)
    }

    /// Starts one run now, subject to the schedule's overlap policy.
    pub async fn trigger(&self, id: &str) -> Result<Triggered, Error> {
        let request = v1::TriggerScheduleRequest {
            schedule_id: id.to_owned(),
        };
        Ok(self
            .rpc()
            .trigger_schedule(request)
            .await?
            .into_inner()
            .try_into()?)
    }

    /// Runs the ticks the spec has in `[start, end]` (ms since the epoch) under `overlap`
    /// (`None`: [`DEFAULT_BACKFILL_OVERLAP`], every tick in turn; the catch-up window does not
    /// apply); returns how many ticks the range holds.
    pub async fn backfill(
        &self,
        id: &str,
        start: Millis,
        end: Millis,
        overlap: Option<OverlapPolicy>,
    ) -> Result<u32, Error> {
        let request = v1::BackfillScheduleRequest {
            schedule_id: id.to_owned(),
            start_at_ms: start,
            end_at_ms: end,
            overlap: overlap.map_or(0, |o| v1::OverlapPolicy::from(o).into()),
        };
        Ok(self
            .rpc()
            .backfill_schedule(request)
            .await?
            .into_inner()
            .ticks)
    }

    /// Removes the schedule; the runs it started are not cancelled.
    pub async fn delete(&self, id: &str) -> Result<(), Error> {
        let request = v1::DeleteScheduleRequest {
            schedule_id: id.to_owned(),
        };
        self.rpc().delete_schedule(request).await?;
        Ok(())
    }
}
