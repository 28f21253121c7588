//! What the engine counts about itself: totals since start-up, and [`window`], the last few
//! minutes in buckets, both for the engine's own API (`GetMetrics`, the dashboard); and
//! [`record`], what it reports to a Prometheus exporter through the `metrics` facade.

pub(crate) mod record;
mod window;

use std::sync::atomic::{AtomicU64, Ordering};

use aether_types::{Action, HistoryEvent, Millis};

pub use window::{BucketCounts, Latency, RecentActivity};

/// Counters since start-up. Relaxed atomics: they are statistics, not synchronisation.
#[derive(Default)]
pub(crate) struct Metrics {
    workflows_started: AtomicU64,
    workflows_completed: AtomicU64,
    workflows_failed: AtomicU64,
    workflows_cancelled: AtomicU64,
    steps_completed: AtomicU64,
    step_attempts_failed: AtomicU64,
    pub(crate) tasks_dispatched: AtomicU64,
    timers_fired: AtomicU64,
    /// Writes that lost a version race (another node wrote first) and were re-run.
    write_conflicts: AtomicU64,
    pub(crate) recent: window::Window,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MetricsSnapshot {
    pub workflows_started: u64,
    pub workflows_completed: u64,
    pub workflows_failed: u64,
    pub workflows_cancelled: u64,
    pub steps_completed: u64,
    pub step_attempts_failed: u64,
    pub tasks_dispatched: u64,
    pub timers_fired: u64,
    pub write_conflicts: u64,
    pub queue_depth: u64,
    pub timers_pending: u64,
    pub workers_connected: u64,
    pub uptime_ms: u64,
}

impl Metrics {
    /// What a durable write of a workflow of `workflow_type` created at `created_at` means to
    /// every sink: the totals, the recent window and the Prometheus exporter.
    pub(crate) fn committed(
        &self,
        workflow_type: &str,
        created_at: Millis,
        events: &[HistoryEvent],
    ) {
        for event in events {
            self.count(&event.action, event.at, created_at);
        }
        record::committed(workflow_type, created_at, events);
    }

    /// A write lost a version race and is re-run.
    pub(crate) fn write_conflict(&self) {
        self.write_conflicts.fetch_add(1, Ordering::Relaxed);
        record::write_conflict();
    }

    fn count(&self, action: &Action, at: Millis, created_at: Millis) {
        self.recent.record(action, at, created_at);
        let counter = match action {
            Action::WorkflowStarted { .. } => &self.workflows_started,
            Action::WorkflowCompleted { .. } => &self.workflows_completed,
            Action::WorkflowFailed { .. } => &self.workflows_failed,
            Action::WorkflowCancelled { .. } => &self.workflows_cancelled,
            Action::StepCompleted { .. } => &self.steps_completed,
            Action::StepFailed { .. } => &self.step_attempts_failed,
            Action::TimerFired { .. } => &self.timers_fired,
            _ => return,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> MetricsSnapshot {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        MetricsSnapshot {
            workflows_started: get(&self.workflows_started),
            workflows_completed: get(&self.workflows_completed),
            workflows_failed: get(&self.workflows_failed),
            workflows_cancelled: get(&self.workflows_cancelled),
            steps_completed: get(&self.steps_completed),
            step_attempts_failed: get(&self.step_attempts_failed),
            tasks_dispatched: get(&self.tasks_dispatched),
            timers_fired: get(&self.timers_fired),
            write_conflicts: get(&self.write_conflicts),
            ..MetricsSnapshot::default()
        }
    }
}
