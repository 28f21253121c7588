//! The worker API: registration, the task stream, heartbeats, and the reports of a leased task.

use aether_types::{Failure, Payload, TaskRef, WorkerId, WorkflowId};

use super::{Engine, StreamGuard, TaskStream, effects::Deferred, existing};
use crate::{
    Error, Result,
    machine::{SignalWait, StepReply, StepReport, StopReason, check_name},
};

impl Engine {
    /// Registers a worker (or re-registers one after a reconnect). `held` are the tasks the
    /// worker is still running: any other lease the engine thinks it holds was lost on the way
    /// (a task sent as the connection broke, a restart) and is expired so the workflow moves on.
    pub fn register_worker(
        &self,
        worker_id: Option<WorkerId>,
        workflow_types: Vec<String>,
        capacity: u32,
        held: Vec<TaskRef>,
    ) -> Result<WorkerId> {
        if workflow_types.is_empty() {
            return Err(Error::InvalidArgument(
                "a worker must serve at least one workflow type".into(),
            ));
        }
        for t in &workflow_types {
            check_name("workflow type", t)?;
        }
        if capacity == 0 {
            return Err(Error::InvalidArgument("capacity must be at least 1".into()));
        }
        let id = worker_id.unwrap_or_else(WorkerId::generate);
        self.inner
            .scheduler
            .register(id.clone(), workflow_types, capacity as usize);
        for workflow_id in self.inner.scheduler.reserved(&id) {
            let keep = held
                .iter()
                .find(|t| t.workflow_id == workflow_id)
                .map(|t| t.token.clone());
            self.defer(Deferred::ExpireLease {
                workflow_id,
                worker: id.clone(),
                keep,
            });
        }
        tracing::debug!(worker = %id, capacity, held = held.len(), "worker registered");
        Ok(id)
    }

    /// Opens the worker's task stream; tasks flow as soon as it has free capacity.
    pub fn poll(&self, worker: &WorkerId) -> Result<TaskStream> {
        let (stream_id, messages, assignments) = self
            .inner
            .scheduler
            .connect(worker)
            .ok_or_else(|| Error::WorkerNotFound(worker.to_string()))?;
        self.defer_dispatch(assignments);
        Ok(TaskStream {
            messages,
            _guard: StreamGuard {
                engine: self.clone(),
                worker: worker.clone(),
                stream_id,
            },
        })
    }

    /// False when the worker is unknown (declared dead, or the engine restarted).
    pub fn heartbeat(&self, worker: &WorkerId) -> bool {
        self.inner.scheduler.heartbeat(worker)
    }

    pub async fn complete_step(&self, task: &TaskRef, report: StepReport) -> Result<StepReply> {
        // By reference, so that a command re-run after a version conflict (another node wrote
        // first) has the report again: the worker never has to resend.
        self.update(&task.workflow_id, |slot, now| {
            existing(slot, &task.workflow_id)?.complete_step(&task.token, &report, now)
        })
        .await
    }

    pub async fn schedule_timer(
        &self,
        task: &TaskRef,
        position: u32,
        name: String,
        duration_ms: u64,
    ) -> Result<Option<StopReason>> {
        self.update(&task.workflow_id, |slot, now| {
            existing(slot, &task.workflow_id)?.schedule_timer(
                &task.token,
                position,
                name.clone(),
                duration_ms,
                now,
            )
        })
        .await
    }

    pub async fn start_child(
        &self,
        task: &TaskRef,
        position: u32,
        workflow_type: String,
        input: Payload,
        child_id: Option<WorkflowId>,
    ) -> Result<std::result::Result<WorkflowId, StopReason>> {
        self.update(&task.workflow_id, |slot, now| {
            existing(slot, &task.workflow_id)?.start_child(
                &task.token,
                position,
                workflow_type.clone(),
                input.clone(),
                child_id.clone(),
                now,
            )
        })
        .await
    }

    pub async fn wait_for_signal(
        &self,
        task: &TaskRef,
        position: u32,
        name: String,
        timeout_ms: Option<u64>,
    ) -> Result<std::result::Result<SignalWait, StopReason>> {
        self.update(&task.workflow_id, |slot, now| {
            existing(slot, &task.workflow_id)?.wait_for_signal(
                &task.token,
                position,
                name.clone(),
                timeout_ms,
                now,
            )
        })
        .await
    }

    pub async fn suspend(&self, task: &TaskRef) -> Result<Option<StopReason>> {
        self.update(&task.workflow_id, |slot, _| {
            Ok(existing(slot, &task.workflow_id)?.suspend(&task.token))
        })
        .await
    }

    pub async fn complete_workflow(
        &self,
        task: &TaskRef,
        outcome: std::result::Result<Payload, Failure>,
    ) -> Result<Option<StopReason>> {
        self.update(&task.workflow_id, |slot, now| {
            Ok(existing(slot, &task.workflow_id)?.complete(&task.token, outcome.clone(), now))
        })
        .await
    }
}
