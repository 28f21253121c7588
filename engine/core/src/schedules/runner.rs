//! The schedule runner: a pass over one schedule (load, check its open runs, plan, claim by
//! compare-and-set, then cancel and start), and the loop that decides when each schedule
//! needs one.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use aether_types::schedule::QueuedTick;
use aether_types::{
    Millis, ScheduleId, ScheduleRow, ScheduleRun, TickOutcome, metrics as m, now_millis,
};
use metrics::{counter, histogram};

use super::plan::{Tally, next_due, plan};
use crate::{Engine, Error, Result, StartWorkflow};

/// Attempts of one pass against concurrent writers before giving up until the next wake.
const MAX_ATTEMPTS: usize = 16;
/// The longest the loop sleeps: schedules created or changed on other nodes are seen this late.
const IDLE: Duration = Duration::from_secs(1);
/// How often a schedule holding buffered ticks looks for its open runs' end.
const BUFFER_POLL: Duration = Duration::from_millis(200);
/// How often a schedule with open runs checks them (forgets finished ones, starts claimed ones
/// a crash left unstarted) when nothing else brings a pass.
const RUNS_CHECK_MS: Millis = 5_000;

/// What a pass did.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pass {
    /// What became of the extra ticks, in order.
    pub outcomes: Vec<(Millis, TickOutcome)>,
    /// When the next cron tick is due.
    pub next_due: Option<Millis>,
    /// Whether ticks are waiting (buffered or queued), which the loop polls for.
    pub waiting: bool,
}

fn waiting(row: &ScheduleRow) -> bool {
    !row.state.buffer.is_empty() || !row.state.queued.is_empty()
}

fn record(tally: Tally) {
    for (result, n) in [
        ("started", tally.started),
        ("skipped", tally.skipped),
        ("missed", tally.missed),
        ("buffered", tally.buffered),
    ] {
        if n > 0 {
            counter!(m::SCHEDULE_ACTIONS, "result" => result).increment(n);
        }
    }
}

impl Engine {
    /// Starts a claimed run through the normal start path. Starting an id that exists returns
    /// the existing run, so repeating this (after a crash, or on two nodes) starts it once.
    /// The lag is recorded by whoever creates the run, unless it is a backfill's (late on
    /// purpose) or a restart of a run a crash left unstarted (its origin is not kept).
    async fn start_run(
        &self,
        row: &ScheduleRow,
        run: &ScheduleRun,
        record_lag: bool,
    ) -> Result<()> {
        let started = self
            .start_workflow(StartWorkflow {
                workflow_type: row.definition.action.workflow_type.clone(),
                input: row.definition.action.input.clone(),
                workflow_id: Some(run.workflow_id.clone()),
                parent: None,
                // A schedule's action has no execution timeout of its own (yet).
                execution_timeout_ms: None,
            })
            .await?;
        if started.created {
            let lag = (now_millis() - run.scheduled_at_ms).max(0);
            if record_lag {
                histogram!(m::SCHEDULE_LAG).record(lag as f64 / 1000.0);
            }
            tracing::debug!(schedule = %row.id, workflow_id = %run.workflow_id, lag_ms = lag, "schedule started a run");
        }
        Ok(())
    }

