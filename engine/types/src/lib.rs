//! Aether's vocabulary: the ids, workflow states, payloads, failures, retry policies, history
//! actions and configuration that every other crate speaks, and the workspace API model
//! ([`workspace`]).
//!
//! This crate deliberately has no runtime: no tokio, no database, no network. It is plain data
//! with validation, so that the store, the core and the wire layer can agree on meaning without
//! depending on each other.

pub mod approval;
pub mod config;
mod error_code;
mod failure;
mod history;
mod ids;
mod info;
pub mod metrics;
pub mod ready;
mod retry;
mod task;
mod time;
mod wait;
mod workflow;
pub mod workspace;

pub use approval::{
    Approval, ApprovalCursor, ApprovalFilter, ApprovalId, ApprovalRequest, ApprovalState, Decision,
    DecisionInput, Evidence, Outcome,
};
pub use error_code::ErrorCode;
pub use failure::Failure;
pub use history::{Action, ActionKind, AttemptRun, ChildOutcome, HistoryEvent};
pub use ids::{IdError, TaskRef, TaskToken, WorkerId, WorkflowId};
pub use info::WorkflowInfo;
pub use retry::RetryPolicy;
pub use task::{ApprovalWait, EntryKind, EntryStatus, JournalEntry, SignalWait, StopReason, Task};
pub use time::{Millis, now_millis};
pub use wait::Wait;
pub use workflow::{
    Lease, ListCursor, ListFilter, ParentRef, Payload, StatusParseError, WaitKind, WorkflowRow,
    WorkflowStatus,
};
