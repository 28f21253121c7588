//! What the server calls: create, list, describe, update, pause, unpause, trigger, backfill and
//! delete schedules. Every change is a compare-and-set of the schedule's version, re-read and
//! re-applied when another writer (a runner, another node) got in first; invalid input is
//! refused before anything is written.

use aether_types::schedule::{
    MAX_BACKFILL_TICKS, MAX_WAITING_TICKS, PREVIEW_FIRE_TIMES, QueuedTick, RunSummary, ScheduleInfo,
};
use aether_types::{
    Millis, OverlapPolicy, ScheduleDefinition, ScheduleDescription, ScheduleId, ScheduleRow,
    TickOutcome, Triggered, WorkflowId, WorkflowStatus, now_millis,
};

use crate::{Engine, Error, Result, machine::check_name};

/// Attempts of a change against concurrent writers.
const MAX_ATTEMPTS: usize = 16;

fn validated(definition: ScheduleDefinition) -> Result<ScheduleDefinition> {
    let definition = definition.validate()?;
    check_name("workflow type", &definition.action.workflow_type)?;
    Ok(definition)
}

impl Engine {
    pub async fn create_schedule(
        &self,
        id: ScheduleId,
        definition: ScheduleDefinition,
        paused: bool,
        note: String,
    ) -> Result<ScheduleDescription> {
        let definition = validated(definition)?;
        let mut row = ScheduleRow::new(id, definition, paused, note, now_millis());
        row.version = 1;
        match self.store().put_schedule(&row, 0).await {
            Ok(()) => {}
            Err(aether_store::Error::ScheduleConflict(id)) => {
                return Err(Error::ScheduleExists(id));
            }
            Err(err) => return Err(err.into()),
        }
        self.schedules_changed().notify_one();
        self.describe(row).await
    }

    /// Every schedule, by id.
    pub async fn list_schedules(&self) -> Result<Vec<ScheduleDescription>> {
        let rows = self.store().schedules().await?;
        let mut described = Vec::with_capacity(rows.len());
        for row in rows {
            described.push(self.describe(row).await?);
        }
        Ok(described)
    }

    pub async fn describe_schedule(&self, id: &ScheduleId) -> Result<ScheduleDescription> {
        let row = self.stored_schedule(id).await?;
        self.describe(row).await
    }

    /// Replaces the definition; the state (cursor, runs, counters) and the paused flag stay.
    pub async fn update_schedule(
        &self,
        id: &ScheduleId,
        definition: ScheduleDefinition,
    ) -> Result<ScheduleDescription> {
        let definition = validated(definition)?;
        let row = self
            .change_schedule(id, |row, now| {
                // Ticks the new spec has before now were never due: do not run or count them
                // as missed (as unpausing does).
                if row.definition.spec != definition.spec {
                    row.state.cursor = row.state.cursor.max(now);
                }
                row.definition = definition.clone();
            })
            .await?;
        self.describe(row).await
    }

    pub async fn pause_schedule(
        &self,
        id: &ScheduleId,
        note: String,
    ) -> Result<ScheduleDescription> {
        let row = self
            .change_schedule(id, |row, _| {
                row.paused = true;
                row.note = note.clone();
            })
            .await?;
        self.describe(row).await
    }

    /// Ticks that passed while paused are not run: the cursor moves to now.
    pub async fn unpause_schedule(
        &self,
        id: &ScheduleId,
        note: String,
    ) -> Result<ScheduleDescription> {
        let row = self
            .change_schedule(id, |row, now| {
                if row.paused {
                    row.state.cursor = row.state.cursor.max(now);
                }
                row.paused = false;
                row.note = note.clone();
            })
            .await?;
        self.describe(row).await
    }

    /// Starts one run now, under the schedule's overlap policy (a paused schedule too).
    pub async fn trigger_schedule(&self, id: &ScheduleId) -> Result<Triggered> {
        let row = self.stored_schedule(id).await?;
        let tick = QueuedTick {
            scheduled_at: now_millis(),
            overlap: row.definition.overlap,
            backfill: false,
        };
        let pass = self
            .schedule_pass(id, &[tick])
            .await?
            .ok_or_else(|| Error::ScheduleNotFound(id.clone()))?;
        let outcome = pass
            .outcomes
            .first()
            .map_or(TickOutcome::Skipped, |(_, outcome)| *outcome);
        self.schedules_changed().notify_one();
        Ok(Triggered {
            scheduled_at_ms: tick.scheduled_at,
            workflow_id: id.run_id(tick.scheduled_at),
            outcome,
        })
    }

