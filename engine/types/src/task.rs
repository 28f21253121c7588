//! What the engine sends a worker: a task (a workflow's input and its journal so far), and why a
//! report may be answered with "stop". Plain data, so that the wire conversions in
//! `aether-proto` can be written once.

use crate::{ApprovalId, Decision, Failure, Payload, TaskToken, WorkflowId};

/// How a task's report was answered when it must not continue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// The token is stale: the lease expired and the task went elsewhere.
    LeaseLost,
    Cancelled,
    /// The workflow already completed or failed.
    Closed,
}

/// What a dispatched task carries: the input and the journal so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub token: TaskToken,
    pub workflow_id: WorkflowId,
    pub workflow_type: String,
    pub input: Payload,
    pub journal: Vec<JournalEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Step,
    Timer,
    Child,
    Signal,
    /// An approval's decision; the entry's result is the [`Decision`] as JSON.
    Approval,
    /// A workspace activity: its result as JSON, or its refusal.
    Workspace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryStatus {
    Waiting,
    Succeeded,
    Failed,
    RetryReady,
    /// The wait's timeout came first (a signal wait): a result the workflow code branches on.
    TimedOut,
}

/// One position of the journal as a worker sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalEntry {
    pub position: u32,
    pub name: String,
    pub kind: EntryKind,
    pub status: EntryStatus,
    pub result: Option<Payload>,
    pub failure: Option<Failure>,
    /// For `RetryReady`, the attempt to run next; otherwise the attempts made so far.
    pub attempt: u32,
    pub child_id: Option<WorkflowId>,
    /// A step's last heartbeat details from a failed attempt: what the next attempt resumes
    /// from.
    pub heartbeat_details: Option<Payload>,
}

/// Where a signal wait stands, as the worker's report of it is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum SignalWait {
    /// Nothing yet: the workflow suspends until a signal or the timeout.
    Waiting,
    Delivered(Payload),
    TimedOut,
}

/// Where an approval wait stands, as the worker's report of it is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum ApprovalWait {
    /// Not decided yet: the workflow suspends until the decision or the expiry.
    Waiting(ApprovalId),
    Decided(Decision),
}
