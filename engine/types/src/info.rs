//! A workflow as the status API reports it: its row, input, outcome and open waits.

use crate::{Failure, Payload, Wait, WorkflowRow};

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
}
