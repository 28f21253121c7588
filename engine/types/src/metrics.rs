//! The Prometheus metrics Aether exports: every name, its kind, its help text, its labels and,
//! for a histogram, its bucket bounds, in one table.
//!
//! The crates that observe something (the core, the SQL store's writer, the workspace service,
//! the server's HTTP and gRPC layers) record through the `metrics` facade under these names;
//! the server, when `[metrics]` is enabled, installs the exporter and describes and buckets each
//! metric from [`ALL`]. Spelling a name once keeps recorder and exporter from drifting, and a
//! test checks the conventions: counters end in `_total`, times are histograms in `_seconds`,
//! and no label names a workflow id or anything else without bound (workflow *types*, routes
//! and operation names are bounded by the code that defines them).
//!
//! Plain data, like the rest of this crate: recording and exporting live elsewhere.

/// What kind of Prometheus metric a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Counter,
    Gauge,
    Histogram,
}

/// One exported metric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metric {
    pub name: &'static str,
    pub kind: Kind,
    pub help: &'static str,
    pub labels: &'static [&'static str],
    /// Upper bounds of a histogram's buckets (empty for other kinds).
    pub buckets: &'static [f64],
}

const fn counter(
    name: &'static str,
    labels: &'static [&'static str],
    help: &'static str,
) -> Metric {
    Metric {
        name,
        kind: Kind::Counter,
        help,
        labels,
        buckets: &[],
    }
}

const fn gauge(name: &'static str, labels: &'static [&'static str], help: &'static str) -> Metric {
    Metric {
        name,
        kind: Kind::Gauge,
        help,
        labels,
        buckets: &[],
    }
}

const fn histogram(
    name: &'static str,
    labels: &'static [&'static str],
    buckets: &'static [f64],
    help: &'static str,
) -> Metric {
    Metric {
        name,
        kind: Kind::Histogram,
        help,
        labels,
        buckets,
    }
}

// Bucket sets, one per kind of duration: a run may wait for days, a commit takes milliseconds,
// and one set for both would leave either without resolution.

/// A run, start to finish: 10 ms to a day.
const RUN_SECONDS: &[f64] = &[
    0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0,
    14400.0, 86400.0,
];
/// A step's attempt, an engine-run activity, or the wait for a worker: 1 ms to 10 minutes.
const TASK_SECONDS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
    300.0, 600.0,
];
/// A person deciding: a second to a week.
const DECISION_SECONDS: &[f64] = &[
    1.0, 10.0, 60.0, 300.0, 900.0, 3600.0, 14400.0, 43200.0, 86400.0, 259200.0, 604800.0,
];
/// A store commit or a batch transaction: 100 µs to 5 s.
const COMMIT_SECONDS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];
/// Writes per batch, up to the writer's cap of 512.
const BATCH_WRITES: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0];
/// An API request until its response begins: 1 ms to a minute.
const REQUEST_SECONDS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

pub const WORKFLOWS_STARTED: &str = "aether_workflows_started_total";
pub const WORKFLOWS_FINISHED: &str = "aether_workflows_finished_total";
pub const WORKFLOW_DURATION: &str = "aether_workflow_duration_seconds";
pub const STEP_ATTEMPTS: &str = "aether_step_attempts_total";
pub const STEP_DURATION: &str = "aether_step_duration_seconds";
pub const TIMEOUTS: &str = "aether_timeouts_total";
pub const SCHEDULE_TO_START: &str = "aether_schedule_to_start_seconds";
pub const ACTIVITY_DURATION: &str = "aether_activity_duration_seconds";
pub const WORKFLOWS_OPEN: &str = "aether_workflows_open";
pub const WORKFLOWS_WAITING: &str = "aether_workflows_waiting";
pub const APPROVALS_PENDING: &str = "aether_approvals_pending";
pub const APPROVALS_DECIDED: &str = "aether_approvals_decided_total";
pub const APPROVAL_DECISION: &str = "aether_approval_decision_seconds";
pub const WORKERS_CONNECTED: &str = "aether_workers_connected";
pub const WORKER_SLOTS_USED: &str = "aether_worker_slots_used";
pub const WORKER_SLOTS_CAPACITY: &str = "aether_worker_slots_capacity";
pub const QUEUE_DEPTH: &str = "aether_queue_depth";
pub const STORE_COMMIT: &str = "aether_store_commit_seconds";
pub const STORE_WRITE_CONFLICTS: &str = "aether_store_write_conflicts_total";
pub const STORE_BATCH_WRITES: &str = "aether_store_batch_writes";
pub const STORE_BATCH_DURATION: &str = "aether_store_batch_seconds";
pub const WORKSPACE_CHANGES: &str = "aether_workspace_changes_total";
pub const HTTP_REQUESTS: &str = "aether_http_requests_total";
pub const HTTP_DURATION: &str = "aether_http_request_duration_seconds";
pub const GRPC_REQUESTS: &str = "aether_grpc_requests_total";
pub const GRPC_DURATION: &str = "aether_grpc_request_duration_seconds";
pub const GRPC_STREAM_MESSAGES: &str = "aether_grpc_stream_messages_total";
pub const SCHEDULE_ACTIONS: &str = "aether_schedule_actions_total";
pub const SCHEDULE_LAG: &str = "aether_schedule_lag_seconds";
pub const BUILD_INFO: &str = "aether_build_info";

