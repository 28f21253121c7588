//! What a RUNNING workflow waits on. Every wait is opened by an action in the log (a timer
//! started, a step failed with a retry scheduled, a child started) and satisfied by another (the
//! timer fired, the child finished), so a wait survives any restart: it is re-derived from the
//! log like everything else. The state machine owns the rules; this is their vocabulary, shared
//! by the status API, the SDKs, the CLI and the dashboard.

use serde::{Deserialize, Serialize};

use crate::{Millis, WaitKind};

/// One open wait at one journal position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Wait {
    pub position: u32,
    pub kind: WaitKind,
    /// What is waited for: the timer's name, the retried step's name, the child's workflow id.
    pub target: String,
    /// When the wait began: the time of the action that opened it.
    pub since: Millis,
    /// When the engine ends the wait by itself (a timer's fire time, the end of a retry's
    /// backoff); `None` when only an event can end it.
    pub deadline: Option<Millis>,
}
