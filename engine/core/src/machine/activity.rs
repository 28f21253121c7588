//! Activities whose timeouts the engine enforces, and the workflow's execution timeout.
//!
//! A worker reports that an attempt of such an activity started (`ActivityStarted`, an action,
//! so recovery re-arms its deadlines); plain steps never do, and cost nothing here. The
//! activity's deadlines go through the same machinery as waits: the engine arms them in its
//! timer index, and [`WorkflowState::deadline_reached`] records what a passed one means, here a
//! `StepFailed` with a timeout failure (retried per the activity's policy) and the end of the
//! lease, so that the worker is told to abandon the attempt. Unlike a wait, a running activity
//! does not make the workflow wait: its worker holds the lease.
//!
//! Heartbeats are kept in memory, not in the log: a heartbeat moves a deadline but records no
//! action (no write, no fsync), and its details become durable with the attempt's failure
//! (`StepFailed::heartbeat_details`), which hands them to the next attempt. After a restart the
//! heartbeat clock starts again from the moment the workflow was loaded; a reload on the same
//! node keeps what the node heard ([`WorkflowState::remember`]).

use std::collections::BTreeMap;

use aether_types::{
    Action, ActivityTimeouts, AttemptRun, Failure, Millis, Payload, PendingActivity, RetryPolicy,
    StopReason, TaskToken, TimeoutKind, WorkerId, deadline_after as after,
};

use super::{Entry, StepState, WorkflowState, check_name, check_position, duration_millis};
use crate::{Error, Result, retry::backoff_delay};

/// The timer-index position of the workflow's own execution deadline: above every journal
/// position ([`super::MAX_POSITION`]).
pub const WORKFLOW_DEADLINE: u32 = u32::MAX;

/// Largest heartbeat details kept: they travel in the next task's journal.
pub const MAX_HEARTBEAT_DETAILS_BYTES: usize = 256 * 1024;

/// Most positions without an entry (plain steps' first attempts) whose heartbeats a workflow
/// keeps at once, and the most details they hold together: a bound on what heartbeats of
/// positions the engine cannot check cost in memory.
pub const MAX_UNTRACKED_HEARTBEATS: usize = 64;
pub const MAX_UNTRACKED_HEARTBEAT_BYTES: usize = 4 * MAX_HEARTBEAT_DETAILS_BYTES;

/// An activity with engine-enforced timeouts, from its first started attempt until it
/// completes or fails for good.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub name: String,
    /// The attempt running, or the last one that ran.
    pub attempt: u32,
    pub timeouts: ActivityTimeouts,
    pub retry: Option<RetryPolicy>,
    /// When the first attempt started: the schedule-to-close timeout runs from here.
    pub first_started_at: Millis,
    pub phase: Phase,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Running {
        started_at: Millis,
        run: AttemptRun,
    },
    /// The last attempt failed and its retry's backoff runs.
    Backoff,
    /// The backoff elapsed at `since`; the next attempt has not started yet.
    Ready {
        since: Millis,
    },
}

/// The last heartbeat of an attempt, in memory only.
#[derive(Debug, Clone, PartialEq)]
pub struct Heartbeat {
    pub attempt: u32,
    pub at: Millis,
    pub details: Option<Payload>,
}

/// A worker's report that an attempt started.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityStart {
    pub position: u32,
    pub name: String,
    pub attempt: u32,
    pub timeouts: ActivityTimeouts,
    pub retry: Option<RetryPolicy>,
}

impl Activity {
    /// Whether an attempt is running (rather than waiting out a backoff or ready to retry).
    pub fn is_running(&self) -> bool {
        matches!(self.phase, Phase::Running { .. })
    }

    /// The next deadline and which timeout it is. `heartbeat` is the attempt's last one;
    /// `known_since` is when this node began hearing heartbeats (its load of the workflow).
    /// `durable` leaves the heartbeat deadline out: it moves without an action, so only this
    /// node can enforce it.
    pub fn deadline(
        &self,
        heartbeat: Option<&Heartbeat>,
        known_since: Millis,
        durable: bool,
    ) -> Option<(Millis, TimeoutKind)> {
        let t = &self.timeouts;
        let mut next: Vec<(Millis, TimeoutKind)> = Vec::new();
        if let Some(ms) = t.schedule_to_close_ms {
            next.push((
                after(self.first_started_at, ms),
                TimeoutKind::ScheduleToClose,
            ));
        }
        match &self.phase {
            Phase::Running { started_at, .. } => {
                if let Some(ms) = t.start_to_close_ms {
                    next.push((after(*started_at, ms), TimeoutKind::StartToClose));
                }
                if let (Some(ms), false) = (t.heartbeat_ms, durable) {
                    let last = heartbeat
                        .filter(|h| h.attempt == self.attempt)
                        .map_or(*started_at, |h| h.at)
                        .max(known_since);
                    next.push((after(last, ms), TimeoutKind::Heartbeat));
                }
            }
            Phase::Ready { since } => {
                if let Some(ms) = t.schedule_to_start_ms {
                    next.push((after(*since, ms), TimeoutKind::ScheduleToStart));
                }
            }
            Phase::Backoff => {}
        }
        next.into_iter().min()
    }

