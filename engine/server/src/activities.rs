//! The engine's workspace activities, run on this server's workspaces: what connects the
//! engine (which journals them) to the workspace service (which applies each change at most
//! once per origin).

use aether_core::{ActivityError, WorkspaceRunner};
use aether_store::workspace::Origin;
use aether_types::{
    ErrorCode, Failure, WorkflowId,
    workspace::{Activity, ActivityOutput},
};
use aether_workspace::Workspaces;

pub struct WorkspaceActivities(pub Workspaces);

/// A refusal the workflow code sees (and its replay sees again), or a failure to retry.
fn classify(err: aether_workspace::Error) -> ActivityError {
    match err.code() {
        ErrorCode::Unavailable | ErrorCode::Internal => ActivityError::Unavailable(err.to_string()),
        _ => {
            let mut failure = Failure::new(err.reason().as_str(), err.to_string());
            // Running it again gives the same answer: retrying would only repeat it.
            failure.non_retryable = true;
            ActivityError::Refused(failure)
        }
    }
}

#[async_trait::async_trait]
impl WorkspaceRunner for WorkspaceActivities {
    async fn run(
        &self,
        workflow: &WorkflowId,
        position: u32,
        activity: Activity,
        content: Vec<u8>,
    ) -> Result<ActivityOutput, ActivityError> {
        let origin = Origin {
            workflow_id: workflow.to_string(),
            position,
        };
        self.0
            .run_activity(origin, activity, content)
            .await
            .map_err(classify)
    }

    async fn content(&self, hash: &str) -> Result<Vec<u8>, ActivityError> {
        self.0.content(hash).await.map_err(classify)
    }
}
