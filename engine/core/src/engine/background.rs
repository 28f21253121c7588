//! The background loops: one attempt at each deferred effect (dispatch, children, parents,
//! cancellation, leases, timers; `deferred.rs` retries them), the timer loop, and the reaper
//! that declares silent workers dead.

use std::time::Duration;

use aether_types::{
    ChildOutcome, Failure, Millis, ParentRef, Payload, TaskToken, WorkerId, WorkflowId,
    WorkflowStatus, now_millis,
};

use super::{
    Engine, StartWorkflow, Started, WorkerMessage,
    effects::{Deferred, child_outcome},
};
use crate::{
    Error, Result,
    machine::{TASK_DEADLINE, Task, TaskDeadline},
    metrics::record,
    scheduler::Assignment,
};

fn duration_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl Engine {
    /// One attempt at `deferred`. `Ok` when it is done or no longer needed; an error that
    /// [`Error::is_transient`] has it tried again (see `deferred.rs`).
    pub(super) async fn run_one(&self, deferred: &Deferred) -> Result<()> {
        match deferred {
            Deferred::Dispatch(assignment) => self.dispatch(assignment.clone()).await,
            Deferred::Requeue(workflow_id) => self.requeue(workflow_id).await,
            Deferred::CreateChild {
                parent,
                child_id,
                workflow_type,
                input,
            } => {
                self.create_child(parent, child_id, workflow_type, input)
                    .await
            }
            Deferred::NotifyParent {
                parent,
                child_id,
                outcome,
            } => {
                self.update(&parent.workflow_id, |slot, now| {
                    if let Some(state) = slot.as_mut() {
                        state.child_finished(parent.position, child_id, outcome.clone(), now);
                    }
                    Ok(())
                })
                .await
            }
            Deferred::Cancel {
                workflow_id,
                reason,
            } => match self.cancel(workflow_id, reason.clone()).await {
                Err(Error::FailedPrecondition(_) | Error::WorkflowNotFound(_)) => Ok(()),
                other => other.map(|_| ()),
            },
            Deferred::ExpireLease {
                workflow_id,
                worker,
                keep,
            } => {
                self.update(workflow_id, |slot, _| {
                    // Alone on its store, every lease is this process's (a restart's too).
                    let node = self.inner.store.shared().then_some(&self.inner.node);
                    if let Some(state) = slot.as_mut()
                        && state.expire_lease_of(worker, keep.as_ref(), node)
                    {
                        tracing::info!(workflow = %workflow_id, %worker, "lease expired; re-dispatching");
                    }
                    Ok(())
                })
                .await
            }
            Deferred::CheckParent { child, parent } => match self.status(parent).await {
                Ok(info) if info.row.status == WorkflowStatus::Cancelled => {
                    match self
                        .cancel(child, format!("parent {parent} cancelled"))
                        .await
                    {
                        Err(Error::FailedPrecondition(_) | Error::WorkflowNotFound(_)) => Ok(()),
                        other => other.map(|_| ()),
                    }
                }
                Ok(_) | Err(Error::WorkflowNotFound(_)) => Ok(()),
                Err(err) => Err(err),
            },
            Deferred::Deadline {
                workflow_id,
                position: TASK_DEADLINE,
            } => self.task_deadline_reached(workflow_id.clone()).await,
            Deferred::Deadline {
                workflow_id,
                position,
            } => {
                let ahead = self
                    .update(workflow_id, |slot, now| {
                        Ok(slot
                            .as_mut()
                            .and_then(|state| state.deadline_reached(*position, now)))
                    })
                    .await?;
                // The in-memory timer is gone once popped: a deadline moved later (a heartbeat)
                // must be armed again, or the wait stays open until a restart.
                if let Some(at) = ahead {
                    self.inner.timers.insert(at, workflow_id.clone(), *position);
                }
                Ok(())
            }
            Deferred::CheckApproval {
                workflow_id,
                approval,
            } => self.check_approval(workflow_id, approval).await,
        }
    }

    /// Leases the workflow to the worker the scheduler reserved for it and sends the task. A
    /// failed write gives the reservation back and fails, so that the retry queues the workflow
    /// again ([`Deferred::retried`]).
    pub(super) async fn dispatch(&self, assignment: Assignment) -> Result<()> {
        let Assignment { workflow, worker } = assignment;
        let token = TaskToken::generate();
        let max_task = self
            .inner
            .options
            .max_journal_bytes
            .saturating_add(self.inner.options.max_payload_bytes);
        let task = self
            .update(&workflow, |slot, now| {
                Ok(slot.as_mut().and_then(|state| {
                    // What grew the journal past the cap was refused when reported; this is for
                    // anything else (a child's result, a signal, a workspace call's outcome), so
                    // that a task too large to send fails its workflow instead of its worker.
                    if !state.is_terminal()
                        && state.is_runnable()
                        && state.input.len().saturating_add(state.journal_bytes()) > max_task
                    {
                        state.fail_unsendable(
                            Failure::journal_too_large(format!(
                                "the task of workflow {} would carry more than {max_task} bytes of input and journal (limits.max_payload_bytes + limits.max_journal_bytes)",
                                state.row.id
                            )),
                            now,
                        );
                        return None;
                    }
                    // Its last action is what made it runnable (a start, a timer, a decision),
                    // so the time since is its wait for a worker.
                    let runnable_since = state.row.updated_at;
                    state
                        .dispatch(&worker, token.clone(), Some(&self.inner.node), now)
                        .map(|task| (task, now - runnable_since))
                }))
            })
            .await;
        match task {
            Ok(Some((task, waited_ms))) => self.send_task(worker, task, waited_ms),
            Ok(None) => {
                let next = self.inner.scheduler.release(&worker, &workflow);
                self.defer_dispatch(next);
            }
            Err(err) => {
                let next = self.inner.scheduler.release(&worker, &workflow);
                self.defer_dispatch(next);
                return Err(err);
            }
        }
        Ok(())
    }

    /// Sends a task whose lease is committed to the worker holding it; should the worker be gone
    /// by now, the lease is expired so that the workflow goes to another.
    pub(super) fn send_task(&self, worker: WorkerId, task: Task, waited_ms: Millis) {
        record::dispatched(&task.workflow_type, waited_ms);
        self.inner
            .metrics
            .tasks_dispatched
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let workflow_id = task.workflow_id.clone();
        if !self
            .inner
            .scheduler
            .send(&worker, WorkerMessage::Task(task))
        {
            self.defer(Deferred::ExpireLease {
                workflow_id,
                worker,
                keep: None,
            });
        }
    }

    /// Every quarter of the task timeout, checks every lease this node holds: a lease is a
    /// reservation in the scheduler, so the sweep costs nothing per workflow dispatched and a
    /// lease ends at most a quarter of the timeout late.
    pub(super) async fn run_task_sweeper(self) {
        let Some(timeout) = self.inner.options.task_timeout else {
            return;
        };
        let mut interval = quarter_ticks(timeout, Duration::from_secs(60));
        loop {
            tokio::select! {
                _ = self.inner.shutdown.cancelled() => return,
                _ = interval.tick() => {}
            }
            for workflow_id in self.inner.scheduler.all_reserved() {
                self.defer(Deferred::Deadline {
                    workflow_id,
                    position: TASK_DEADLINE,
                });
            }
        }
    }

    /// The task deadline of `workflow` may have passed: a task that reported nothing for the task
    /// timeout loses its lease, and its worker is told to drop it.
    async fn task_deadline_reached(&self, workflow: WorkflowId) -> Result<()> {
        let Some(timeout) = self.inner.options.task_timeout else {
            return Ok(());
        };
        let timeout_ms = duration_ms(timeout);
        let reached = self
            .update(&workflow, |slot, now| {
                Ok(slot
                    .as_mut()
                    .map(|state| state.task_deadline_reached(timeout_ms, now)))
            })
            .await;
        match reached {
            // The next sweep looks again.
            Ok(Some(TaskDeadline::Ahead(_) | TaskDeadline::Idle) | None) => Ok(()),
            Ok(Some(TaskDeadline::Expired(lease))) => {
                tracing::warn!(workflow = %workflow, worker = %lease.worker_id, timeout_ms, "task reported nothing within the task timeout; its lease ended");
                self.inner.scheduler.send(
                    &lease.worker_id,
                    WorkerMessage::Cancel {
                        workflow_id: workflow,
                        token: lease.token,
                        reason: format!(
                            "the task reported nothing for {timeout_ms} ms (limits.task_timeout_ms)"
                        ),
                    },
                );
                Ok(())
            }
            Err(err) => Err(err),
        }
    }

    /// Queues the workflow again if it is still runnable, and dispatches it at once if a worker
    /// has room: the retry of a dispatch that failed.
    async fn requeue(&self, id: &WorkflowId) -> Result<()> {
        let runnable = self
            .update(id, |slot, _| {
                Ok(slot
                    .as_ref()
                    .filter(|s| s.is_runnable())
                    .map(|s| (s.row.workflow_type.clone(), super::effects::affinity(s))))
            })
            .await?;
        let Some((workflow_type, affinity)) = runnable else {
            return Ok(());
        };
        match self
            .inner
            .scheduler
            .enqueue(id.clone(), &workflow_type, affinity)
        {
            Some(assignment) => self.dispatch(assignment).await,
            None => Ok(()),
        }
    }

    /// Creates the child a parent waits on (idempotent by its id). A child that cannot be
    /// created (a bad type name, an input over the cap) fails the parent's wait; a store that
    /// is unavailable has the creation retried instead, since the child may yet start.
    pub(super) async fn create_child(
        &self,
        parent: &ParentRef,
        child_id: &WorkflowId,
        workflow_type: &str,
        input: &Payload,
    ) -> Result<()> {
        let started = self
            .start_workflow(StartWorkflow {
                workflow_type: workflow_type.to_owned(),
                input: input.clone(),
                workflow_id: Some(child_id.clone()),
                parent: Some(parent.clone()),
                execution_timeout_ms: None,
            })
            .await;
        let outcome = match started {
            Ok(Started { created: true, .. }) => return Ok(()),
            // The child already existed (a replay, a restart): if it is done, its parent hears
            // of it now, since its completion may predate the parent's wait.
            Ok(Started { created: false, .. }) => {
                match child_outcome(&self.status(child_id).await?) {
                    Some(outcome) => outcome,
                    None => return Ok(()),
                }
            }
            Err(err) if err.is_transient() => return Err(err),
            Err(err) => ChildOutcome::Failed {
                failure: Failure::new("ChildStartError", err.to_string()),
            },
        };
        self.defer(Deferred::NotifyParent {
            parent: parent.clone(),
            child_id: child_id.clone(),
            outcome,
        });
        Ok(())
    }

    pub(super) async fn run_timers(self) {
        loop {
            let (due, next) = self.inner.timers.pop_due(now_millis());
            for (workflow_id, position) in due {
                self.defer(Deferred::Deadline {
                    workflow_id,
                    position,
                });
            }
            let sleep = match next {
                Some(at) => Duration::from_millis(u64::try_from(at - now_millis()).unwrap_or(0)),
                None => Duration::from_secs(3600),
            };
            tokio::select! {
                _ = self.inner.shutdown.cancelled() => return,
                _ = tokio::time::sleep(sleep) => {}
                _ = self.inner.timers.changed() => {}
            }
        }
    }

    pub(super) async fn run_reaper(self) {
        let timeout = self.inner.options.heartbeat_timeout;
        let mut interval = quarter_ticks(timeout, Duration::from_secs(1));
        loop {
            tokio::select! {
                _ = self.inner.shutdown.cancelled() => return,
                _ = interval.tick() => {}
            }
            for (worker, workflows) in self
                .inner
                .scheduler
                .remove_dead(timeout, std::time::Instant::now())
            {
                tracing::warn!(%worker, tasks = workflows.len(), "worker missed its heartbeats; declared dead");
                for workflow_id in workflows {
                    self.defer(Deferred::ExpireLease {
                        workflow_id,
                        worker: worker.clone(),
                        keep: None,
                    });
                }
            }
        }
    }
}