    /// One pass over a schedule: `extra` ticks (a trigger's) first, then queued, buffered and
    /// due cron ticks. `None` if the schedule does not exist.
    pub(crate) async fn schedule_pass(
        &self,
        id: &ScheduleId,
        extra: &[QueuedTick],
    ) -> Result<Option<Pass>> {
        let store = self.store();
        for _ in 0..MAX_ATTEMPTS {
            let Some(row) = store.schedule(id).await? else {
                return Ok(None);
            };
            let times = row.definition.fire_times()?;
            let mut finished = HashSet::new();
            for run in &row.state.running {
                match self.status(&run.workflow_id).await {
                    Ok(info) if info.row.status.is_terminal() => {
                        finished.insert(run.workflow_id.clone());
                    }
                    Ok(_) => {}
                    // Claimed, but the start was cut off (or another node's is in flight).
                    Err(Error::WorkflowNotFound(_)) => {
                        if let Err(err) = self.start_run(&row, run, false).await {
                            tracing::warn!(schedule = %id, workflow_id = %run.workflow_id, error = %err, "could not start a schedule's run; retrying");
                        }
                    }
                    // One run that cannot be read must not stop its schedule: it counts as
                    // still open until it can.
                    Err(err) => {
                        tracing::warn!(schedule = %id, workflow_id = %run.workflow_id, error = %err, "could not read a schedule's run; counting it as open");
                    }
                }
            }
            let planned = plan(&row, &times, now_millis(), &finished, extra);
            if planned.state == row.state {
                return Ok(Some(Pass {
                    outcomes: planned.outcomes,
                    next_due: planned.next_due,
                    waiting: waiting(&row),
                }));
            }
            let mut next = row.clone();
            next.state = planned.state;
            next.version += 1;
            match store.put_schedule(&next, row.version).await {
                Ok(()) => {}
                Err(aether_store::Error::ScheduleConflict(_)) => continue,
                Err(err) => return Err(err.into()),
            }
            record(planned.tally);
            for workflow_id in &planned.cancels {
                let reason =
                    format!("schedule {id} started a new run (overlap policy cancel-other)");
                match self.cancel(workflow_id, reason).await {
                    Ok(_) | Err(Error::FailedPrecondition(_) | Error::WorkflowNotFound(_)) => {}
                    Err(err) => {
                        tracing::warn!(schedule = %id, %workflow_id, error = %err, "could not cancel a schedule's run");
                    }
                }
            }
            for start in &planned.starts {
                let run = &start.run;
                if let Err(err) = self.start_run(&next, run, !start.backfill).await {
                    // Claimed: the next pass starts it under the same id.
                    tracing::warn!(schedule = %id, workflow_id = %run.workflow_id, error = %err, "could not start a schedule's run; retrying");
                }
            }
            return Ok(Some(Pass {
                outcomes: planned.outcomes,
                next_due: planned.next_due,
                waiting: waiting(&next),
            }));
        }
        Err(Error::ScheduleContended(id.clone()))
    }

    /// The runner every node runs: wakes at the next due tick, when a schedule changes on this
    /// node, or every [`IDLE`], and passes over each schedule that has something to do.
    pub(crate) async fn run_schedules(self) {
        let shutdown = self.shutdown_token();
        // When each schedule's open runs were last checked; empty at start-up, so the first
        // round checks them all (and starts runs a crash left claimed but unstarted).
        let mut checked: HashMap<ScheduleId, Millis> = HashMap::new();
        loop {
            let now = now_millis();
            let mut wake = now + IDLE.as_millis() as Millis;
            match self.store().schedules().await {
                Ok(rows) => {
                    checked.retain(|id, _| rows.iter().any(|row| &row.id == id));
                    for row in rows {
                        let Ok(times) = row.definition.fire_times() else {
                            tracing::warn!(schedule = %row.id, "a stored schedule's spec does not compile; skipped");
                            continue;
                        };
                        let mut due = next_due(&row, &times);
                        let mut waits = waiting(&row);
                        let runs_unchecked = checked
                            .get(&row.id)
                            .is_none_or(|at| now - at >= RUNS_CHECK_MS);
                        let needs_pass = waits
                            || due.is_some_and(|at| at <= now)
                            || (runs_unchecked && !row.state.running.is_empty())
                            || !checked.contains_key(&row.id);
                        if needs_pass {
                            match self.schedule_pass(&row.id, &[]).await {
                                Ok(Some(pass)) => {
                                    due = pass.next_due;
                                    waits = pass.waiting;
                                    checked.insert(row.id.clone(), now);
                                }
                                Ok(None) => continue,
                                Err(err) => {
                                    tracing::warn!(schedule = %row.id, error = %err, "schedule pass failed; retrying");
                                    waits = true;
                                }
                            }
                        }
                        if let Some(at) = due {
                            wake = wake.min(at);
                        }
                        if waits {
                            wake = wake.min(now + BUFFER_POLL.as_millis() as Millis);
                        }
                    }
                }
                Err(err) => tracing::warn!(error = %err, "could not list schedules; retrying"),
            }
            let sleep = Duration::from_millis(u64::try_from(wake - now_millis()).unwrap_or(0));
            tokio::select! {
                () = tokio::time::sleep(sleep) => {}
                () = self.schedules_changed().notified() => {}
                () = shutdown.cancelled() => return,
            }
        }
    }
}
