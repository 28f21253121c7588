//! Aether's vocabulary: the ids, workflow states, payloads, failures, retry policies, history
//! actions and configuration that every other crate speaks, and the workspace API model
//! ([`workspace`]).
//!
//! This crate deliberately has no runtime: no tokio, no database, no network. It is plain data
//! with validation, so that the store, the core and the wire layer can agree on meaning without
//! depending on each other.

pub mod approval;
pub mod auth;
pub mod config;
mod error_code;
mod failure;
mod history;
mod ids;
mod info;
pub mod metrics;
pub mod ready;
mod retry;
pub mod schedule;
mod task;
mod time;
mod timeout;
mod wait;
mod workflow;
pub mod workspace;

pub use approval::{
    Approval, ApprovalCursor, ApprovalFilter, ApprovalId, ApprovalRequest, ApprovalState, Decision,
    DecisionInput, Evidence, Outcome,
};
pub use error_code::ErrorCode;
pub use failure::{Failure, JOURNAL_TOO_LARGE, PAYLOAD_TOO_LARGE};
pub use history::{Action, ActionKind, AttemptRun, ChildOutcome, HistoryEvent};
pub use ids::{IdError, NodeId, TaskRef, TaskToken, WorkerId, WorkflowId};
pub use info::WorkflowInfo;
pub use retry::RetryPolicy;
pub use schedule::{
    OverlapPolicy, RunSummary, ScheduleAction, ScheduleCounters, ScheduleDefinition,
    ScheduleDescription, ScheduleError, ScheduleId, ScheduleInfo, ScheduleRow, ScheduleRun,
    ScheduleSpec, TickOutcome, Triggered,
};
pub use task::{ApprovalWait, EntryKind, EntryStatus, JournalEntry, SignalWait, StopReason, Task};
pub use time::{Millis, now_millis};
pub use timeout::{
    ActivityTimeouts, MAX_TIMEOUT_MS, PendingActivity, TimeoutKind, deadline_after,
    timeout_from_millis,
};
pub use wait::Wait;
pub use workflow::{
    Lease, ListCursor, ListFilter, ParentRef, Payload, StatusParseError, WaitKind, WorkflowRow,
    WorkflowStatus, payload_json,
};
