use std::pin::Pin;

use aether_core::Engine;
use aether_proto::{
    status_from_wire,
    v1::{self, admin_service_server::AdminService},
    wait_from_wire,
};
use aether_types::ListFilter;
use futures::Stream;
use tonic::{Request, Response, Status};

const DEFAULT_LIST_LIMIT: usize = 1000;

pub struct AdminApi {
    engine: Engine,
}

impl AdminApi {
    pub fn new(engine: Engine) -> Self {
        Self { engine }
    }
}

type InfoStream = Pin<Box<dyn Stream<Item = Result<v1::WorkflowInfo, Status>> + Send>>;

#[tonic::async_trait]
impl AdminService for AdminApi {
    type ListWorkflowsStream = InfoStream;

    async fn list_workflows(
        &self,
        request: Request<v1::ListWorkflowsRequest>,
    ) -> Result<Response<Self::ListWorkflowsStream>, Status> {
        let req = request.into_inner();
        let state = v1::WorkflowState::try_from(req.state).map_err(|_| {
            Status::invalid_argument(format!("unknown workflow state {}", req.state))
        })?;
        let waiting = v1::WaitKind::try_from(req.waiting)
            .map_err(|_| Status::invalid_argument(format!("unknown wait kind {}", req.waiting)))?;
        let filter = ListFilter {
            workflow_type: (!req.workflow_type.is_empty()).then_some(req.workflow_type),
            status: status_from_wire(state),
            waiting: wait_from_wire(waiting),
            limit: match req.limit {
                0 => DEFAULT_LIST_LIMIT,
                n => n as usize,
            },
            ..ListFilter::default()
        };
        let rows = self
            .engine
            .list(&filter)
            .await
            .map_err(crate::error::ApiError::from)?;
        let stream = tokio_stream::iter(rows.into_iter().map(|r| Ok(v1::WorkflowInfo::from(&r))));
        Ok(Response::new(Box::pin(stream)))
    }

    async fn get_metrics(
        &self,
        _request: Request<v1::GetMetricsRequest>,
    ) -> Result<Response<v1::Metrics>, Status> {
        let m = self.engine.metrics();
        Ok(Response::new(v1::Metrics {
            workflows_started: m.workflows_started,
            workflows_completed: m.workflows_completed,
            workflows_failed: m.workflows_failed,
            workflows_cancelled: m.workflows_cancelled,
            steps_completed: m.steps_completed,
            step_attempts_failed: m.step_attempts_failed,
            tasks_dispatched: m.tasks_dispatched,
            timers_fired: m.timers_fired,
            queue_depth: m.queue_depth,
            workers_connected: m.workers_connected,
            uptime_ms: m.uptime_ms,
            timers_pending: m.timers_pending,
            write_conflicts: m.write_conflicts,
        }))
    }

    async fn list_workers(
        &self,
        _request: Request<v1::ListWorkersRequest>,
    ) -> Result<Response<v1::ListWorkersResponse>, Status> {
        let now = aether_types::now_millis();
        let workers = self
            .engine
            .workers()
            .into_iter()
            .map(|w| v1::WorkerInfo {
                worker_id: w.worker_id.into_string(),
                workflow_types: w.workflow_types,
                capacity: w.capacity as u32,
                in_use: w.in_use as u32,
                connected: w.connected,
                last_heartbeat_ms: now - w.last_heartbeat.elapsed().as_millis() as i64,
            })
            .collect();
        Ok(Response::new(v1::ListWorkersResponse { workers }))
    }
}
