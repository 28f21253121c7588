//! The worker API: registration, the task stream, heartbeats, and the reports of a leased task.

use aether_types::{Failure, Payload, TaskRef, WorkerId, WorkflowId};

use super::{Engine, StreamGuard, TaskStream, effects::Deferred, leased, update::Freshness};
use crate::{
    Error, Result,
    machine::{ActivityStart, SignalWait, StepReply, StepReport, StopReason, check_name},
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
        // The scheduler gives the most tasks to the worker with the most room: an unbounded
        // declaration would take every task of its types.
        let max = self.inner.options.max_worker_capacity;
        if capacity > max {
            return Err(Error::InvalidArgument(format!(
                "capacity {capacity} exceeds the server's maximum of {max} (limits.max_worker_capacity)"
            )));
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
        if self.inner.store.shared() {
            // A worker that comes from another node (its own died, or it lost its connection
            // there) keeps the tasks it still runs: this node takes their leases over.
            let reserved = self.inner.scheduler.reserved(&id);
            let moved: Vec<TaskRef> = held
                .into_iter()
                .filter(|t| !reserved.contains(&t.workflow_id))
                .collect();
            if !moved.is_empty() {
                tokio::spawn(self.clone().take_over_leases(id.clone(), moved));
            }
        }
        tracing::debug!(worker = %id, capacity, "worker registered");
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

    /// The worker holding the lease `task` names, while that lease is current: who may report
    /// on it. `None` for a lease that ended (the engine refuses its reports by itself).
    pub async fn lease_holder(&self, task: &TaskRef) -> Result<Option<WorkerId>> {
        let read = |freshness| {
            self.update_with(&task.workflow_id, freshness, |slot, _| {
                Ok(slot
                    .as_ref()
                    .and_then(|state| state.row.lease.as_ref())
                    .filter(|lease| lease.token == task.token)
                    .map(|lease| lease.worker_id.clone()))
            })
        };
        // The token is unique to its lease, so a match in the cache is the truth; only a
        // shared store's cache can miss a lease another node wrote.
        let cached = read(Freshness::Cached).await?;
        if cached.is_some() || !self.inner.store.shared() {
            return Ok(cached);
        }
        read(Freshness::Reload).await
    }

    pub async fn complete_step(&self, task: &TaskRef, report: StepReport) -> Result<StepReply> {
        // By reference, so that a command re-run after a version conflict (another node wrote
        // first) has the report again: the worker never has to resend.
        let max_payload = self.inner.options.max_payload_bytes;
        let max_journal = self.inner.options.max_journal_bytes;
        self.update(&task.workflow_id, |slot, now| {
            let state = leased(slot, task, now)?;
            if let Ok(result) = &report.outcome {
                let too_large = if result.len() > max_payload {
                    Some(Failure::payload_too_large(format!(
                        "step '{}' at position {} returned {} bytes; the maximum is {max_payload} (limits.max_payload_bytes)",
                        report.name,
                        report.position,
                        result.len()
                    )))
                } else {
                    let journal = state.journal_bytes().saturating_add(result.len());
                    (journal > max_journal).then(|| {
                        Failure::journal_too_large(format!(
                            "with the result of step '{}' at position {} the journal would hold {journal} bytes; the maximum is {max_journal} (limits.max_journal_bytes)",
                            report.name, report.position
                        ))
                    })
                };
                if let Some(failure) = too_large {
                    return Ok(StepReply::Stop(state.fail_for_size(&task.token, failure, now)));
                }
            }
            state.complete_step(&task.token, &report, now)
        })
        .await
    }

    /// An attempt of an activity with engine-enforced timeouts started: recorded, and its
    /// deadlines armed.
    pub async fn start_activity(
        &self,
        task: &TaskRef,
        start: ActivityStart,
    ) -> Result<Option<StopReason>> {
        self.update(&task.workflow_id, |slot, now| {
            leased(slot, task, now)?.start_activity(&task.token, &start, now)
        })
        .await
    }

    /// A heartbeat of an activity attempt: kept in memory (no write), moving its heartbeat
    /// deadline.
    pub async fn record_heartbeat(
        &self,
        task: &TaskRef,
        position: u32,
        attempt: u32,
        details: Option<Payload>,
    ) -> Result<Option<StopReason>> {
        self.update(&task.workflow_id, |slot, now| {
            leased(slot, task, now)?.record_heartbeat(
                &task.token,
                position,
                attempt,
                details.clone(),
                now,
            )
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
            leased(slot, task, now)?.schedule_timer(
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
        let max_payload = self.inner.options.max_payload_bytes;
        self.update(&task.workflow_id, |slot, now| {
            let state = leased(slot, task, now)?;
            if input.len() > max_payload {
                let failure = Failure::payload_too_large(format!(
                    "the input of child '{workflow_type}' at position {position} is {} bytes; the maximum is {max_payload} (limits.max_payload_bytes)",
                    input.len()
                ));
                return Ok(Err(state.fail_for_size(&task.token, failure, now)));
            }
            state.start_child(
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
            leased(slot, task, now)?.wait_for_signal(
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
        self.update(&task.workflow_id, |slot, now| {
            Ok(leased(slot, task, now)?.suspend(&task.token))
        })
        .await
    }

    pub async fn complete_workflow(
        &self,
        task: &TaskRef,
        outcome: std::result::Result<Payload, Failure>,
    ) -> Result<Option<StopReason>> {
        let max_payload = self.inner.options.max_payload_bytes;
        self.update(&task.workflow_id, |slot, now| {
            let state = leased(slot, task, now)?;
            if let Ok(result) = &outcome
                && result.len() > max_payload
            {
                let failure = Failure::payload_too_large(format!(
                    "the workflow's result is {} bytes; the maximum is {max_payload} (limits.max_payload_bytes)",
                    result.len()
                ));
                return Ok(Some(state.fail_for_size(&task.token, failure, now)));
            }
            Ok(state.complete(&task.token, outcome.clone(), now))
        })
        .await
    }
}