    /// The latest a retry may be scheduled: past the schedule-to-close deadline none runs.
    pub fn retry_limit(&self) -> Option<Millis> {
        self.timeouts
            .schedule_to_close_ms
            .map(|ms| after(self.first_started_at, ms))
    }
}

/// Applies one action to the activities: the log's fold, also run at recovery.
pub(super) fn evolve(activities: &mut BTreeMap<u32, Activity>, action: &Action, at: Millis) {
    match action {
        Action::ActivityStarted {
            position,
            name,
            attempt,
            timeouts,
            retry,
            run,
        } => {
            let first_started_at = activities.get(position).map_or(at, |a| a.first_started_at);
            activities.insert(
                *position,
                Activity {
                    name: name.clone(),
                    attempt: *attempt,
                    timeouts: *timeouts,
                    retry: retry.clone(),
                    first_started_at,
                    phase: Phase::Running {
                        started_at: at,
                        run: run.clone(),
                    },
                },
            );
        }
        Action::StepCompleted { position, .. } => {
            activities.remove(position);
        }
        Action::StepFailed {
            position,
            attempt,
            retry_at,
            ..
        } => match retry_at {
            None => {
                activities.remove(position);
            }
            Some(_) => {
                if let Some(activity) = activities.get_mut(position) {
                    activity.attempt = *attempt;
                    activity.phase = Phase::Backoff;
                }
            }
        },
        Action::TimerFired { position } => {
            if let Some(activity) = activities.get_mut(position)
                && activity.phase == Phase::Backoff
            {
                activity.phase = Phase::Ready { since: at };
            }
        }
        _ => {}
    }
}

impl WorkflowState {
    /// A worker started an attempt of an activity with timeouts: recorded, so that the engine
    /// arms its deadlines. A repeat of the report for the attempt the same task runs changes
    /// nothing.
    pub fn start_activity(
        &mut self,
        token: &TaskToken,
        start: &ActivityStart,
        now: Millis,
    ) -> Result<Option<StopReason>> {
        if let Some(stop) = self.check_token(token) {
            return Ok(Some(stop));
        }
        check_position(start.position)?;
        check_name("activity name", &start.name)?;
        if start.attempt == 0 {
            return Err(Error::InvalidArgument("attempt numbers start at 1".into()));
        }
        if let Some(policy) = &start.retry {
            policy.validate().map_err(Error::InvalidArgument)?;
        }
        match self.entries.get(&start.position) {
            None => {}
            Some(Entry::Step {
                name,
                attempts,
                state,
                ..
            }) if *name == start.name => match state {
                // Already decided, or not due: the worker's report of the attempt gets the
                // recorded outcome.
                StepState::Completed(_) | StepState::Failed(_) | StepState::Backoff { .. } => {
                    return Ok(None);
                }
                StepState::RetryReady if start.attempt <= *attempts => return Ok(None),
                StepState::RetryReady => {}
            },
            Some(other) => {
                let message = super::non_determinism_message(
                    start.position,
                    other,
                    &format!("step '{}'", start.name),
                );
                self.fail_non_deterministic(message, now);
                return Ok(Some(StopReason::Closed));
            }
        }
        let run = self.attempt_run(None);
        if let Some(Activity {
            attempt,
            phase: Phase::Running { run: running, .. },
            ..
        }) = self.activities.get(&start.position)
            && *attempt == start.attempt
            && *running == run
        {
            return Ok(None);
        }
        self.record(
            Action::ActivityStarted {
                position: start.position,
                name: start.name.clone(),
                attempt: start.attempt,
                timeouts: start.timeouts,
                retry: start.retry.clone(),
                run,
            },
            now,
        );
        Ok(None)
    }

