//! The background loops: deferred effects (dispatch, children, parents, cancellation, leases,
//! timers), the timer loop, and the reaper that declares silent workers dead.

use std::time::Duration;

use aether_types::{
    ChildOutcome, Failure, ParentRef, Payload, TaskToken, WorkflowId, WorkflowStatus, now_millis,
};
use tokio::sync::mpsc;

use super::{
    Engine, StartWorkflow, Started, WorkerMessage,
    effects::{Deferred, Effect, child_outcome},
};
use crate::{Error, Result, metrics::record, scheduler::Assignment};

impl Engine {
    pub(super) async fn run_deferred(self, mut rx: mpsc::UnboundedReceiver<Deferred>) {
        loop {
            let deferred = tokio::select! {
                _ = self.inner.shutdown.cancelled() => return,
                next = rx.recv() => match next {
                    Some(deferred) => deferred,
                    None => return,
                },
            };
            let engine = self.clone();
            tokio::spawn(async move { engine.run_one(deferred).await });
        }
    }

    pub(super) async fn run_one(&self, deferred: Deferred) {
        let outcome = match deferred {
            Deferred::Dispatch(assignment) => {
                self.dispatch(assignment).await;
                Ok(())
            }
            Deferred::CreateChild {
                parent,
                child_id,
                workflow_type,
                input,
            } => self.create_child(parent, child_id, workflow_type, input).await,
            Deferred::NotifyParent {
                parent,
                child_id,
                outcome,
            } => self
                .update(&parent.workflow_id, |slot, now| {
                    if let Some(state) = slot.as_mut() {
                        state.child_finished(parent.position, &child_id, outcome.clone(), now);
                    }
                    Ok(())
                })
                .await,
            Deferred::Cancel {
                workflow_id,
                reason,
            } => match self.cancel(&workflow_id, reason).await {
                Err(Error::FailedPrecondition(_) | Error::WorkflowNotFound(_)) => Ok(()),
                other => other.map(|_| ()),
            },
            Deferred::ExpireLease {
                workflow_id,
                worker,
                keep,
            } => self
                .update(&workflow_id, |slot, _| {
                    if let Some(state) = slot.as_mut()
                        && state.expire_lease_of(&worker, keep.as_ref())
                    {
                        tracing::info!(workflow = %workflow_id, %worker, "lease expired; re-dispatching");
                    }
                    Ok(())
                })
                .await,
            Deferred::CheckParent { child, parent } => match self.status(&parent).await {
                Ok(info) if info.row.status == WorkflowStatus::Cancelled => {
                    match self.cancel(&child, format!("parent {parent} cancelled")).await {
                        Err(Error::FailedPrecondition(_)) => Ok(()),
                        other => other.map(|_| ()),
                    }
                }
                Ok(_) | Err(Error::WorkflowNotFound(_)) => Ok(()),
                Err(err) => Err(err),
            },
            Deferred::Deadline {
                workflow_id,
                position,
            } => {
                let ahead = self
                    .update(&workflow_id, |slot, now| {
                        Ok(slot
                            .as_mut()
                            .and_then(|state| state.deadline_reached(position, now)))
                    })
                    .await;
                // The in-memory timer is gone once popped: whatever did not end the wait must
                // arm it again, or the wait stays open until a restart.
                let at = match ahead {
                    Ok(Some(at)) => Some(at),
                    Ok(None) => None,
                    Err(ref err) => {
                        tracing::warn!(workflow = %workflow_id, error = %err, "a passed deadline was not recorded; retrying shortly");
                        Some(now_millis().saturating_add(500))
                    }
                };
                if let Some(at) = at {
                    self.inner.timers.insert(at, workflow_id, position);
                }
                ahead.map(|_| ())
            }
            Deferred::CheckApproval {
                workflow_id,
                approval,
            } => {
                let checked = self.check_approval(&workflow_id, &approval).await;
                if let Err(err) = &checked {
                    // Until it is checked the workflow may wait on a decision already made.
                    tracing::warn!(workflow = %workflow_id, %approval, error = %err, "an approval wait was not checked; retrying shortly");
                    let engine = self.clone();
                    tokio::spawn(async move {
                        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                        engine.defer(Deferred::CheckApproval {
                            workflow_id,
                            approval,
                        });
                    });
                }
                checked
            }
        };
        if let Err(err) = outcome {
            tracing::warn!(error = %err, "background engine action failed");
        }
    }

