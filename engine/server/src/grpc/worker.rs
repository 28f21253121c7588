use std::{
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use aether_core::{ActivityStart, Engine, StepReply, StepReport, TaskStream, WorkerMessage};
use aether_proto::v1::{self, worker_service_server::WorkerService};
use aether_types::{TaskRef, WorkerId, WorkflowId};
use futures::{Stream, future::BoxFuture};
use tonic::{Request, Response, Status, Streaming};

use super::{multiplex, wire};
use crate::{
    auth::{Auth, Principal, grpc::caller},
    error::ApiError,
};

/// Most commands of one `Commands` stream running or holding an unread reply at once.
const COMMANDS_IN_FLIGHT: usize = 64;

#[derive(Clone)]
pub struct WorkerApi {
    engine: Engine,
    auth: Auth,
    heartbeat_interval: Duration,
}

impl WorkerApi {
    pub fn new(engine: Engine, auth: Auth, heartbeat_interval: Duration) -> Self {
        Self {
            engine,
            auth,
            heartbeat_interval,
        }
    }

    /// The task a report names, if the caller's key owns the worker holding it.
    async fn task(&self, caller: &Principal, token: &str) -> Result<TaskRef, Status> {
        let task = wire::task_ref(token)?;
        if caller.name.is_some()
            && let Some(holder) = self
                .engine
                .lease_holder(&task)
                .await
                .map_err(ApiError::from)?
        {
            self.auth.workers().check(caller, &holder)?;
        }
        Ok(task)
    }
}

/// A worker's task stream as gRPC sees it; dropping it (the worker hung up) marks the worker
/// disconnected.
pub struct Messages {
    tasks: TaskStream,
    /// `aether_grpc_stream_messages_total` of PollTasks, sent.
    sent: metrics::Counter,
}

impl Messages {
    fn new(tasks: TaskStream) -> Self {
        Self {
            tasks,
            sent: multiplex::message_counter("PollTasks", "sent"),
        }
    }
}

impl Stream for Messages {
    type Item = Result<v1::WorkerMessage, Status>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        this.tasks.messages.poll_recv(cx).map(|next| {
            next.map(|message| {
                this.sent.increment(1);
                let message = match message {
                    WorkerMessage::Task(task) => {
                        v1::worker_message::Message::Task(v1::Task::from(task))
                    }
                    WorkerMessage::Cancel {
                        workflow_id,
                        token,
                        reason,
                    } => v1::worker_message::Message::Cancel(v1::CancelTask {
                        task_token: aether_types::TaskRef {
                            workflow_id: workflow_id.clone(),
                            token,
                        }
                        .encode(),
                        workflow_id: workflow_id.into_string(),
                        reason,
                    }),
                };
                Ok(v1::WorkerMessage {
                    message: Some(message),
                })
            })
        })
    }
}

impl WorkerApi {
    async fn do_complete_step(
        &self,
        caller: &Principal,
        req: v1::CompleteStepRequest,
    ) -> Result<v1::CompleteStepResponse, Status> {
        let task = self.task(caller, &req.task_token).await?;
        // A worker that does not keep its result gets it back even when it was recorded as
        // reported.
        let echo = match &req.outcome {
            Some(v1::complete_step_request::Outcome::Result(result))
                if !req.omit_reported_result =>
            {
                result.clone()
            }
            _ => Vec::new(),
        };
        let report = StepReport {
            position: req.position,
            name: req.name,
            attempt: req.attempt,
            outcome: outcome(req.outcome)?,
            retry: req.retry_policy.map(Into::into),
            duration_ms: req.duration_ms,
        };
        let reply = self
            .engine
            .complete_step(&task, report)
            .await
            .map_err(ApiError::from)?;
        let mut response = v1::CompleteStepResponse {
            directive: v1::Directive::Continue.into(),
            ..Default::default()
        };
        match reply {
            StepReply::Stop(reason) => {
                response.directive = v1::Directive::Stop.into();
                response.stop_reason = v1::StopReason::from(reason).into();
            }
            StepReply::Recorded => {
                response.outcome = v1::StepOutcome::Succeeded.into();
                response.as_reported = true;
                response.result = echo;
            }
            StepReply::Succeeded(result) => {
                response.outcome = v1::StepOutcome::Succeeded.into();
                response.result = result;
            }
            StepReply::RetryScheduled { retry_at } => {
                response.outcome = v1::StepOutcome::RetryScheduled.into();
                response.retry_at_ms = retry_at;
            }
            StepReply::Failed(failure) => {
                response.outcome = v1::StepOutcome::Failed.into();
                response.failure = Some(failure.into());
            }
        }
        Ok(response)
    }

