//! Several nodes on one database: take up work other nodes made runnable, fire timers they set,
//! and wake local waiters of workflows they closed.

use std::time::Duration;

use aether_store::Notice;
use aether_types::{WorkflowId, now_millis};

use super::{Engine, effects::Effect, update::Freshness};
use crate::Result;

impl Engine {
    /// With a shared store (several nodes on one PostgreSQL database): take up workflows other
    /// nodes made runnable when local workers have room, fire timers other nodes set, and wake
    /// local waiters of workflows other nodes finished. Notices make it prompt; the poll makes
    /// it certain.
    pub(super) async fn run_cluster(self) {
        const POLL: Duration = Duration::from_millis(500);
        let mut notices = self.inner.store.notices();
        let mut tick = tokio::time::interval(POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let notice = tokio::select! {
                _ = self.inner.shutdown.cancelled() => return,
                _ = tick.tick() => None,
                notice = next_notice(&mut notices) => notice,
            };
            // A burst of notices (every commit sends one) is handled as one.
            let mut types = std::collections::HashSet::new();
            let mut closed = Vec::new();
            let mut poll = notice.is_none();
            let mut next = notice;
            while let Some(notice) = next.take() {
                match notice {
                    Notice::Runnable { workflow_type } => {
                        types.insert(workflow_type);
                    }
                    Notice::Closed { id } => closed.push(id),
                }
                next = match notices.as_mut().map(|n| n.try_recv()) {
                    Some(Ok(notice)) => Some(notice),
                    Some(Err(tokio::sync::broadcast::error::TryRecvError::Lagged(_))) => {
                        poll = true;
                        None
                    }
                    _ => None,
                };
            }
            for id in closed {
                self.stop_task_closed_elsewhere(&id).await;
                self.apply(&id, "", vec![Effect::Closed(None)]);
            }
            let outcome = if poll {
                match self.take_up_runnable(None).await {
                    Ok(()) => self.fire_due().await,
                    Err(err) => Err(err),
                }
            } else {
                let mut outcome = Ok(());
                for workflow_type in &types {
                    outcome = outcome.and(self.take_up_runnable(Some(workflow_type)).await);
                }
                outcome
            };
            if let Err(err) = outcome {
                tracing::warn!(error = %err, "looking for work of other nodes failed");
            }
        }
    }

    /// A workflow closed on another node (cancelled, or timed out) while a worker connected
    /// here holds its task: tell the worker now, rather than at its next report, and free the
    /// slot. The token is the lease this node granted, from its cached copy of the workflow.
    async fn stop_task_closed_elsewhere(&self, id: &WorkflowId) {
        let Some(worker) = self.inner.scheduler.holder(id) else {
            return;
        };
        // A slot holding a lease is never evicted, so one not cached holds none of this node's.
        let cached = self.inner.cache.cached(id);
        let lease = match cached {
            Some(slot) => slot
                .lock()
                .await
                .state
                .as_ref()
                .and_then(|s| s.row.lease.clone()),
            None => None,
        };
        let Some(lease) = lease.filter(|l| l.worker_id == worker) else {
            return;
        };
        let info = match self.status(id).await {
            Ok(info) => info,
            Err(err) => {
                // The worker still hears of it at its next report.
                tracing::warn!(workflow = %id, error = %err, "reading a workflow closed elsewhere failed");
                return;
            }
        };
        if !info.row.status.is_terminal() {
            return;
        }
        let reason = info
            .cancel_reason
            .or(info.failure.map(|f| f.message))
            .unwrap_or_else(|| format!("workflow {}", info.row.status));
        tracing::info!(workflow = %id, %worker, "workflow closed on another node; stopping its task here");
        self.apply(
            id,
            &info.row.workflow_type,
            vec![
                Effect::CancelTask { lease, reason },
                Effect::ReleaseSlot(worker),
            ],
        );
    }

    pub(super) async fn take_up_runnable(&self, only: Option<&str>) -> Result<()> {
        for (workflow_type, free) in self.inner.scheduler.free_by_type() {
            if free == 0 || only.is_some_and(|t| t != workflow_type) {
                continue;
            }
            let types = [workflow_type.clone()];
            for id in self.inner.store.runnable(&types, free).await? {
                if self.inner.scheduler.holds(&id) {
                    continue;
                }
                let affinity = self
                    .update_with(&id, Freshness::Reload, |slot, _| {
                        Ok(slot
                            .as_ref()
                            .filter(|s| s.is_runnable())
                            .map(super::effects::affinity))
                    })
                    .await?;
                if let Some(affinity) = affinity {
                    self.apply(&id, &workflow_type, vec![Effect::Enqueue { affinity }]);
                }
            }
        }
        Ok(())
    }

    /// Records the passed deadlines of the workflows the store says are due. One workflow that
    /// fails (a transient error, a corrupt log) is logged and skipped, so it cannot hold back the
    /// ones due after it; the next sweep tries it again.
    pub(super) async fn fire_due(&self) -> Result<()> {
        for id in self.inner.store.due(now_millis(), 256).await? {
            let fired = self
                .update_with(&id, Freshness::Reload, |slot, now| {
                    if let Some(state) = slot.as_mut() {
                        for position in state.due_positions(now) {
                            state.deadline_reached(position, now);
                        }
                    }
                    Ok(())
                })
                .await;
            if let Err(err) = fired {
                tracing::warn!(workflow = %id, error = %err, "firing a due deadline failed; the next sweep retries");
            }
        }
        Ok(())
    }
}

/// The next notice from other nodes; `None` when notices were lost (look for work anyway).
async fn next_notice(
    notices: &mut Option<tokio::sync::broadcast::Receiver<Notice>>,
) -> Option<Notice> {
    let Some(receiver) = notices else {
        return std::future::pending().await;
    };
    match receiver.recv().await {
        Ok(notice) => Some(notice),
        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => None,
        Err(tokio::sync::broadcast::error::RecvError::Closed) => {
            *notices = None;
            None
        }
    }
}
