use std::time::Duration;

use aether_core::{Engine, StartWorkflow};
use aether_proto::v1::{self, client_service_server::ClientService};
use futures::future::BoxFuture;
use tonic::{Request, Response, Status, Streaming};

use super::{multiplex, wire};

/// Most starts of one `Starts` stream running (a start-and-wait runs until its wait ends) or
/// holding an unread reply at once: as many as a connection's calls in progress by default
/// (`limits.max_streams_per_connection`), so that a stream holds what separate calls could.
const STARTS_IN_FLIGHT: usize = 256;

#[derive(Clone)]
pub struct ClientApi {
    engine: Engine,
}

impl ClientApi {
    pub fn new(engine: Engine) -> Self {
        Self { engine }
    }

    /// A start, with its wait when `wait_ms` is set: `StartWorkflow`, and each message of
    /// `Starts`.
    async fn start(
        &self,
        req: v1::StartWorkflowRequest,
    ) -> Result<v1::StartWorkflowResponse, Status> {
        let workflow_id = if req.workflow_id.is_empty() {
            None
        } else {
            Some(wire::workflow_id(&req.workflow_id)?)
        };
        let execution_timeout_ms =
            aether_types::timeout_from_millis("execution timeout", req.execution_timeout_ms)
                .map_err(Status::invalid_argument)?;
        let started = self
            .engine
            .start_workflow(StartWorkflow {
                workflow_type: req.workflow_type,
                input: req.input,
                workflow_id,
                parent: None,
                execution_timeout_ms,
            })
            .await
            .map_err(crate::error::ApiError::from)?;
        let info = match req.wait_ms {
            0 => None,
            ms => Some(v1::WorkflowInfo::from(
                self.engine
                    .await_result(&started.workflow_id, Duration::from_millis(ms))
                    .await
                    .map_err(crate::error::ApiError::from)?,
            )),
        };
        Ok(v1::StartWorkflowResponse {
            workflow_id: started.workflow_id.into_string(),
            created: started.created,
            info,
        })
    }

    /// What runs each start of a `Starts` or `StartBatches` stream; a refusal becomes a
    /// `CommandError` reply.
    fn start_handler(
        &self,
    ) -> impl Fn(v1::StartsRequest) -> BoxFuture<'static, v1::StartsReply> + Send + 'static {
        let api = self.clone();
        move |request| {
            let api = api.clone();
            Box::pin(async move {
                use v1::starts_reply::Reply;
                let started = match request.start {
                    Some(start) => api.start(start).await,
                    None => Err(Status::invalid_argument("a starts request needs a start")),
                };
                v1::StartsReply {
                    id: request.id,
                    reply: Some(match started {
                        Ok(started) => Reply::Started(started),
                        Err(status) => Reply::Error(multiplex::refusal(&status)),
                    }),
                }
            })
        }
    }
}

#[tonic::async_trait]
impl ClientService for ClientApi {
    async fn start_workflow(
        &self,
        request: Request<v1::StartWorkflowRequest>,
    ) -> Result<Response<v1::StartWorkflowResponse>, Status> {
        self.start(request.into_inner()).await.map(Response::new)
    }

    type StartsStream = multiplex::Replies<v1::StartsReply>;

    async fn starts(
        &self,
        request: Request<Streaming<v1::StartsRequest>>,
    ) -> Result<Response<Self::StartsStream>, Status> {
        Ok(Response::new(multiplex::serve(
            "Starts",
            request.into_inner(),
            STARTS_IN_FLIGHT,
            self.start_handler(),
        )))
    }

    type StartBatchesStream = multiplex::Replies<v1::StartsReplyBatch>;

    async fn start_batches(
        &self,
        request: Request<Streaming<v1::StartsBatch>>,
    ) -> Result<Response<Self::StartBatchesStream>, Status> {
        Ok(Response::new(multiplex::serve_batched(
            "StartBatches",
            request.into_inner(),
            STARTS_IN_FLIGHT,
            |batch| batch.starts,
            |replies| v1::StartsReplyBatch { replies },
            self.start_handler(),
        )))
    }

    async fn get_workflow_status(
        &self,
        request: Request<v1::GetWorkflowStatusRequest>,
    ) -> Result<Response<v1::WorkflowInfo>, Status> {
        let id = wire::workflow_id(&request.into_inner().workflow_id)?;
        let info = self
            .engine
            .status(&id)
            .await
            .map_err(crate::error::ApiError::from)?;
        Ok(Response::new(v1::WorkflowInfo::from(info)))
    }

    async fn await_result(
        &self,
        request: Request<v1::AwaitResultRequest>,
    ) -> Result<Response<v1::WorkflowInfo>, Status> {
        let req = request.into_inner();
        let id = wire::workflow_id(&req.workflow_id)?;
        let timeout = match req.timeout_ms {
            0 => self.engine.options().max_await,
            ms => Duration::from_millis(ms),
        };
        let info = self
            .engine
            .await_result(&id, timeout)
            .await
            .map_err(crate::error::ApiError::from)?;
        Ok(Response::new(v1::WorkflowInfo::from(info)))
    }

    async fn cancel_workflow(
        &self,
        request: Request<v1::CancelWorkflowRequest>,
    ) -> Result<Response<v1::CancelWorkflowResponse>, Status> {
        let req = request.into_inner();
        let id = wire::workflow_id(&req.workflow_id)?;
        let state = self
            .engine
            .cancel(&id, req.reason)
            .await
            .map_err(crate::error::ApiError::from)?;
        Ok(Response::new(v1::CancelWorkflowResponse {
            state: v1::WorkflowState::from(state).into(),
        }))
    }

    async fn signal(
        &self,
        request: Request<v1::SignalRequest>,
    ) -> Result<Response<v1::SignalResponse>, Status> {
        let req = request.into_inner();
        let id = wire::workflow_id(&req.workflow_id)?;
        let key = (!req.idempotency_key.is_empty()).then_some(req.idempotency_key);
        let accepted = self
            .engine
            .signal(&id, req.name, req.payload, key)
            .await
            .map_err(crate::error::ApiError::from)?;
        Ok(Response::new(v1::SignalResponse {
            duplicate: accepted.duplicate,
        }))
    }

    async fn get_history(
        &self,
        request: Request<v1::GetHistoryRequest>,
    ) -> Result<Response<v1::GetHistoryResponse>, Status> {
        let id = wire::workflow_id(&request.into_inner().workflow_id)?;
        let events = self
            .engine
            .history(&id)
            .await
            .map_err(crate::error::ApiError::from)?;
        Ok(Response::new(v1::GetHistoryResponse {
            events: events.into_iter().map(v1::HistoryEvent::from).collect(),
        }))
    }
}
