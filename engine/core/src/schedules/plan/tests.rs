//! The planner's rules, one table row each: given a schedule's state, the finished runs and
//! the time, which ticks start, which are skipped, buffered or missed.

use std::collections::HashSet;

use aether_types::schedule::{QueuedTick, ScheduleState};
use aether_types::{
    OverlapPolicy, ScheduleAction, ScheduleDefinition, ScheduleId, ScheduleRow, ScheduleRun,
    ScheduleSpec, TickOutcome, WorkflowId,
};

use super::{Plan, Tally, plan};

/// A schedule firing every `every` seconds, whose cursor is at 0.
fn schedule(every: u32, overlap: OverlapPolicy) -> ScheduleRow {
    let definition = ScheduleDefinition {
        spec: ScheduleSpec {
            cron: format!("*/{every} * * * * *"),
            time_zone: "UTC".into(),
            jitter_ms: 0,
            start_at_ms: None,
            end_at_ms: None,
        },
        action: ScheduleAction {
            workflow_type: "job".into(),
            input: Vec::new(),
        },
        overlap,
        catchup_window_ms: 60_000,
    };
    let id = ScheduleId::parse("s").unwrap_or_else(|e| panic!("{e}"));
    ScheduleRow::new(id, definition, false, String::new(), 0)
}

fn run(at: i64) -> ScheduleRun {
    ScheduleRun {
        scheduled_at_ms: at,
        started_at_ms: at,
        workflow_id: id_at(at),
    }
}

fn id_at(at: i64) -> WorkflowId {
    ScheduleId::parse("s")
        .unwrap_or_else(|e| panic!("{e}"))
        .run_id(at)
}

fn planned(row: &ScheduleRow, now: i64, finished: &[i64], extra: &[QueuedTick]) -> Plan {
    let times = row
        .definition
        .fire_times()
        .unwrap_or_else(|e| panic!("{e}"));
    let finished: HashSet<WorkflowId> = finished.iter().map(|at| id_at(*at)).collect();
    plan(row, &times, now, &finished, extra)
}

fn started(plan: &Plan) -> Vec<i64> {
    plan.starts.iter().map(|s| s.run.scheduled_at_ms).collect()
}

fn buffered(state: &ScheduleState) -> Vec<i64> {
    state.buffer.iter().map(|t| t.scheduled_at).collect()
}

fn tally(started: u64, skipped: u64, missed: u64, buffered: u64) -> Tally {
    Tally {
        started,
        skipped,
        missed,
        buffered,
    }
}

struct Case {
    name: &'static str,
    every: u32,
    overlap: OverlapPolicy,
    /// Runs open before the pass.
    running: &'static [i64],
    /// Ticks a buffering policy held before the pass.
    buffer: &'static [i64],
    finished: &'static [i64],
    now: i64,
    starts: &'static [i64],
    cancels: &'static [i64],
    tally: Tally,
    buffer_after: &'static [i64],
    cursor_after: i64,
}