    async fn do_schedule_timer(
        &self,
        caller: &Principal,
        req: v1::ScheduleTimerRequest,
    ) -> Result<v1::CommandResponse, Status> {
        let task = self.task(caller, &req.task_token).await?;
        let stop = self
            .engine
            .schedule_timer(&task, req.position, req.name, req.duration_ms)
            .await
            .map_err(ApiError::from)?;
        Ok(v1::CommandResponse::from(stop))
    }

    async fn do_start_child(
        &self,
        caller: &Principal,
        req: v1::StartChildRequest,
    ) -> Result<v1::StartChildResponse, Status> {
        let task = self.task(caller, &req.task_token).await?;
        let child_id = if req.workflow_id.is_empty() {
            None
        } else {
            Some(WorkflowId::parse(req.workflow_id).map_err(ApiError::from)?)
        };
        let started = self
            .engine
            .start_child(&task, req.position, req.workflow_type, req.input, child_id)
            .await
            .map_err(ApiError::from)?;
        Ok(match started {
            Ok(child) => v1::StartChildResponse {
                directive: v1::Directive::Continue.into(),
                stop_reason: v1::StopReason::Unspecified.into(),
                child_workflow_id: child.into_string(),
            },
            Err(reason) => v1::StartChildResponse {
                directive: v1::Directive::Stop.into(),
                stop_reason: v1::StopReason::from(reason).into(),
                child_workflow_id: String::new(),
            },
        })
    }

    async fn do_suspend_task(
        &self,
        caller: &Principal,
        req: v1::SuspendTaskRequest,
    ) -> Result<v1::CommandResponse, Status> {
        let task = self.task(caller, &req.task_token).await?;
        let stop = self.engine.suspend(&task).await.map_err(ApiError::from)?;
        Ok(v1::CommandResponse::from(stop))
    }

    async fn do_complete_workflow(
        &self,
        caller: &Principal,
        req: v1::CompleteWorkflowRequest,
    ) -> Result<v1::CommandResponse, Status> {
        let task = self.task(caller, &req.task_token).await?;
        let outcome = match req.outcome {
            Some(v1::complete_workflow_request::Outcome::Result(result)) => Ok(result),
            Some(v1::complete_workflow_request::Outcome::Failure(failure)) => Err(failure.into()),
            None => {
                return Err(Status::invalid_argument(
                    "a workflow completion needs a result or a failure",
                ));
            }
        };
        let stop = self
            .engine
            .complete_workflow(&task, outcome)
            .await
            .map_err(ApiError::from)?;
        Ok(v1::CommandResponse::from(stop))
    }

    async fn do_wait_for_signal(
        &self,
        caller: &Principal,
        req: v1::WaitForSignalRequest,
    ) -> Result<v1::WaitForSignalResponse, Status> {
        let task = self.task(caller, &req.task_token).await?;
        let timeout = (req.timeout_ms != 0).then_some(req.timeout_ms);
        let wait = self
            .engine
            .wait_for_signal(&task, req.position, req.name, timeout)
            .await
            .map_err(ApiError::from)?;
        Ok(v1::WaitForSignalResponse::from(wait))
    }

    async fn do_request_approval(
        &self,
        caller: &Principal,
        req: v1::RequestApprovalRequest,
    ) -> Result<v1::ApprovalWaitResponse, Status> {
        let task = self.task(caller, &req.task_token).await?;
        let request = req
            .request
            .ok_or_else(|| Status::invalid_argument("the report has no approval request"))?;
        let request = aether_types::ApprovalRequest::try_from(request)
            .map_err(|e| Status::invalid_argument(e.to_string()))?;
        let wait = self
            .engine
            .request_approval(&task, req.position, request)
            .await
            .map_err(ApiError::from)?;
        Ok(v1::ApprovalWaitResponse::from(wait))
    }

