//! The client API: start, read, wait on and cancel workflows.

use std::time::Duration;

use aether_types::{
    HistoryEvent, ListFilter, Payload, TaskToken, WorkflowId, WorkflowRow, WorkflowStatus,
};
use tokio::sync::oneshot;

use super::{
    Engine, StartWorkflow, Started, WorkflowInfo, existing, info_of, lock, update::Freshness,
};
use crate::{
    Error, Result,
    machine::{SignalAccepted, WorkflowState, check_name},
    metrics::{MetricsSnapshot, RecentActivity},
    scheduler::{Affinity, WorkerSnapshot},
};

impl Engine {
    pub async fn start_workflow(&self, request: StartWorkflow) -> Result<Started> {
        check_name("workflow type", &request.workflow_type)?;
        let max = self.inner.options.max_payload_bytes;
        if request.input.len() > max {
            return Err(Error::InvalidArgument(format!(
                "the input is {} bytes; the maximum is {max} (limits.max_payload_bytes)",
                request.input.len()
            )));
        }
        // In a task of its own, like a commit: a caller that leaves (a client hanging up)
        // must not stop a committed start from sending the task its commit leased.
        let engine = self.clone();
        tokio::spawn(async move { engine.create(request).await })
            .await
            .unwrap_or_else(|err| {
                Err(Error::Unavailable(format!(
                    "the start of a workflow did not finish: {err}"
                )))
            })
    }

    async fn create(&self, request: StartWorkflow) -> Result<Started> {
        let (id, freshness) = match &request.workflow_id {
            Some(id) => (id.clone(), Freshness::Cached),
            None => (WorkflowId::generate(), Freshness::New),
        };
        // A worker with room right now takes the workflow in the start's own commit: the
        // start and its first lease share one write instead of two in a row.
        let reserved = self
            .inner
            .scheduler
            .assign_now(&id, &request.workflow_type, &Affinity::Any);
        let reply = |created| Started {
            workflow_id: id.clone(),
            created,
        };
        let outcome = self
            .update_with(&id, freshness, |slot, now| {
                if slot.is_some() {
                    return Ok((reply(false), None));
                }
                let mut state = WorkflowState::start(
                    id.clone(),
                    request.workflow_type.clone(),
                    request.input.clone(),
                    request.parent.clone(),
                    request.execution_timeout_ms,
                    now,
                );
                let task = reserved.as_ref().and_then(|assignment| {
                    state.dispatch(
                        &assignment.worker,
                        TaskToken::generate(),
                        Some(&self.inner.node),
                        now,
                    )
                });
                *slot = Some(state);
                Ok((reply(true), task))
            })
            .await;
        match (outcome, reserved) {
            (Ok((started, Some(task))), Some(assignment)) => {
                self.send_task(assignment.worker, task, 0);
                Ok(started)
            }
            (started, reserved) => {
                // Not created here (it existed, or the write failed): the worker's room goes
                // back to the queues.
                if let Some(assignment) = reserved {
                    let next = self
                        .inner
                        .scheduler
                        .release(&assignment.worker, &assignment.workflow);
                    self.defer_dispatch(next);
                }
                started.map(|(started, _)| started)
            }
        }
    }

    /// Whether the store answers within `timeout`: for health checks, which must answer fast
    /// even when the database does not.
    pub async fn ping_store(&self, timeout: Duration) -> Result<()> {
        match tokio::time::timeout(timeout, self.inner.store.ping()).await {
            Ok(answer) => Ok(answer?),
            Err(_) => Err(Error::Unavailable(format!(
                "the store did not answer within {} ms",
                timeout.as_millis()
            ))),
        }
    }

    /// `await_result` calls waiting right now, for every workflow.
    pub fn waiting_calls(&self) -> usize {
        lock(&self.inner.waiters).values().map(Vec::len).sum()
    }

    pub async fn status(&self, id: &WorkflowId) -> Result<WorkflowInfo> {
        self.update_with(id, self.read_freshness(), |slot, _| {
            Ok(info_of(existing(slot, id)?))
        })
        .await
    }

