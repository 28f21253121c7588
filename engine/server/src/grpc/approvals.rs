//! `ApprovalService`: listing, reading and deciding approvals, and requesting one for a session.

use aether_core::Engine;
use aether_proto::{
    WireError,
    approvals::{approval_state_from_wire, outcome_from_wire},
    v1::{self, approval_service_server::ApprovalService},
};
use aether_types::{ApprovalFilter, ApprovalId, ApprovalRequest, DecisionInput, WorkflowId};
use aether_workspace::Workspaces;
use tonic::{Request, Response, Status};

use crate::{approvals, error::ApiError};

pub struct ApprovalApi {
    engine: Engine,
    workspaces: Workspaces,
}

impl ApprovalApi {
    pub fn new(engine: Engine, workspaces: Workspaces) -> Self {
        Self { engine, workspaces }
    }
}

fn malformed(err: WireError) -> Status {
    Status::invalid_argument(err.to_string())
}

fn approval_id(raw: &str) -> Result<ApprovalId, Status> {
    ApprovalId::parse(raw).map_err(|e| ApiError::from(e).into())
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

#[tonic::async_trait]
impl ApprovalService for ApprovalApi {
    async fn list_approvals(
        &self,
        request: Request<v1::ListApprovalsRequest>,
    ) -> Result<Response<v1::ListApprovalsResponse>, Status> {
        let req = request.into_inner();
        let filter = ApprovalFilter {
            state: approval_state_from_wire(req.state()),
            workflow_id: non_empty(req.workflow_id)
                .map(WorkflowId::parse)
                .transpose()
                .map_err(ApiError::from)?,
            session_id: non_empty(req.session_id),
            reason: non_empty(req.reason),
            ..Default::default()
        };
        let (page, next) = approvals::page(
            &self.engine,
            filter,
            Some(&req.cursor),
            Some(req.limit as usize),
        )
        .await?;
        Ok(Response::new(v1::ListApprovalsResponse {
            approvals: page.into_iter().map(Into::into).collect(),
            next_cursor: next.unwrap_or_default(),
        }))
    }

    async fn get_approval(
        &self,
        request: Request<v1::GetApprovalRequest>,
    ) -> Result<Response<v1::Approval>, Status> {
        let id = approval_id(&request.into_inner().approval_id)?;
        let approval = self.engine.approval(&id).await.map_err(ApiError::from)?;
        Ok(Response::new(approval.into()))
    }

    async fn decide_approval(
        &self,
        request: Request<v1::DecideApprovalRequest>,
    ) -> Result<Response<v1::Approval>, Status> {
        let caller = crate::auth::grpc::caller(&request);
        let req = request.into_inner();
        let id = approval_id(&req.approval_id)?;
        let outcome = outcome_from_wire(req.outcome()).ok_or_else(|| {
            Status::invalid_argument("a decision's outcome must be APPROVED or DENIED")
        })?;
        let payload = req
            .payload_json
            .as_deref()
            .map(|text| aether_proto::workspace::parse_json("payload_json", text))
            .transpose()
            .map_err(malformed)?;
        let (by, by_hint) = approvals::decided_by(&caller, req.by);
        let input = DecisionInput {
            by,
            by_hint,
            comment: req.comment,
            payload,
        };
        let approval = self
            .engine
            .decide_approval(&id, outcome, input)
            .await
            .map_err(ApiError::from)?;
        Ok(Response::new(approval.into()))
    }

    async fn request_session_approval(
        &self,
        request: Request<v1::RequestSessionApprovalRequest>,
    ) -> Result<Response<v1::Approval>, Status> {
        let req = request.into_inner();
        let wire = req
            .request
            .ok_or_else(|| Status::invalid_argument("the request has no approval request"))?;
        let request = ApprovalRequest::try_from(wire).map_err(malformed)?;
        let approval =
            approvals::request_for_session(&self.engine, &self.workspaces, req.session_id, request)
                .await?;
        Ok(Response::new(approval.into()))
    }
}