    async fn do_wait_for_approval(
        &self,
        caller: &Principal,
        req: v1::WaitForApprovalRequest,
    ) -> Result<v1::ApprovalWaitResponse, Status> {
        let task = self.task(caller, &req.task_token).await?;
        let approval = aether_types::ApprovalId::parse(&req.approval_id)
            .map_err(|e| Status::invalid_argument(e.to_string()))?;
        let timeout = (req.timeout_ms != 0).then_some(req.timeout_ms);
        let wait = self
            .engine
            .wait_for_approval(&task, req.position, &approval, timeout)
            .await
            .map_err(ApiError::from)?;
        Ok(v1::ApprovalWaitResponse::from(wait))
    }

    async fn do_workspace_activity(
        &self,
        caller: &Principal,
        req: v1::WorkspaceActivityRequest,
    ) -> Result<v1::WorkspaceActivityResponse, Status> {
        let task = self.task(caller, &req.task_token).await?;
        let activity: aether_types::workspace::Activity = serde_json::from_str(&req.activity_json)
            .map_err(|e| {
                Status::invalid_argument(format!("activity_json is not a workspace call: {e}"))
            })?;
        let reply = self
            .engine
            .workspace_activity(&task, req.position, activity, req.content)
            .await
            .map_err(ApiError::from)?;
        Ok(v1::WorkspaceActivityResponse::from(reply))
    }

    async fn do_start_activity(
        &self,
        caller: &Principal,
        req: v1::StartActivityRequest,
    ) -> Result<v1::CommandResponse, Status> {
        let task = self.task(caller, &req.task_token).await?;
        let timeouts = aether_types::ActivityTimeouts::try_from(req.timeouts.unwrap_or_default())
            .map_err(Status::invalid_argument)?;
        let start = ActivityStart {
            position: req.position,
            name: req.name,
            attempt: req.attempt,
            timeouts,
            retry: req.retry_policy.map(Into::into),
        };
        let stop = self
            .engine
            .start_activity(&task, start)
            .await
            .map_err(ApiError::from)?;
        Ok(v1::CommandResponse::from(stop))
    }

    async fn do_record_heartbeat(
        &self,
        caller: &Principal,
        req: v1::RecordHeartbeatRequest,
    ) -> Result<v1::CommandResponse, Status> {
        let task = self.task(caller, &req.task_token).await?;
        let stop = self
            .engine
            .record_heartbeat(&task, req.position, req.attempt, req.details)
            .await
            .map_err(ApiError::from)?;
        Ok(v1::CommandResponse::from(stop))
    }

    /// What runs each command of a `Commands` or `CommandBatches` stream of `caller`.
    fn command_handler(
        &self,
        caller: Principal,
    ) -> impl Fn(v1::CommandRequest) -> BoxFuture<'static, v1::CommandReply> + Send + 'static {
        let api = self.clone();
        move |command| {
            let api = api.clone();
            let caller = caller.clone();
            Box::pin(async move { api.dispatch(&caller, command).await })
        }
    }

