//! Every conversion between the `v1` wire messages and Aether's own types, in one place, so the
//! server and the SDK read each message the same way.
//!
//! - [`approvals`]: approvals, their requests, evidence and decisions, both directions.
//! - [`schedules`]: schedule definitions and descriptions, both directions.
//! - `common`: workflow states, wait and action kinds, failures, retry policies.
//! - `workflow`: workflow status and history, tasks and journals, waits, replies to workers.
//! - [`workspace`]: the workspace API model (`aether_types::workspace`) in both directions.
//!
//! Infallible directions are `From` impls; a message that can be malformed (JSON text in a
//! `*_json` field, an empty `oneof`, a missing sub-message) converts with `TryFrom` and a
//! [`WireError`].

pub mod approvals;
mod common;
pub mod schedules;
mod workflow;
pub mod workspace;

pub use common::*;
pub use workflow::wait_from_message;

/// A wire message that does not say what the contract promises.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("{field} is not JSON: {source}")]
    Json {
        field: &'static str,
        source: serde_json::Error,
    },
    #[error("{0} is empty")]
    Empty(String),
    #[error("the {message} has no {field}")]
    Missing {
        message: &'static str,
        field: &'static str,
    },
    #[error("{field} {value:?} is not one of the known values")]
    Unknown { field: &'static str, value: String },
    #[error("{0}")]
    Invalid(String),
}