/// Every metric, for the exporter to describe and bucket.
pub const ALL: &[Metric] = &[
    counter(
        WORKFLOWS_STARTED,
        &["workflow_type"],
        "Workflows started on this node.",
    ),
    counter(
        WORKFLOWS_FINISHED,
        &["workflow_type", "outcome"],
        "Workflows that ended on this node: completed, failed or cancelled.",
    ),
    histogram(
        WORKFLOW_DURATION,
        &["workflow_type", "outcome"],
        RUN_SECONDS,
        "Time from a workflow's start to its end.",
    ),
    counter(
        STEP_ATTEMPTS,
        &["workflow_type", "outcome"],
        "Step attempts recorded: completed, or failed (retried or final).",
    ),
    histogram(
        STEP_DURATION,
        &["workflow_type", "outcome"],
        TASK_SECONDS,
        "A step attempt's run time as its worker measured it.",
    ),
    counter(
        TIMEOUTS,
        &["workflow_type", "kind"],
        "Timeouts the engine enforced, by kind: heartbeat, start_to_close, schedule_to_start, \
         schedule_to_close (activity attempts) and execution (workflows).",
    ),
    histogram(
        SCHEDULE_TO_START,
        &["workflow_type"],
        TASK_SECONDS,
        "Time a workflow waited for a worker: from its last change while runnable to its lease.",
    ),
    histogram(
        ACTIVITY_DURATION,
        &["op", "outcome"],
        TASK_SECONDS,
        "Workspace activities the engine ran for workflows, by operation: ok, refused or unavailable.",
    ),
    gauge(
        WORKFLOWS_OPEN,
        &["state"],
        "Workflows not yet ended, by state, in the whole store (every node's).",
    ),
    gauge(
        WORKFLOWS_WAITING,
        &["wait"],
        "Open workflows by what they wait on, in the whole store.",
    ),
    gauge(
        APPROVALS_PENDING,
        &[],
        "Approvals waiting for a decision and not expired, in the whole store.",
    ),
    counter(
        APPROVALS_DECIDED,
        &["outcome"],
        "Approvals decided on this node: approved, denied, or expired while a workflow waited.",
    ),
    histogram(
        APPROVAL_DECISION,
        &["outcome"],
        DECISION_SECONDS,
        "Time from an approval's request to its decision.",
    ),
    gauge(WORKERS_CONNECTED, &[], "Workers connected to this node."),
    gauge(
        WORKER_SLOTS_USED,
        &[],
        "Slots of connected workers holding a workflow.",
    ),
    gauge(
        WORKER_SLOTS_CAPACITY,
        &[],
        "Slots of connected workers in all.",
    ),
    gauge(
        QUEUE_DEPTH,
        &[],
        "Runnable workflows on this node waiting for a worker with a free slot.",
    ),
    histogram(
        STORE_COMMIT,
        &[],
        COMMIT_SECONDS,
        "An engine write to the store, until durable (queueing for a batch included).",
    ),
    counter(
        STORE_WRITE_CONFLICTS,
        &[],
        "Engine writes that lost a version race to another node and were re-run.",
    ),
    histogram(
        STORE_BATCH_WRITES,
        &["backend"],
        BATCH_WRITES,
        "Workflow writes per group-commit transaction of the SQL store.",
    ),
    histogram(
        STORE_BATCH_DURATION,
        &["backend"],
        COMMIT_SECONDS,
        "One group-commit transaction of the SQL store, until durable.",
    ),
    counter(
        WORKSPACE_CHANGES,
        &["kind"],
        "Workspace changes committed, by event kind (file.written, checkpoint.created, ...).",
    ),
    counter(
        HTTP_REQUESTS,
        &["method", "route", "code"],
        "HTTP requests by route template and status code.",
    ),
    histogram(
        HTTP_DURATION,
        &["method", "route"],
        REQUEST_SECONDS,
        "HTTP requests until their response began.",
    ),
    counter(
        GRPC_REQUESTS,
        &["service", "method", "code"],
        "gRPC calls by method and status code, counted when they end.",
    ),
    histogram(
        GRPC_DURATION,
        &["service", "method"],
        REQUEST_SECONDS,
        "gRPC calls until their response began (a stream's opening, not its life).",
    ),
    counter(
        GRPC_STREAM_MESSAGES,
        &["method", "direction"],
        "Messages of the engine's streams of tasks, commands and starts (PollTasks, Commands, \
         CommandBatches, Starts, StartBatches), received or sent: what a workflow costs on the \
         wire beside its calls.",
    ),
    counter(
        SCHEDULE_ACTIONS,
        &["result"],
        "Schedule ticks handled on this node: started, skipped (overlap), missed (older than \
         the catch-up window) or buffered.",
    ),
    histogram(
        SCHEDULE_LAG,
        &[],
        TASK_SECONDS,
        "Time from a schedule tick's scheduled time to the start of its run (jitter and waiting \
         included; backfills left out).",
    ),
    gauge(
        BUILD_INFO,
        &["version"],
        "Always 1; the label names the running version.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_prometheus_conventions() {
        let mut seen = std::collections::HashSet::new();
        for metric in ALL {
            assert!(seen.insert(metric.name), "{} twice", metric.name);
            assert!(metric.name.starts_with("aether_"), "{}", metric.name);
            match metric.kind {
                Kind::Counter => assert!(metric.name.ends_with("_total"), "{}", metric.name),
                Kind::Gauge => assert!(!metric.name.ends_with("_total"), "{}", metric.name),
                Kind::Histogram => {
                    assert!(
                        metric.name.ends_with("_seconds") || metric.name.ends_with("_writes"),
                        "{}",
                        metric.name
                    );
                    assert!(
                        metric.buckets.windows(2).all(|w| w[0] < w[1])
                            && !metric.buckets.is_empty(),
                        "{}: buckets must rise",
                        metric.name
                    );
                }
            }
            if metric.kind != Kind::Histogram {
                assert!(metric.buckets.is_empty(), "{}", metric.name);
            }
            for label in metric.labels {
                assert!(
                    !label.contains("id"),
                    "{}: no label may name an id ({label})",
                    metric.name
                );
            }
        }
    }
}