    /// Runs one multiplexed command; a refusal becomes a `CommandError` reply.
    async fn dispatch(&self, caller: &Principal, request: v1::CommandRequest) -> v1::CommandReply {
        use v1::{command_reply::Reply, command_request::Command};
        let reply = match request.command {
            Some(Command::CompleteStep(r)) => self
                .do_complete_step(caller, r)
                .await
                .map(Reply::CompleteStep),
            Some(Command::ScheduleTimer(r)) => {
                self.do_schedule_timer(caller, r).await.map(Reply::Command)
            }
            Some(Command::StartChild(r)) => {
                self.do_start_child(caller, r).await.map(Reply::StartChild)
            }
            Some(Command::SuspendTask(r)) => {
                self.do_suspend_task(caller, r).await.map(Reply::Command)
            }
            Some(Command::CompleteWorkflow(r)) => self
                .do_complete_workflow(caller, r)
                .await
                .map(Reply::Command),
            Some(Command::WaitForSignal(r)) => self
                .do_wait_for_signal(caller, r)
                .await
                .map(Reply::WaitForSignal),
            Some(Command::RequestApproval(r)) => self
                .do_request_approval(caller, r)
                .await
                .map(Reply::ApprovalWait),
            Some(Command::WaitForApproval(r)) => self
                .do_wait_for_approval(caller, r)
                .await
                .map(Reply::ApprovalWait),
            Some(Command::WorkspaceActivity(r)) => self
                .do_workspace_activity(caller, r)
                .await
                .map(Reply::WorkspaceActivity),
            Some(Command::StartActivity(r)) => {
                self.do_start_activity(caller, r).await.map(Reply::Command)
            }
            Some(Command::RecordHeartbeat(r)) => self
                .do_record_heartbeat(caller, r)
                .await
                .map(Reply::Command),
            None => Err(Status::invalid_argument(
                "a command request needs a command",
            )),
        };
        v1::CommandReply {
            id: request.id,
            reply: Some(reply.unwrap_or_else(|status| Reply::Error(multiplex::refusal(&status)))),
        }
    }
}

fn worker_id(raw: &str) -> Result<WorkerId, Status> {
    WorkerId::parse(raw).map_err(|e| Status::invalid_argument(e.to_string()))
}

fn outcome(
    outcome: Option<v1::complete_step_request::Outcome>,
) -> Result<Result<Vec<u8>, aether_types::Failure>, Status> {
    match outcome {
        Some(v1::complete_step_request::Outcome::Result(result)) => Ok(Ok(result)),
        Some(v1::complete_step_request::Outcome::Failure(failure)) => Ok(Err(failure.into())),
        None => Err(Status::invalid_argument(
            "a step report needs a result or a failure",
        )),
    }
}

#[tonic::async_trait]
impl WorkerService for WorkerApi {
    type PollTasksStream = Messages;

    async fn register(
        &self,
        request: Request<v1::RegisterRequest>,
    ) -> Result<Response<v1::RegisterResponse>, Status> {
        let caller = caller(&request);
        let req = request.into_inner();
        let id = if req.worker_id.is_empty() {
            None
        } else {
            let id = worker_id(&req.worker_id)?;
            // Before registering: registration itself expires the leases the id holds.
            self.auth.workers().claim(&caller, &id)?;
            Some(id)
        };
        let held = req
            .held_task_tokens
            .iter()
            .map(|token| wire::task_ref(token))
            .collect::<Result<Vec<_>, _>>()?;
        let id = self
            .engine
            .register_worker(id, req.workflow_types, req.capacity, held)
            .map_err(ApiError::from)?;
        // An id the engine chose is new, so nobody else owns it.
        self.auth.workers().claim(&caller, &id)?;
        Ok(Response::new(v1::RegisterResponse {
            worker_id: id.into_string(),
            heartbeat_interval_ms: self.heartbeat_interval.as_millis() as u64,
            heartbeat_timeout_ms: self.engine.options().heartbeat_timeout.as_millis() as u64,
        }))
    }

    async fn poll_tasks(
        &self,
        request: Request<v1::PollTasksRequest>,
    ) -> Result<Response<Self::PollTasksStream>, Status> {
        let caller = caller(&request);
        let id = worker_id(&request.into_inner().worker_id)?;
        self.auth.workers().check(&caller, &id)?;
        let stream = self.engine.poll(&id).map_err(ApiError::from)?;
        Ok(Response::new(Messages::new(stream)))
    }

    async fn heartbeat(
        &self,
        request: Request<v1::HeartbeatRequest>,
    ) -> Result<Response<v1::HeartbeatResponse>, Status> {
        let caller = caller(&request);
        let id = worker_id(&request.into_inner().worker_id)?;
        self.auth.workers().check(&caller, &id)?;
        Ok(Response::new(v1::HeartbeatResponse {
            known: self.engine.heartbeat(&id),
        }))
    }

    async fn complete_step(
        &self,
        request: Request<v1::CompleteStepRequest>,
    ) -> Result<Response<v1::CompleteStepResponse>, Status> {
        let caller = caller(&request);
        self.do_complete_step(&caller, request.into_inner())
            .await
            .map(Response::new)
    }