#[test]
fn ticks_follow_the_overlap_policy_and_the_catch_up_window() {
    let cases = [
        Case {
            name: "due ticks start in order; the next one is not yet due",
            every: 1,
            overlap: OverlapPolicy::AllowAll,
            running: &[],
            buffer: &[],
            finished: &[],
            now: 3_500,
            starts: &[1_000, 2_000, 3_000],
            cancels: &[],
            tally: tally(3, 0, 0, 0),
            buffer_after: &[],
            cursor_after: 3_000,
        },
        Case {
            name: "skip: an open run skips the tick",
            every: 1,
            overlap: OverlapPolicy::Skip,
            running: &[0],
            buffer: &[],
            finished: &[],
            now: 1_000,
            starts: &[],
            cancels: &[],
            tally: tally(0, 1, 0, 0),
            buffer_after: &[],
            cursor_after: 1_000,
        },
        Case {
            name: "skip: a finished run no longer counts",
            every: 1,
            overlap: OverlapPolicy::Skip,
            running: &[0],
            buffer: &[],
            finished: &[0],
            now: 1_000,
            starts: &[1_000],
            cancels: &[],
            tally: tally(1, 0, 0, 0),
            buffer_after: &[],
            cursor_after: 1_000,
        },
        Case {
            name: "skip: of several due ticks with nothing open, the first starts",
            every: 1,
            overlap: OverlapPolicy::Skip,
            running: &[],
            buffer: &[],
            finished: &[],
            now: 3_000,
            starts: &[1_000],
            cancels: &[],
            tally: tally(1, 2, 0, 0),
            buffer_after: &[],
            cursor_after: 3_000,
        },
        Case {
            name: "buffer-one: one tick waits, later ones are skipped",
            every: 1,
            overlap: OverlapPolicy::BufferOne,
            running: &[0],
            buffer: &[],
            finished: &[],
            now: 3_000,
            starts: &[],
            cancels: &[],
            tally: tally(0, 2, 0, 1),
            buffer_after: &[1_000],
            cursor_after: 3_000,
        },
        Case {
            name: "buffer-one: the buffered tick starts when the open run finishes",
            every: 10,
            overlap: OverlapPolicy::BufferOne,
            running: &[0],
            buffer: &[1_000],
            finished: &[0],
            now: 5_000,
            starts: &[1_000],
            cancels: &[],
            tally: tally(1, 0, 0, 0),
            buffer_after: &[],
            cursor_after: 0,
        },
        Case {
            name: "buffer-all: every tick waits",
            every: 1,
            overlap: OverlapPolicy::BufferAll,
            running: &[0],
            buffer: &[],
            finished: &[],
            now: 3_000,
            starts: &[],
            cancels: &[],
            tally: tally(0, 0, 0, 3),
            buffer_after: &[1_000, 2_000, 3_000],
            cursor_after: 3_000,
        },
        Case {
            name: "buffer-all: buffered ticks start one at a time",
            every: 10,
            overlap: OverlapPolicy::BufferAll,
            running: &[0],
            buffer: &[1_000, 2_000],
            finished: &[0],
            now: 5_000,
            starts: &[1_000],
            cancels: &[],
            tally: tally(1, 0, 0, 0),
            buffer_after: &[2_000],
            cursor_after: 0,
        },
        Case {
            name: "cancel-other: the open run is cancelled and the tick starts",
            every: 1,
            overlap: OverlapPolicy::CancelOther,
            running: &[0],
            buffer: &[],
            finished: &[],
            now: 1_000,
            starts: &[1_000],
            cancels: &[0],
            tally: tally(1, 0, 0, 0),
            buffer_after: &[],
            cursor_after: 1_000,
        },
        Case {
            name: "allow-all: ticks start whatever is open",
            every: 1,
            overlap: OverlapPolicy::AllowAll,
            running: &[0],
            buffer: &[],
            finished: &[],
            now: 2_000,
            starts: &[1_000, 2_000],
            cancels: &[],
            tally: tally(2, 0, 0, 0),
            buffer_after: &[],
            cursor_after: 2_000,
        },
        Case {
            name: "after downtime, ticks older than the window are missed, never run",
            every: 10,
            overlap: OverlapPolicy::AllowAll,
            running: &[],
            buffer: &[],
            finished: &[],
            now: 100_000,
            starts: &[40_000, 50_000, 60_000, 70_000, 80_000, 90_000, 100_000],
            cancels: &[],
            tally: tally(7, 0, 3, 0),
            buffer_after: &[],
            cursor_after: 100_000,
        },
    ];
    for case in cases {
        let mut row = schedule(case.every, case.overlap);
        row.state.running = case.running.iter().map(|at| run(*at)).collect();
        row.state.buffer = case
            .buffer
            .iter()
            .map(|at| QueuedTick {
                scheduled_at: *at,
                overlap: case.overlap,
                backfill: false,
            })
            .collect();
        let plan = planned(&row, case.now, case.finished, &[]);
        let name = case.name;
        assert_eq!(started(&plan), case.starts, "{name}: starts");
        let cancels: Vec<WorkflowId> = case.cancels.iter().map(|at| id_at(*at)).collect();
        assert_eq!(plan.cancels, cancels, "{name}: cancels");
        assert_eq!(plan.tally, case.tally, "{name}: tally");
        assert_eq!(buffered(&plan.state), case.buffer_after, "{name}: buffer");
        assert_eq!(plan.state.cursor, case.cursor_after, "{name}: cursor");
        let counters = plan.state.counters;
        assert_eq!(
            (
                counters.actions_started,
                counters.skipped_overlap,
                counters.missed_catchup,
                counters.buffered
            ),
            (
                case.tally.started,
                case.tally.skipped,
                case.tally.missed,
                case.tally.buffered
            ),
            "{name}: counters"
        );
    }
}

#[test]
fn started_runs_are_open_and_recent_and_named_by_their_tick() {
    let row = schedule(1, OverlapPolicy::AllowAll);
    let plan = planned(&row, 2_000, &[], &[]);
    let running: Vec<WorkflowId> = plan
        .state
        .running
        .iter()
        .map(|r| r.workflow_id.clone())
        .collect();
    assert_eq!(running, vec![id_at(1_000), id_at(2_000)]);
    let recent: Vec<i64> = plan
        .state
        .recent
        .iter()
        .map(|r| r.scheduled_at_ms)
        .collect();
    assert_eq!(recent, vec![2_000, 1_000], "newest first");
    assert_eq!(plan.next_due, Some(3_000));
    assert_eq!(
        plan.starts[0].run.workflow_id.as_str(),
        "s@1970-01-01T00:00:01Z"
    );
}

