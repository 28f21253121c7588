//! The planner: given a schedule as stored, which of its runs have finished, and the time,
//! what happens to each tick. Pure, so every rule (catch-up window, overlap policies, buffers,
//! pause) is a table test, and so two nodes planning from the same version decide the same.

use std::collections::HashSet;

use aether_types::schedule::{
    FireTimes, MAX_RECENT_RUNS, MAX_WAITING_TICKS, QueuedTick, ScheduleState, jitter_of,
};
use aether_types::{Millis, OverlapPolicy, ScheduleRow, ScheduleRun, TickOutcome, WorkflowId};

/// Most cron ticks one pass looks at. A long downtime of a frequent schedule is counted as
/// missed over several passes rather than in one unbounded loop.
pub const MAX_TICKS_PER_PASS: usize = 10_000;

/// Most open runs a schedule keeps track of. Only ALLOW_ALL lets more than two be open; past
/// this many, the oldest are forgotten (they run on, and no longer show as the schedule's), so
/// that the stored row and each pass's checks stay bounded.
pub const MAX_TRACKED_RUNS: usize = 1_000;

/// What happened to ticks in one plan, for the metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub started: u64,
    pub skipped: u64,
    pub missed: u64,
    pub buffered: u64,
}

/// A run to start once the plan is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Start {
    pub run: ScheduleRun,
    /// A backfilled tick's run: late on purpose, so its lag is not recorded.
    pub backfill: bool,
}

/// The outcome of one plan: the state to write, and what to do once it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub state: ScheduleState,
    /// Runs to start, in order (each is also in `state.running`).
    pub starts: Vec<Start>,
    /// Open runs to cancel before starting (CANCEL_OTHER).
    pub cancels: Vec<WorkflowId>,
    pub tally: Tally,
    /// What became of each extra tick (a trigger's), in order.
    pub outcomes: Vec<(Millis, TickOutcome)>,
    /// When the next cron tick is due (jitter included), if the spec has one.
    pub next_due: Option<Millis>,
}

struct Planner<'a> {
    row: &'a ScheduleRow,
    now: Millis,
    state: ScheduleState,
    starts: Vec<Start>,
    cancels: Vec<WorkflowId>,
    tally: Tally,
}

impl Planner<'_> {
    fn open(&self) -> usize {
        self.state.running.len()
    }

    fn start(&mut self, tick: QueuedTick) -> TickOutcome {
        let run = ScheduleRun {
            scheduled_at_ms: tick.scheduled_at,
            started_at_ms: self.now,
            workflow_id: self.row.id.run_id(tick.scheduled_at),
        };
        self.state.running.push(run.clone());
        if self.state.running.len() > MAX_TRACKED_RUNS {
            self.state.running.remove(0);
        }
        self.state.recent.insert(0, run.clone());
        self.state.recent.truncate(MAX_RECENT_RUNS);
        self.state.counters.actions_started += 1;
        self.tally.started += 1;
        self.starts.push(Start {
            run,
            backfill: tick.backfill,
        });
        TickOutcome::Started
    }

    fn skip(&mut self) -> TickOutcome {
        self.state.counters.skipped_overlap += 1;
        self.tally.skipped += 1;
        TickOutcome::Skipped
    }

    /// Holds the tick back, unless the buffer is full: a run stuck for a day under an
    /// every-second buffer-all schedule must not grow the stored row without bound.
    fn buffer(&mut self, tick: QueuedTick) -> TickOutcome {
        if self.state.buffer.len() + self.state.queued.len() >= MAX_WAITING_TICKS {
            return self.skip();
        }
        self.state.buffer.push(tick);
        self.state.counters.buffered += 1;
        self.tally.buffered += 1;
        TickOutcome::Buffered
    }

    /// One tick under its overlap policy.
    fn tick(&mut self, tick: QueuedTick) -> TickOutcome {
        if self.open() == 0 && self.state.buffer.is_empty() {
            return self.start(tick);
        }
        match tick.overlap {
            OverlapPolicy::AllowAll => self.start(tick),
            OverlapPolicy::Skip => self.skip(),
            OverlapPolicy::BufferOne if self.state.buffer.is_empty() => self.buffer(tick),
            OverlapPolicy::BufferOne => self.skip(),
            OverlapPolicy::BufferAll => self.buffer(tick),
            OverlapPolicy::CancelOther => {
                for run in &self.state.running {
                    if !self.cancels.contains(&run.workflow_id) {
                        self.cancels.push(run.workflow_id.clone());
                    }
                }
                // Cancelled runs end now; the new one is the only open run.
                self.state.running.clear();
                self.start(tick)
            }
        }
    }

    /// A buffered tick starts when nothing the schedule started is open: one at a time.
    fn start_buffered(&mut self) {
        if self.open() == 0 && !self.state.buffer.is_empty() {
            let tick = self.state.buffer.remove(0);
            self.start(tick);
        }
    }

    /// The cron ticks after the cursor that are due by now: run within the catch-up window,
    /// counted as missed beyond it. Returns when the next one is due.
    fn cron_ticks(&mut self, times: &FireTimes) -> Option<Millis> {
        let definition = &self.row.definition;
        for (seen, scheduled_at) in times.after(self.state.cursor).enumerate() {
            let due =
                scheduled_at + jitter_of(&self.row.id, scheduled_at, definition.spec.jitter_ms);
            if due > self.now {
                return Some(due);
            }
            if seen == MAX_TICKS_PER_PASS {
                // More to do: come back at once.
                return Some(self.now);
            }
            self.state.cursor = scheduled_at;
            if self.now - due > definition.catchup_window_ms {
                self.state.counters.missed_catchup += 1;
                self.tally.missed += 1;
                continue;
            }
            self.tick(QueuedTick {
                scheduled_at,
                overlap: definition.overlap,
                backfill: false,
            });
        }
        None
    }
}

/// Plans one pass over a schedule. `finished` holds the runs in `row.state.running` known to
/// have ended; `extra` holds ticks to consider first, with their own policy (a trigger's),
/// whose outcomes are returned. Ticks queued by a backfill come next, then the cron ticks due
/// by `now` (unless paused).
pub fn plan(
    row: &ScheduleRow,
    times: &FireTimes,
    now: Millis,
    finished: &HashSet<WorkflowId>,
    extra: &[QueuedTick],
) -> Plan {
    let mut state = row.state.clone();
    state
        .running
        .retain(|run| !finished.contains(&run.workflow_id));
    let queued = std::mem::take(&mut state.queued);
    let mut planner = Planner {
        row,
        now,
        state,
        starts: Vec::new(),
        cancels: Vec::new(),
        tally: Tally::default(),
    };
    planner.start_buffered();
    let outcomes = extra
        .iter()
        .map(|tick| (tick.scheduled_at, planner.tick(*tick)))
        .collect();
    for tick in queued {
        planner.tick(tick);
    }
    let next_due = if row.paused {
        None
    } else {
        planner.cron_ticks(times)
    };
    Plan {
        state: planner.state,
        starts: planner.starts,
        cancels: planner.cancels,
        tally: planner.tally,
        outcomes,
        next_due,
    }
}

/// When the schedule next needs a pass without anything else happening: its next cron tick's
/// due time (`None` when paused or ended). Queued and buffered ticks are the runner's to watch.
pub fn next_due(row: &ScheduleRow, times: &FireTimes) -> Option<Millis> {
    if row.paused {
        return None;
    }
    times.after(row.state.cursor).next().map(|scheduled_at| {
        scheduled_at + jitter_of(&row.id, scheduled_at, row.definition.spec.jitter_ms)
    })
}

#[cfg(test)]
mod tests;
