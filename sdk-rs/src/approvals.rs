//! Approvals: a person's decision asked for and given, reached through
//! [`Client::approvals`](crate::Client::approvals).
//!
//! The types are the engine's own approval model (`aether_types::approval`), re-exported, so a
//! listing here, the HTTP API and the CLI's `--json` describe an approval the same way.
//! [`ApprovalClient`] is a thin typed layer over the `ApprovalService` gRPC contract, converting
//! with `aether-proto`. Workflow code asks for a decision with
//! [`WorkflowContext::request_approval`](crate::WorkflowContext::request_approval) instead: that
//! one is journaled, and the workflow is suspended until the decision arrives.
//!
//! ```no_run
//! use aether_sdk::{ApprovalListOptions, ApprovalState, Client, DecisionInput};
//!
//! # async fn demo() -> Result<(), aether_sdk::Error> {
//! let client = Client::connect("http://localhost:7233").await?;
//! let approvals = client.approvals();
//! let (pending, _next) = approvals
//!     .list(&ApprovalListOptions { state: Some(ApprovalState::Pending), ..Default::default() })
//!     .await?;
//! for approval in pending {
//!     let input = DecisionInput { by: Some("ana".into()), ..Default::default() };
//!     match approvals.approve(&approval.id, input).await {
//!         Ok(_) | Err(aether_sdk::Error::ApprovalDecided(_)) => {}
//!         Err(err) => return Err(err),
//!     }
//! }
//! # Ok(()) }
//! ```

use crate::transport::Transport;
use aether_proto::v1::{self, approval_service_client::ApprovalServiceClient};
pub use aether_types::{
    Approval, ApprovalId, ApprovalRequest, ApprovalState, Decision, DecisionInput, Evidence,
    Outcome,
};

use crate::Error;

/// The approval operations of a server. Cheap to clone; clones share the connection.
#[derive(Clone)]
pub struct ApprovalClient {
    client: ApprovalServiceClient<Transport>,
}

/// Which approvals [`ApprovalClient::list`] returns, newest request first.
#[derive(Debug, Clone, Default)]
pub struct ApprovalListOptions {
    /// Only approvals in this state as of the query (a pending one past its expiry is expired).
    pub state: Option<ApprovalState>,
    /// Only approvals requested by this workflow.
    pub workflow_id: Option<String>,
    /// Only approvals about this session.
    pub session_id: Option<String>,
    /// Only approvals with this reason code.
    pub reason: Option<String>,
    /// Where to continue: a previous page's next cursor.
    pub cursor: Option<String>,
    /// 0: the server's default (100); at most 1000.
    pub limit: u32,
}

impl ApprovalClient {
    pub(crate) fn new(channel: Transport) -> Self {
        Self {
            client: ApprovalServiceClient::new(channel)
                .max_decoding_message_size(crate::MAX_MESSAGE_BYTES)
                .max_encoding_message_size(crate::MAX_MESSAGE_BYTES),
        }
    }

    fn rpc(&self) -> ApprovalServiceClient<Transport> {
        self.client.clone()
    }