    /// A heartbeat of the attempt at `position`: proves it alive and keeps its latest details
    /// (in memory; see the module's comment). A heartbeat for an attempt that already ended, or
    /// for a position that runs no step (see `heartbeat_fits`), is ignored; one carrying a
    /// stale token gets STOP.
    pub fn record_heartbeat(
        &mut self,
        token: &TaskToken,
        position: u32,
        attempt: u32,
        details: Option<Payload>,
        now: Millis,
    ) -> Result<Option<StopReason>> {
        if let Some(stop) = self.check_token(token) {
            return Ok(Some(stop));
        }
        check_position(position)?;
        if details
            .as_ref()
            .is_some_and(|d| d.len() > MAX_HEARTBEAT_DETAILS_BYTES)
        {
            return Err(Error::TooLarge(format!(
                "heartbeat details are at most {MAX_HEARTBEAT_DETAILS_BYTES} bytes"
            )));
        }
        if self.attempt_open(position, attempt)
            && self.heartbeat_fits(position, attempt, details.as_ref().map_or(0, Vec::len))
        {
            let kept = self.heartbeats.entry(position).or_insert(Heartbeat {
                attempt,
                at: now,
                details: None,
            });
            if kept.attempt <= attempt {
                kept.attempt = attempt;
                kept.at = now;
                if details.is_some() {
                    kept.details = details;
                }
            }
        }
        Ok(None)
    }

    /// Whether a heartbeat of `attempt` at `position` may be kept: at a started activity, at a
    /// step whose retry is due, or (the first attempt of a plain step, which the log knows
    /// nothing of yet) at a position without an entry, within a per-workflow budget. Any other
    /// position is not running a step, and a worker must not grow the state through it.
    fn heartbeat_fits(&self, position: u32, attempt: u32, details_len: usize) -> bool {
        if self.activities.contains_key(&position) {
            return true;
        }
        match self.entries.get(&position) {
            Some(Entry::Step {
                state: StepState::RetryReady,
                attempts,
                ..
            }) => attempt > *attempts,
            Some(_) => false,
            None => {
                let others = self
                    .heartbeats
                    .iter()
                    .filter(|(p, _)| **p != position && self.is_untracked(**p));
                let (count, bytes) = others.fold((0, 0), |(count, bytes), (_, h)| {
                    (count + 1, bytes + h.details.as_ref().map_or(0, Vec::len))
                });
                count < MAX_UNTRACKED_HEARTBEATS
                    && bytes + details_len <= MAX_UNTRACKED_HEARTBEAT_BYTES
            }
        }
    }

    /// A position neither the log nor the activities know: a plain step's first attempt.
    fn is_untracked(&self, position: u32) -> bool {
        !self.activities.contains_key(&position) && !self.entries.contains_key(&position)
    }

    /// Whether the log leaves `attempt` at `position` undecided, so that its heartbeats count.
    pub(super) fn attempt_open(&self, position: u32, attempt: u32) -> bool {
        !matches!(
            self.entries.get(&position),
            Some(Entry::Step {
                state: StepState::Completed(_) | StepState::Failed(_) | StepState::Backoff { .. },
                attempts,
                ..
            }) if *attempts >= attempt
        )
    }

    /// The heartbeat details a failure of the attempt at `position` records: its own latest,
    /// or those an earlier attempt left.
    pub(super) fn heartbeat_details(&self, position: u32) -> Option<Payload> {
        self.heartbeats
            .get(&position)
            .and_then(|h| h.details.clone())
            .or_else(|| match self.entries.get(&position) {
                Some(Entry::Step { heartbeat, .. }) => heartbeat.clone(),
                _ => None,
            })
    }

    /// The next deadline of the activity at `position`, heartbeat included.
    pub fn activity_deadline(&self, position: u32) -> Option<Millis> {
        let activity = self.activities.get(&position)?;
        activity
            .deadline(self.heartbeats.get(&position), self.loaded_at, false)
            .map(|(at, _)| at)
    }

    /// The earliest deadline every node can enforce from the log: activities' (heartbeats
    /// aside) and the execution timeout.
    pub(super) fn durable_due_at(&self) -> Option<Millis> {
        self.activities
            .values()
            .filter_map(|a| a.deadline(None, self.loaded_at, true).map(|(at, _)| at))
            .chain(self.execution_deadline.filter(|_| !self.is_terminal()))
            .min()
    }

