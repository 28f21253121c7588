//! Workspace activities (`ctx.workspace.*`): workspace operations the engine runs itself and
//! journals like steps.
//!
//! The engine checks the journal first: a position already recorded answers with its outcome
//! (and, for a read or an export, the bytes its recorded hash names), and a different call
//! there is a non-determinism error. Otherwise the workspace runs the operation with the
//! workflow and position as its origin: a change to a session applies at most once per origin,
//! and a repeat gets the first result. Then the outcome is recorded in the journal. If the
//! server dies between the change and the record, the repeated report (or the replay after
//! recovery) runs the operation again, which changes nothing and returns what the first run
//! did: the change happens exactly once, and the journal records it once.

use std::sync::Arc;

use aether_types::{
    Failure, TaskRef, WorkflowId,
    workspace::{Activity, ActivityOutput, ActivityReply},
};
use sha2::{Digest, Sha256};

use super::Engine;
use crate::{Error, Result, machine::ActivityOutcome, metrics::record};

/// Why a workspace activity did not run.
#[derive(Debug, Clone, PartialEq)]
pub enum ActivityError {
    /// The workspace refused it (a stale revision, a missing path, a lost compare-and-set):
    /// an outcome the workflow code sees, journaled so that a replay sees it too.
    Refused(Failure),
    /// It could not run now (the store failed); nothing is journaled and the worker retries.
    Unavailable(String),
}

/// What runs workspace activities for the engine: the server's workspaces.
#[async_trait::async_trait]
pub trait WorkspaceRunner: Send + Sync + 'static {
    /// Runs `activity` for `workflow` at `position`; a change it makes applies at most once for
    /// that origin.
    async fn run(
        &self,
        workflow: &WorkflowId,
        position: u32,
        activity: Activity,
        content: Vec<u8>,
    ) -> Result<ActivityOutput, ActivityError>;

    /// The bytes a read or an export recorded by hash.
    async fn content(&self, hash: &str) -> Result<Vec<u8>, ActivityError>;
}

/// Names the call for the journal: the operation and its arguments, and the bytes sent with
/// it. A replay must make the same call.
fn digest(activity: &Activity, content: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(serde_json::to_vec(activity).unwrap_or_default());
    hasher.update([0]);
    hasher.update(content);
    hex::encode(hasher.finalize())
}

/// The session a result leaves behind and its revision, for the history.
fn session_after(activity: &Activity, outcome: &ActivityOutcome) -> (Option<String>, Option<u64>) {
    let result = outcome.as_ref().ok();
    let field = |name: &str| {
        result.and_then(|r| {
            r.get(name)
                .or_else(|| r.get("mutation").and_then(|m| m.get(name)))
                .cloned()
        })
    };
    let session = activity.session_id().map(str::to_owned).or_else(|| {
        field("sessionId")
            .or_else(|| field("id"))
            .and_then(|v| v.as_str().map(str::to_owned))
    });
    (session, field("revision").and_then(|v| v.as_u64()))
}

impl Engine {
    /// Set once, by the server, before it serves.
    pub fn set_workspace_runner(&self, runner: Arc<dyn WorkspaceRunner>) {
        let _ = self.inner.workspaces.set(runner);
    }

    fn workspaces(&self) -> Result<&Arc<dyn WorkspaceRunner>> {
        self.inner
            .workspaces
            .get()
            .ok_or_else(|| Error::FailedPrecondition("this engine runs no workspaces".into()))
    }

    /// Runs (or answers from the journal) the workspace activity at `position`.
    pub async fn workspace_activity(
        &self,
        task: &TaskRef,
        position: u32,
        activity: Activity,
        content: Vec<u8>,
    ) -> Result<std::result::Result<ActivityReply, aether_types::StopReason>> {
        let runner = self.workspaces()?.clone();
        let op = activity.name();
        let digest = digest(&activity, &content);
        let journaled = self
            .update(&task.workflow_id, |slot, now| {
                super::leased(slot, task, now)?.journaled_activity(
                    &task.token,
                    position,
                    op,
                    &digest,
                    now,
                )
            })
            .await?;
        let outcome = match journaled {
            Err(stop) => return Ok(Err(stop)),
            Ok(Some(outcome)) => outcome,
            Ok(None) => {
                let running = std::time::Instant::now();
                let run = runner
                    .run(&task.workflow_id, position, activity.clone(), content)
                    .await;
                let outcome_name = match &run {
                    Ok(_) => "ok",
                    Err(ActivityError::Refused(_)) => "refused",
                    Err(ActivityError::Unavailable(_)) => "unavailable",
                };
                record::activity(op, outcome_name, running.elapsed());
                let (outcome, bytes) = match run {
                    Ok(output) => (Ok(output.result), output.content),
                    Err(ActivityError::Refused(failure)) => (Err(failure), None),
                    Err(ActivityError::Unavailable(message)) => {
                        return Err(Error::Unavailable(message));
                    }
                };
                let (session, revision) = session_after(&activity, &outcome);
                let recorded = self
                    .update(&task.workflow_id, |slot, now| {
                        super::leased(slot, task, now)?.record_activity(
                            &task.token,
                            position,
                            op,
                            &digest,
                            session.clone(),
                            revision,
                            outcome.clone(),
                            now,
                        )
                    })
                    .await?;
                return Ok(recorded.map(|outcome| ActivityReply {
                    outcome,
                    content: bytes,
                }));
            }
        };
        // A replay: the bytes of a read or an export come from the content store, by the hash
        // the first run recorded, so the workflow sees exactly what it saw then.
        let content = match (&activity, &outcome) {
            (Activity::Read { .. } | Activity::Export { .. }, Ok(result)) => {
                match result.get("hash").and_then(|h| h.as_str()) {
                    Some(hash) => Some(runner.content(hash).await.map_err(|e| match e {
                        ActivityError::Refused(f) => Error::Corrupt(f.message),
                        ActivityError::Unavailable(m) => Error::Unavailable(m),
                    })?),
                    None => None,
                }
            }
            _ => None,
        };
        Ok(Ok(ActivityReply { outcome, content }))
    }
}
