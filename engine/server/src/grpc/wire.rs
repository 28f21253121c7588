//! The parses of wire strings into domain ids that answer bad input with an API error. Message
//! conversions live in `aether-proto`.

use aether_types::{TaskRef, WorkflowId};

use crate::error::ApiError;

pub fn workflow_id(raw: &str) -> Result<WorkflowId, ApiError> {
    Ok(WorkflowId::parse(raw)?)
}

pub fn task_ref(raw: &str) -> Result<TaskRef, ApiError> {
    TaskRef::decode(raw).map_err(|e| ApiError::invalid(format!("malformed task token: {e}")))
}