    async fn schedule_timer(
        &self,
        request: Request<v1::ScheduleTimerRequest>,
    ) -> Result<Response<v1::CommandResponse>, Status> {
        let caller = caller(&request);
        self.do_schedule_timer(&caller, request.into_inner())
            .await
            .map(Response::new)
    }

    async fn start_child(
        &self,
        request: Request<v1::StartChildRequest>,
    ) -> Result<Response<v1::StartChildResponse>, Status> {
        let caller = caller(&request);
        self.do_start_child(&caller, request.into_inner())
            .await
            .map(Response::new)
    }

    async fn suspend_task(
        &self,
        request: Request<v1::SuspendTaskRequest>,
    ) -> Result<Response<v1::CommandResponse>, Status> {
        let caller = caller(&request);
        self.do_suspend_task(&caller, request.into_inner())
            .await
            .map(Response::new)
    }

    async fn complete_workflow(
        &self,
        request: Request<v1::CompleteWorkflowRequest>,
    ) -> Result<Response<v1::CommandResponse>, Status> {
        let caller = caller(&request);
        self.do_complete_workflow(&caller, request.into_inner())
            .await
            .map(Response::new)
    }

    async fn request_approval(
        &self,
        request: Request<v1::RequestApprovalRequest>,
    ) -> Result<Response<v1::ApprovalWaitResponse>, Status> {
        let caller = caller(&request);
        self.do_request_approval(&caller, request.into_inner())
            .await
            .map(Response::new)
    }

    async fn wait_for_approval(
        &self,
        request: Request<v1::WaitForApprovalRequest>,
    ) -> Result<Response<v1::ApprovalWaitResponse>, Status> {
        let caller = caller(&request);
        self.do_wait_for_approval(&caller, request.into_inner())
            .await
            .map(Response::new)
    }

    async fn workspace_activity(
        &self,
        request: Request<v1::WorkspaceActivityRequest>,
    ) -> Result<Response<v1::WorkspaceActivityResponse>, Status> {
        let caller = caller(&request);
        self.do_workspace_activity(&caller, request.into_inner())
            .await
            .map(Response::new)
    }

    async fn start_activity(
        &self,
        request: Request<v1::StartActivityRequest>,
    ) -> Result<Response<v1::CommandResponse>, Status> {
        let caller = caller(&request);
        self.do_start_activity(&caller, request.into_inner())
            .await
            .map(Response::new)
    }

    async fn record_heartbeat(
        &self,
        request: Request<v1::RecordHeartbeatRequest>,
    ) -> Result<Response<v1::CommandResponse>, Status> {
        let caller = caller(&request);
        self.do_record_heartbeat(&caller, request.into_inner())
            .await
            .map(Response::new)
    }

    async fn wait_for_signal(
        &self,
        request: Request<v1::WaitForSignalRequest>,
    ) -> Result<Response<v1::WaitForSignalResponse>, Status> {
        let caller = caller(&request);
        self.do_wait_for_signal(&caller, request.into_inner())
            .await
            .map(Response::new)
    }

    type CommandsStream = multiplex::Replies<v1::CommandReply>;

    async fn commands(
        &self,
        request: Request<Streaming<v1::CommandRequest>>,
    ) -> Result<Response<Self::CommandsStream>, Status> {
        let handle = self.command_handler(caller(&request));
        Ok(Response::new(multiplex::serve(
            "Commands",
            request.into_inner(),
            COMMANDS_IN_FLIGHT,
            handle,
        )))
    }

    type CommandBatchesStream = multiplex::Replies<v1::CommandReplyBatch>;

    async fn command_batches(
        &self,
        request: Request<Streaming<v1::CommandBatch>>,
    ) -> Result<Response<Self::CommandBatchesStream>, Status> {
        let handle = self.command_handler(caller(&request));
        Ok(Response::new(multiplex::serve_batched(
            "CommandBatches",
            request.into_inner(),
            COMMANDS_IN_FLIGHT,
            |batch| batch.commands,
            |replies| v1::CommandReplyBatch { replies },
            handle,
        )))
    }
}