    /// What status shows of the activities in progress.
    pub fn pending_activities(&self) -> Vec<PendingActivity> {
        self.activities
            .iter()
            .map(|(&position, activity)| {
                let heartbeat = self
                    .heartbeats
                    .get(&position)
                    .filter(|h| h.attempt == activity.attempt);
                let (attempt, started_at) = match &activity.phase {
                    Phase::Running { started_at, .. } => (activity.attempt, Some(*started_at)),
                    Phase::Backoff | Phase::Ready { .. } => (activity.attempt + 1, None),
                };
                PendingActivity {
                    position,
                    name: activity.name.clone(),
                    attempt,
                    started_at,
                    last_heartbeat_at: heartbeat.map(|h| h.at),
                    heartbeat_details: self.heartbeat_details(position),
                    deadline: activity.deadline(
                        self.heartbeats.get(&position),
                        self.loaded_at,
                        false,
                    ),
                }
            })
            .collect()
    }

    /// Passed deadlines of the activity at `position` fail its attempt; otherwise the next one.
    pub(super) fn activity_deadline_reached(
        &mut self,
        position: u32,
        now: Millis,
    ) -> Option<Millis> {
        let activity = self.activities.get(&position)?;
        let (at, kind) =
            activity.deadline(self.heartbeats.get(&position), self.loaded_at, false)?;
        if at > now {
            return Some(at);
        }
        self.time_out(position, kind, now);
        self.activity_deadline(position)
    }

    /// Fails the activity at `position` because `kind` passed: the attempt that ran (or the one
    /// that never started) is recorded as failed with a timeout failure and retried per the
    /// activity's policy, and the lease ends, so its worker is told to drop the execution.
    fn time_out(&mut self, position: u32, kind: TimeoutKind, now: Millis) {
        let Some(activity) = self.activities.get(&position).cloned() else {
            return;
        };
        let (attempt, run, what) = match &activity.phase {
            Phase::Running { run, started_at } => (
                activity.attempt,
                run.clone(),
                format!("started {} ms ago", now - started_at),
            ),
            Phase::Backoff => (
                activity.attempt,
                AttemptRun::default(),
                "waiting to retry".to_owned(),
            ),
            Phase::Ready { since } => (
                activity.attempt + 1,
                AttemptRun::default(),
                format!("not started {} ms after it was due", now - since),
            ),
        };
        let limit = match kind {
            TimeoutKind::Heartbeat => activity.timeouts.heartbeat_ms,
            TimeoutKind::StartToClose => activity.timeouts.start_to_close_ms,
            TimeoutKind::ScheduleToStart => activity.timeouts.schedule_to_start_ms,
            TimeoutKind::ScheduleToClose | TimeoutKind::Execution => {
                activity.timeouts.schedule_to_close_ms
            }
        }
        .unwrap_or_default();
        let failure = Failure::timeout(
            kind,
            format!(
                "activity '{}' attempt {attempt} timed out: {kind} timeout of {limit} ms passed ({what})",
                activity.name
            ),
        );
        let retry_at = activity
            .retry
            .as_ref()
            .filter(|policy| policy.allows_retry_after(attempt, &failure))
            .map(|policy| now.saturating_add(duration_millis(backoff_delay(policy, attempt))))
            .filter(|retry_at| activity.retry_limit().is_none_or(|limit| *retry_at < limit));
        let heartbeat_details = self.heartbeat_details(position);
        self.record(
            Action::StepFailed {
                position,
                name: activity.name.clone(),
                attempt,
                failure,
                retry_at,
                run,
                heartbeat_details,
            },
            now,
        );
        self.release_lease();
    }

    /// The workflow's execution timeout passed: it fails (its lease ends and, as for a
    /// cancellation, its worker is told and its children are cancelled).
    pub(super) fn execution_deadline_reached(&mut self, now: Millis) -> Option<Millis> {
        let at = self.execution_deadline?;
        if self.is_terminal() {
            return None;
        }
        if at > now {
            return Some(at);
        }
        let limit = at - self.row.created_at;
        self.record(
            Action::WorkflowFailed {
                failure: Failure::timeout(
                    TimeoutKind::Execution,
                    format!(
                        "workflow {} timed out: its execution timeout of {limit} ms passed",
                        self.row.id
                    ),
                ),
            },
            now,
        );
        None
    }

    /// Where the current lease's task runs, for the attempt record.
    pub(super) fn attempt_run(&self, duration_ms: Option<u64>) -> AttemptRun {
        AttemptRun {
            worker_id: self.row.lease.as_ref().map(|l| l.worker_id.to_string()),
            leased_at: self.row.lease.as_ref().map(|l| l.leased_at),
            duration_ms,
        }
    }

    /// A worker the next dispatch should avoid: the one whose attempt the engine just timed
    /// out (it may be stuck), unless the workflow has moved on since.
    pub fn avoid_worker(&self) -> Option<WorkerId> {
        self.avoid.clone()
    }
}