    pub(super) async fn dispatch(&self, assignment: Assignment) {
        let Assignment { workflow, worker } = assignment;
        let token = TaskToken::generate();
        let task = self
            .update(&workflow, |slot, now| {
                Ok(slot.as_mut().and_then(|state| {
                    // Its last action is what made it runnable (a start, a timer, a decision),
                    // so the time since is its wait for a worker.
                    let runnable_since = state.row.updated_at;
                    state
                        .dispatch(&worker, token.clone(), now)
                        .map(|task| (task, now - runnable_since))
                }))
            })
            .await;
        match task {
            Ok(Some((task, waited_ms))) => {
                record::dispatched(&task.workflow_type, waited_ms);
                self.inner
                    .metrics
                    .tasks_dispatched
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if !self
                    .inner
                    .scheduler
                    .send(&worker, WorkerMessage::Task(task))
                {
                    // The worker went away between the reservation and the send.
                    self.defer(Deferred::ExpireLease {
                        workflow_id: workflow,
                        worker,
                        keep: None,
                    });
                }
            }
            Ok(None) => {
                let next = self.inner.scheduler.release(&worker, &workflow);
                self.defer_dispatch(next);
            }
            Err(err) => {
                tracing::warn!(workflow = %workflow, error = %err, "dispatch failed; retrying shortly");
                let next = self.inner.scheduler.release(&worker, &workflow);
                self.defer_dispatch(next);
                self.requeue_later(workflow);
            }
        }
    }

    /// Queues the workflow again after a pause, if it is still runnable: a dispatch that failed
    /// (the database briefly unavailable) must not strand it.
    pub(super) fn requeue_later(&self, id: WorkflowId) {
        let engine = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let runnable = engine
                .update(&id, |slot, _| {
                    Ok(slot
                        .as_ref()
                        .filter(|s| s.is_runnable())
                        .map(|s| (s.row.workflow_type.clone(), s.row.last_worker.clone())))
                })
                .await;
            match runnable {
                Ok(Some((workflow_type, affinity))) => {
                    engine.apply(&id, &workflow_type, vec![Effect::Enqueue { affinity }]);
                }
                Ok(None) => {}
                Err(err) => {
                    tracing::warn!(workflow = %id, error = %err, "re-queueing failed; retrying");
                    engine.requeue_later(id);
                }
            }
        });
    }

    pub(super) async fn create_child(
        &self,
        parent: ParentRef,
        child_id: WorkflowId,
        workflow_type: String,
        input: Payload,
    ) -> Result<()> {
        let started = self
            .start_workflow(StartWorkflow {
                workflow_type,
                input,
                workflow_id: Some(child_id.clone()),
                parent: Some(parent.clone()),
            })
            .await;
        let outcome = match started {
            Ok(Started { created: true, .. }) => return Ok(()),
            // The child already existed (a replay, a restart): if it is done, its parent hears
            // of it now, since its completion may predate the parent's wait.
            Ok(Started { created: false, .. }) => {
                match child_outcome(&self.status(&child_id).await?) {
                    Some(outcome) => outcome,
                    None => return Ok(()),
                }
            }
            Err(err) => ChildOutcome::Failed {
                failure: Failure::new("ChildStartError", err.to_string()),
            },
        };
        self.defer(Deferred::NotifyParent {
            parent,
            child_id,
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
        let period = (timeout / 4).clamp(Duration::from_millis(20), Duration::from_secs(1));
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
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
