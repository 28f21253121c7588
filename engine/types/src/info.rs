//! A workflow as the status API reports it: its row, input, outcome and open waits.

use crate::{Failure, Millis, Payload, PendingActivity, Wait, WorkflowRow};

/// A workflow's status with its input and outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkflowInfo {
    pub row: WorkflowRow,
    pub input: Payload,
    pub result: Option<Payload>,
    pub failure: Option<Failure>,
    pub cancel_reason: Option<String>,
    /// What it waits on, oldest first; empty unless RUNNING and waiting.
    pub waits: Vec<Wait>,
    /// Activities with engine-enforced timeouts that are running or due to run again.
    pub pending_activities: Vec<PendingActivity>,
    /// When the workflow's execution timeout passes, if it has one.
    pub execution_deadline: Option<Millis>,
}