    /// Waits until the workflow is terminal or `timeout` (capped by the options) passes, then
    /// returns its status either way.
    pub async fn await_result(&self, id: &WorkflowId, timeout: Duration) -> Result<WorkflowInfo> {
        let (tx, rx) = oneshot::channel();
        let mut tx = Some(tx);
        // Whatever ends this call (an answer, the timeout, the client going away and dropping
        // the future) removes its waiter, so abandoned calls cannot pile up.
        let mut waiting = Waiting {
            engine: self,
            id,
            rx: Some(rx),
        };
        // The cached state is enough here even with a shared store: a workflow another node
        // finishes is announced (`Notice::Closed`), which wakes this waiter, and the answer is
        // read fresh below. At worst a close that slips past a stale cache costs one wait slice.
        let info = self
            .update(id, |slot, _| {
                let state = existing(slot, id)?;
                if !state.is_terminal()
                    && let Some(tx) = tx.take()
                {
                    // Registered under the workflow's lock, so the close cannot slip between the
                    // check and the registration.
                    lock(&self.inner.waiters)
                        .entry(id.clone())
                        .or_default()
                        .push(tx);
                }
                Ok(info_of(state))
            })
            .await?;
        if info.row.status.is_terminal() {
            return Ok(info);
        }
        let timeout = timeout.min(self.inner.options.max_await);
        let Some(rx) = waiting.rx.as_mut() else {
            return self.status(id).await;
        };
        let woken = tokio::time::timeout(timeout, rx).await;
        if let Ok(Ok(Some(info))) = woken {
            // Closed on this node: its final state came with the wake-up.
            return Ok(*info);
        }
        drop(waiting);
        self.status(id).await
    }

    pub async fn cancel(&self, id: &WorkflowId, reason: String) -> Result<WorkflowStatus> {
        self.update(id, |slot, now| {
            let state = existing(slot, id)?;
            state.cancel(reason.clone(), now)?;
            Ok(state.row.status)
        })
        .await
    }

    /// Sends a signal: recorded in the workflow's log, then kept until a wait takes it.
    pub async fn signal(
        &self,
        id: &WorkflowId,
        name: String,
        payload: Payload,
        idempotency_key: Option<String>,
    ) -> Result<SignalAccepted> {
        self.update(id, |slot, now| {
            existing(slot, id)?.signal(name.clone(), payload.clone(), idempotency_key.clone(), now)
        })
        .await
    }

    pub async fn history(&self, id: &WorkflowId) -> Result<Vec<HistoryEvent>> {
        match self.inner.store.history(id).await {
            Err(aether_store::Error::NotFound(_)) => Err(Error::WorkflowNotFound(id.clone())),
            other => Ok(other?),
        }
    }

    pub async fn list(&self, filter: &ListFilter) -> Result<Vec<WorkflowRow>> {
        Ok(self.inner.store.list(filter).await?)
    }

    pub fn metrics(&self) -> MetricsSnapshot {
        let workers = self.inner.scheduler.workers();
        MetricsSnapshot {
            queue_depth: self.inner.scheduler.queue_depth() as u64,
            timers_pending: self.inner.timers.len() as u64,
            workers_connected: workers.iter().filter(|w| w.connected).count() as u64,
            uptime_ms: self.inner.started_at.elapsed().as_millis() as u64,
            ..self.inner.metrics.snapshot()
        }
    }

    /// This node's last few minutes: runs started and finished per bucket, and how long the
    /// finished ones took.
    pub fn recent_activity(&self) -> RecentActivity {
        self.inner
            .metrics
            .recent
            .snapshot(aether_types::now_millis())
    }

    /// Workflows per status and active ones per wait, from the store (every node's).
    pub async fn counts(&self) -> Result<aether_store::StatusCounts> {
        Ok(self.inner.store.counts().await?)
    }

    pub fn workers(&self) -> Vec<WorkerSnapshot> {
        self.inner.scheduler.workers()
    }
}

/// An `await_result` call's registration: dropping it (the call answered, timed out, or was
/// abandoned by its client) closes its receiver and removes every closed waiter of the workflow.
struct Waiting<'a> {
    engine: &'a Engine,
    id: &'a WorkflowId,
    rx: Option<oneshot::Receiver<Option<Box<WorkflowInfo>>>>,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        drop(self.rx.take());
        let mut waiters = lock(&self.engine.inner.waiters);
        if let Some(list) = waiters.get_mut(self.id) {
            list.retain(|tx| !tx.is_closed());
            if list.is_empty() {
                waiters.remove(self.id);
            }
        }
    }
}