    /// Queues the spec's ticks in `[start, end]` under `overlap`, for the runner to start
    /// (the catch-up window does not apply). Returns how many were queued.
    pub async fn backfill_schedule(
        &self,
        id: &ScheduleId,
        start: Millis,
        end: Millis,
        overlap: OverlapPolicy,
    ) -> Result<usize> {
        if end < start {
            return Err(Error::InvalidArgument(format!(
                "the backfill ends ({end}) before it starts ({start})"
            )));
        }
        let row = self.stored_schedule(id).await?;
        let times = row.definition.fire_times()?;
        let ticks: Vec<QueuedTick> = times
            .between(start, end)
            .take(MAX_BACKFILL_TICKS + 1)
            .map(|scheduled_at| QueuedTick {
                scheduled_at,
                overlap,
                backfill: true,
            })
            .collect();
        if ticks.len() > MAX_BACKFILL_TICKS {
            return Err(Error::InvalidArgument(format!(
                "the backfill holds more than {MAX_BACKFILL_TICKS} ticks; split the range"
            )));
        }
        let count = ticks.len();
        let waiting = row.state.queued.len() + row.state.buffer.len();
        if waiting + count > MAX_WAITING_TICKS {
            return Err(Error::InvalidArgument(format!(
                "the schedule already holds {waiting} waiting ticks; with these {count} it would \
                 hold more than {MAX_WAITING_TICKS}: backfill a shorter range once they have run"
            )));
        }
        if count > 0 {
            self.change_schedule(id, |row, _| row.state.queued.extend(ticks.iter().copied()))
                .await?;
            self.schedules_changed().notify_one();
        }
        Ok(count)
    }

    /// Removes the schedule; the runs it started go on.
    pub async fn delete_schedule(&self, id: &ScheduleId) -> Result<()> {
        if self.store().delete_schedule(id).await? {
            Ok(())
        } else {
            Err(Error::ScheduleNotFound(id.clone()))
        }
    }

    /// The schedule's definition as stored, without describing its runs (for a caller that
    /// changes part of it).
    pub async fn schedule_definition(&self, id: &ScheduleId) -> Result<ScheduleDefinition> {
        Ok(self.stored_schedule(id).await?.definition)
    }

    async fn stored_schedule(&self, id: &ScheduleId) -> Result<ScheduleRow> {
        self.store()
            .schedule(id)
            .await?
            .ok_or_else(|| Error::ScheduleNotFound(id.clone()))
    }

    /// Applies `change` to the stored schedule and writes it over the version read, again on
    /// a lost race.
    async fn change_schedule(
        &self,
        id: &ScheduleId,
        change: impl Fn(&mut ScheduleRow, Millis),
    ) -> Result<ScheduleRow> {
        for _ in 0..MAX_ATTEMPTS {
            let read = self.stored_schedule(id).await?;
            let now = now_millis();
            let mut row = read.clone();
            change(&mut row, now);
            row.version = read.version + 1;
            row.updated_at = now;
            match self.store().put_schedule(&row, read.version).await {
                Ok(()) => {
                    self.schedules_changed().notify_one();
                    return Ok(row);
                }
                Err(aether_store::Error::ScheduleConflict(_)) => continue,
                Err(err) => return Err(err.into()),
            }
        }
        Err(Error::ScheduleContended(id.clone()))
    }

    /// A run's state for a description; `None` when it does not exist yet (its start is being
    /// retried) or cannot be read, so that one bad run never hides its schedule.
    async fn run_state(
        &self,
        schedule: &ScheduleId,
        workflow_id: &WorkflowId,
    ) -> Option<WorkflowStatus> {
        match self.status(workflow_id).await {
            Ok(info) => Some(info.row.status),
            Err(Error::WorkflowNotFound(_)) => None,
            Err(err) => {
                tracing::warn!(%schedule, %workflow_id, error = %err, "could not read a schedule's run");
                None
            }
        }
    }

    /// The schedule with its next fire times and its runs' states as of now.
    async fn describe(&self, row: ScheduleRow) -> Result<ScheduleDescription> {
        let times = row.definition.fire_times()?;
        let next_fire_times = times
            .after(now_millis().max(row.state.cursor))
            .take(PREVIEW_FIRE_TIMES)
            .collect();
        let mut recent = Vec::with_capacity(row.state.recent.len());
        for run in &row.state.recent {
            let state = self.run_state(&row.id, &run.workflow_id).await;
            recent.push(RunSummary {
                run: run.clone(),
                state,
            });
        }
        let mut running = Vec::new();
        for run in &row.state.running {
            let open = match recent.iter().find(|r| r.run.workflow_id == run.workflow_id) {
                Some(summary) => summary.state.is_none_or(|s| !s.is_terminal()),
                None => self
                    .run_state(&row.id, &run.workflow_id)
                    .await
                    .is_none_or(|s| !s.is_terminal()),
            };
            if open {
                running.push(run.workflow_id.clone());
            }
        }
        let info: ScheduleInfo = row.info();
        Ok(ScheduleDescription {
            schedule: info,
            next_fire_times,
            recent,
            running,
            counters: row.state.counters,
            waiting_ticks: row.waiting_ticks(),
        })
    }
}
