//! The engine's heart: the workflow state machine, the scheduler that hands tasks to workers, the
//! timers, and the retry policy, behind one cheap-to-clone handle, [`Engine`].
//!
//! The core speaks only `aether-types` and the `aether-store` trait. It never sees a protobuf
//! type and does no network I/O: the server crate translates the wire into calls on [`Engine`]
//! and delivers [`WorkerMessage`]s to workers' streams.

mod engine;
mod error;
pub mod machine;
mod metrics;
pub mod retry;
mod scheduler;
pub mod schedules;
mod timers;

pub use engine::{
    ActivityError, CacheBounds, Engine, EngineOptions, Recovered, StartWorkflow, Started,
    TaskStream, WorkflowInfo, WorkspaceRunner,
};
pub use error::{Error, Result};
pub use machine::{
    ActivityStart, EntryKind, EntryStatus, JournalEntry, SignalAccepted, SignalWait, StepReply,
    StepReport, StopReason, Task,
};
pub use metrics::{BucketCounts, Latency, MetricsSnapshot, RecentActivity};
pub use scheduler::WorkerSnapshot;

/// What the engine pushes down a worker's task stream.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerMessage {
    Task(Task),
    /// Stop running this workflow: it was cancelled, or the engine timed out an attempt it runs
    /// (or the workflow itself) and ended the lease.
    Cancel {
        workflow_id: aether_types::WorkflowId,
        token: aether_types::TaskToken,
        reason: String,
    },
}