    /// A page of approvals and the cursor of the next page (`None` on the last one).
    pub async fn list(
        &self,
        options: &ApprovalListOptions,
    ) -> Result<(Vec<Approval>, Option<String>), Error> {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let response = self
            .rpc()
            .list_approvals(v1::ListApprovalsRequest {
                state: options
                    .state
                    .map(|s| i32::from(v1::ApprovalState::from(s)))
                    .unwrap_or_default(),
                workflow_id: text(&options.workflow_id),
                session_id: text(&options.session_id),
                reason: text(&options.reason),
                cursor: text(&options.cursor),
                limit: options.limit,
            })
            .await?
            .into_inner();
        let approvals = response
            .approvals
            .into_iter()
            .map(Approval::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        let next = (!response.next_cursor.is_empty()).then_some(response.next_cursor);
        Ok((approvals, next))
    }

    /// The approval as it stands (a pending one past its expiry reads as expired).
    pub async fn get(&self, id: &ApprovalId) -> Result<Approval, Error> {
        let approval = self
            .rpc()
            .get_approval(v1::GetApprovalRequest {
                approval_id: id.to_string(),
            })
            .await
            .map_err(|status| about(id, status.into()))?
            .into_inner();
        Ok(approval.try_into()?)
    }

    /// Approves a pending approval and resumes the workflows waiting on it. If it was already
    /// decided, expired or cancelled, nothing changes and the error is
    /// [`Error::ApprovalDecided`] with the approval as it stands.
    pub async fn approve(&self, id: &ApprovalId, input: DecisionInput) -> Result<Approval, Error> {
        self.decide(id, Outcome::Approved, input).await
    }

    /// Denies a pending approval; see [`approve`](Self::approve). Denial is an outcome the
    /// waiting workflow code branches on, not a failure of the workflow.
    pub async fn deny(&self, id: &ApprovalId, input: DecisionInput) -> Result<Approval, Error> {
        self.decide(id, Outcome::Denied, input).await
    }

    async fn decide(
        &self,
        id: &ApprovalId,
        outcome: Outcome,
        input: DecisionInput,
    ) -> Result<Approval, Error> {
        let request = v1::DecideApprovalRequest {
            approval_id: id.to_string(),
            outcome: v1::Outcome::from(outcome).into(),
            by: input.by,
            comment: input.comment,
            payload_json: input.payload.map(|p| p.to_string()),
        };
        match self.rpc().decide_approval(request).await {
            Ok(approval) => Ok(approval.into_inner().try_into()?),
            Err(status) if status.code() == tonic::Code::Aborted => {
                let current = self.get(id).await;
                Err(refused(status, current))
            }
            Err(status) => Err(about(id, status.into())),
        }
    }

    /// Asks for a decision about `session_id` outside any workflow. Workflows wait on it by id
    /// ([`WorkflowContext::wait_for_approval`](crate::WorkflowContext::wait_for_approval)). The
    /// request's `session_id` is set to `session_id`.
    pub async fn request_for_session(
        &self,
        session_id: &str,
        mut request: ApprovalRequest,
    ) -> Result<Approval, Error> {
        request.session_id = Some(session_id.to_owned());
        let approval = self
            .rpc()
            .request_session_approval(v1::RequestSessionApprovalRequest {
                session_id: session_id.to_owned(),
                request: Some(request.into()),
            })
            .await?
            .into_inner();
        Ok(approval.try_into()?)
    }
}

/// A call about approval `id` that failed: NOT_FOUND means no approval has that id.
pub(crate) fn about(id: &ApprovalId, err: Error) -> Error {
    match err {
        Error::Rpc(status) if status.code() == tonic::Code::NotFound => {
            Error::ApprovalNotFound(id.clone())
        }
        other => other,
    }
}

/// A decision refused with ABORTED: the first decision stands, unless the approval, read again,
/// is still pending (the engine lost a race with another write and the caller may try again),
/// in which case the refusal is returned as it came.
fn refused(status: tonic::Status, current: Result<Approval, Error>) -> Error {
    match current {
        Ok(approval) if approval.state != ApprovalState::Pending => {
            Error::ApprovalDecided(Box::new(approval))
        }
        _ => Error::Rpc(status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approval(state: ApprovalState) -> Approval {
        let mut approval = Approval::pending(
            ApprovalId::generate(),
            None,
            ApprovalRequest {
                reason: "deploy".into(),
                ..Default::default()
            },
            1_000,
        );
        approval.state = state;
        approval
    }

    #[test]
    fn a_refused_decision_holds_the_approval_as_it_stands() {
        let denied = approval(ApprovalState::Denied);
        let err = refused(tonic::Status::aborted("already denied"), Ok(denied.clone()));
        assert!(
            matches!(&err, Error::ApprovalDecided(a) if **a == denied),
            "{err:?}"
        );
    }

    #[test]
    fn a_refusal_of_a_still_pending_approval_stays_the_rpc_error() {
        let err = refused(
            tonic::Status::aborted("changing too fast"),
            Ok(approval(ApprovalState::Pending)),
        );
        assert!(
            matches!(&err, Error::Rpc(s) if s.code() == tonic::Code::Aborted),
            "{err:?}"
        );
        let id = ApprovalId::generate();
        let err = refused(
            tonic::Status::aborted("lost"),
            Err(Error::ApprovalNotFound(id)),
        );
        assert!(matches!(err, Error::Rpc(_)), "{err:?}");
    }

    #[test]
    fn not_found_names_the_approval() {
        let id = ApprovalId::generate();
        let err = about(&id, tonic::Status::not_found("approval x not found").into());
        assert!(matches!(&err, Error::ApprovalNotFound(missing) if *missing == id));
        let err = about(&id, tonic::Status::invalid_argument("bad").into());
        assert!(matches!(err, Error::Rpc(_)));
    }
}