#[test]
fn a_paused_schedule_runs_no_cron_tick_but_a_trigger_still_applies_its_policy() {
    let mut row = schedule(1, OverlapPolicy::Skip);
    row.paused = true;
    let trigger = QueuedTick {
        scheduled_at: 4_321,
        overlap: OverlapPolicy::Skip,
        backfill: false,
    };
    let plan = planned(&row, 5_000, &[], &[trigger]);
    assert_eq!(started(&plan), vec![4_321]);
    assert_eq!(plan.outcomes, vec![(4_321, TickOutcome::Started)]);
    assert_eq!(plan.state.cursor, 0, "paused: the cursor stays");
    assert_eq!(plan.next_due, None);

    // Triggered again while that run is open: skipped by the policy.
    row.state = plan.state;
    let again = QueuedTick {
        scheduled_at: 6_000,
        overlap: OverlapPolicy::Skip,
        backfill: false,
    };
    let plan = planned(&row, 6_000, &[], &[again]);
    assert_eq!(plan.outcomes, vec![(6_000, TickOutcome::Skipped)]);
}

#[test]
fn backfilled_ticks_use_their_own_policy_and_ignore_the_window() {
    let mut row = schedule(30, OverlapPolicy::Skip);
    row.state.cursor = 1_000_000;
    row.state.queued = [1_000, 2_000, 3_000]
        .into_iter()
        .map(|at| QueuedTick {
            scheduled_at: at,
            overlap: OverlapPolicy::BufferAll,
            backfill: true,
        })
        .collect();
    let plan = planned(&row, 1_000_500, &[], &[]);
    assert_eq!(started(&plan), vec![1_000]);
    assert!(plan.starts[0].backfill, "no lag is recorded for a backfill");
    assert_eq!(buffered(&plan.state), vec![2_000, 3_000]);
    assert!(plan.state.queued.is_empty());

    // A buffered backfill tick is still a backfill's when it starts.
    row.state = plan.state;
    let plan = planned(&row, 1_000_600, &[1_000], &[]);
    assert_eq!(started(&plan), vec![2_000]);
    assert!(plan.starts[0].backfill);
    let cron = planned(&schedule(1, OverlapPolicy::AllowAll), 1_000, &[], &[]);
    assert!(!cron.starts[0].backfill);
}

#[test]
fn jitter_delays_a_tick_the_same_way_every_time() {
    let mut row = schedule(10, OverlapPolicy::AllowAll);
    row.definition.spec.jitter_ms = 5_000;
    let times = row
        .definition
        .fire_times()
        .unwrap_or_else(|e| panic!("{e}"));
    let due = super::next_due(&row, &times).unwrap_or_default();
    assert!((10_000..15_000).contains(&due), "{due}");
    assert!(started(&planned(&row, due - 1, &[], &[])).is_empty());
    assert_eq!(started(&planned(&row, due, &[], &[])), vec![10_000]);
}

#[test]
fn allow_all_keeps_track_of_a_bounded_number_of_open_runs() {
    let mut row = schedule(1, OverlapPolicy::AllowAll);
    row.definition.catchup_window_ms = 10_000_000;
    let extra = super::MAX_TRACKED_RUNS as i64 + 5;
    let plan = planned(&row, extra * 1_000, &[], &[]);
    assert_eq!(plan.starts.len() as i64, extra, "every tick starts");
    assert_eq!(plan.state.running.len(), super::MAX_TRACKED_RUNS);
    assert_eq!(
        plan.state.running[0].scheduled_at_ms, 6_000,
        "the oldest are forgotten"
    );
}

#[test]
fn buffer_all_holds_a_bounded_number_of_ticks_and_skips_the_rest() {
    let mut row = schedule(1, OverlapPolicy::BufferAll);
    row.state.running.push(run(0));
    // A run open for a long time: the buffer is two ticks short of full.
    let limit = aether_types::schedule::MAX_WAITING_TICKS;
    row.state.buffer = (0..limit - 2)
        .map(|i| QueuedTick {
            scheduled_at: -(i as i64) - 1,
            overlap: OverlapPolicy::BufferAll,
            backfill: false,
        })
        .collect();
    let plan = planned(&row, 5_000, &[], &[]);
    assert!(plan.starts.is_empty());
    assert_eq!(plan.state.buffer.len(), limit);
    assert_eq!(
        plan.tally,
        tally(0, 3, 0, 2),
        "two buffered, the rest skipped"
    );
    assert_eq!(
        plan.state.buffer.last().map(|t| t.scheduled_at),
        Some(2_000),
        "the oldest ticks are kept, the newest skipped"
    );
}
