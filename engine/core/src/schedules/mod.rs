//! Schedules: workflow types started on cron expressions, on every engine node.
//!
//! - `plan`: pure. Given a schedule as stored, which of its runs have finished, and the time,
//!   which ticks start, which are skipped or buffered by the overlap policy, and which are
//!   missed outside the catch-up window. Fire times come from `aether_types::schedule`.
//! - `runner`: the loop every node runs. It wakes at the next due tick (or when a schedule
//!   changes on this node, or every second for changes made elsewhere), plans a pass over each
//!   due schedule, claims what it planned with one compare-and-set of the schedule's version,
//!   and only then cancels and starts runs.
//! - `api`: the [`Engine`](crate::Engine) methods the server calls.
//!
//! **Once per tick.** A run's id is derived from the schedule and the scheduled time
//! (`ScheduleId::run_id`), and a start with an existing id returns the existing run. A tick is
//! claimed by the write that records its run in the schedule's `running` list; of several
//! nodes planning from one version, one write wins and the others reload and find the tick
//! handled. A crash between the claim and the start leaves a claimed run that does not exist:
//! every pass starts such runs again, under the same id, so the tick starts exactly once.

mod api;
mod plan;
mod runner;

pub use plan::{MAX_TICKS_PER_PASS, MAX_TRACKED_RUNS, Plan, Start, Tally, next_due, plan};
