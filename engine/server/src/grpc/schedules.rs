//! `ScheduleService`: creating, reading, changing and running cron schedules. Handlers convert
//! (in `aether-proto`) and call the [`Engine`]; validation and every rule are the engine's, so
//! gRPC and HTTP agree.

use aether_core::Engine;
use aether_proto::{
    WireError,
    schedules::backfill_overlap_from_wire,
    v1::{self, schedule_service_server::ScheduleService},
};
use aether_types::{ScheduleDefinition, ScheduleId};
use tonic::{Request, Response, Status};

use crate::error::ApiError;

pub struct ScheduleApi {
    engine: Engine,
}

impl ScheduleApi {
    pub fn new(engine: Engine) -> Self {
        Self { engine }
    }
}

fn malformed(err: WireError) -> Status {
    Status::invalid_argument(err.to_string())
}

fn schedule_id(raw: String) -> Result<ScheduleId, Status> {
    ScheduleId::parse(raw).map_err(|e| ApiError::from(e).into())
}

fn definition(wire: Option<v1::ScheduleDefinition>) -> Result<ScheduleDefinition, Status> {
    wire.ok_or_else(|| Status::invalid_argument("the request has no definition"))?
        .try_into()
        .map_err(malformed)
}

fn engine_error(err: aether_core::Error) -> Status {
    ApiError::from(err).into()
}

#[tonic::async_trait]
impl ScheduleService for ScheduleApi {
    async fn create_schedule(
        &self,
        request: Request<v1::CreateScheduleRequest>,
    ) -> Result<Response<v1::ScheduleDescription>, Status> {
        let req = request.into_inner();
        let id = schedule_id(req.schedule_id)?;
        let definition = definition(req.definition)?;
        let described = self
            .engine
            .create_schedule(id, definition, req.paused, req.note)
            .await
            .map_err(engine_error)?;
        Ok(Response::new(described.into()))
    }

    async fn list_schedules(
        &self,
        _request: Request<v1::ListSchedulesRequest>,
    ) -> Result<Response<v1::ListSchedulesResponse>, Status> {
        let schedules = self.engine.list_schedules().await.map_err(engine_error)?;
        Ok(Response::new(v1::ListSchedulesResponse {
            schedules: schedules.into_iter().map(Into::into).collect(),
        }))
    }

    async fn describe_schedule(
        &self,
        request: Request<v1::DescribeScheduleRequest>,
    ) -> Result<Response<v1::ScheduleDescription>, Status> {
        let id = schedule_id(request.into_inner().schedule_id)?;
        let described = self
            .engine
            .describe_schedule(&id)
            .await
            .map_err(engine_error)?;
        Ok(Response::new(described.into()))
    }

    async fn update_schedule(
        &self,
        request: Request<v1::UpdateScheduleRequest>,
    ) -> Result<Response<v1::ScheduleDescription>, Status> {
        let req = request.into_inner();
        let id = schedule_id(req.schedule_id)?;
        let definition = definition(req.definition)?;
        let described = self
            .engine
            .update_schedule(&id, definition)
            .await
            .map_err(engine_error)?;
        Ok(Response::new(described.into()))
    }

    async fn pause_schedule(
        &self,
        request: Request<v1::PauseScheduleRequest>,
    ) -> Result<Response<v1::ScheduleDescription>, Status> {
        let req = request.into_inner();
        let id = schedule_id(req.schedule_id)?;
        let described = self
            .engine
            .pause_schedule(&id, req.note)
            .await
            .map_err(engine_error)?;
        Ok(Response::new(described.into()))
    }

    async fn unpause_schedule(
        &self,
        request: Request<v1::UnpauseScheduleRequest>,
    ) -> Result<Response<v1::ScheduleDescription>, Status> {
        let req = request.into_inner();
        let id = schedule_id(req.schedule_id)?;
        let described = self
            .engine
            .unpause_schedule(&id, req.note)
            .await
            .map_err(engine_error)?;
        Ok(Response::new(described.into()))
    }

    async fn trigger_schedule(
        &self,
        request: Request<v1::TriggerScheduleRequest>,
    ) -> Result<Response<v1::TriggerScheduleResponse>, Status> {
        let id = schedule_id(request.into_inner().schedule_id)?;
        let triggered = self
            .engine
            .trigger_schedule(&id)
            .await
            .map_err(engine_error)?;
        Ok(Response::new(triggered.into()))
    }

    async fn backfill_schedule(
        &self,
        request: Request<v1::BackfillScheduleRequest>,
    ) -> Result<Response<v1::BackfillScheduleResponse>, Status> {
        let req = request.into_inner();
        let id = schedule_id(req.schedule_id)?;
        let overlap = backfill_overlap_from_wire(req.overlap).map_err(malformed)?;
        let ticks = self
            .engine
            .backfill_schedule(&id, req.start_at_ms, req.end_at_ms, overlap)
            .await
            .map_err(engine_error)?;
        Ok(Response::new(v1::BackfillScheduleResponse {
            ticks: u32::try_from(ticks).unwrap_or(u32::MAX),
        }))
    }

    async fn delete_schedule(
        &self,
        request: Request<v1::DeleteScheduleRequest>,
    ) -> Result<Response<v1::DeleteScheduleResponse>, Status> {
        let id = schedule_id(request.into_inner().schedule_id)?;
        self.engine
            .delete_schedule(&id)
            .await
            .map_err(engine_error)?;
        Ok(Response::new(v1::DeleteScheduleResponse {}))
    }
}