impl Engine {
    /// Evicts idle workflows every quarter of the idle time, and whenever the cache passes its
    /// bound (at most every few milliseconds: when nothing may leave, inserts keep waking it).
    pub(super) async fn run_cache_sweeper(self) {
        const PAUSE: Duration = Duration::from_millis(100);
        let cache = &self.inner.cache;
        let mut interval = quarter_ticks(cache.bounds().idle, Duration::from_secs(10));
        loop {
            tokio::select! {
                _ = self.inner.shutdown.cancelled() => return,
                _ = interval.tick() => {}
                _ = cache.over_bound() => {}
            }
            let evicted = cache.sweep(std::time::Instant::now());
            if evicted > 0 {
                tracing::debug!(evicted, cached = cache.len(), "workflows left the cache");
            }
            tokio::select! {
                _ = self.inner.shutdown.cancelled() => return,
                _ = tokio::time::sleep(PAUSE) => {}
            }
        }
    }
}

/// Ticks every quarter of `timeout` (at least 20 ms, at most `longest`), so what the timeout
/// bounds ends at most a quarter late; a late tick delays the next rather than bursting.
fn quarter_ticks(timeout: Duration, longest: Duration) -> tokio::time::Interval {
    let period = (timeout / 4).clamp(Duration::from_millis(20), longest);
    let mut interval = tokio::time::interval(period);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    interval
}
