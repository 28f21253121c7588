//! Node liveness, with several nodes on one database: each node beats in the store, a node
//! whose beat is older than the node timeout is claimed dead by one survivor, and the leases a
//! dead node granted are expired, so that their workflows run elsewhere.

use std::time::Duration;

use aether_types::{TaskRef, WorkerId, now_millis};

use super::{Engine, update::Freshness};
use crate::Result;

/// Orphaned leases expired per query; the next tick takes the rest.
const EXPIRE_BATCH: usize = 256;

impl Engine {
    /// Beats every quarter of the node timeout (so three lost beats in a row are survived),
    /// claims the nodes that stopped beating and expires the leases of dead nodes.
    pub(super) async fn run_liveness(self) {
        let timeout = self.inner.options.node_timeout;
        let period = (timeout / 4).clamp(Duration::from_millis(20), Duration::from_secs(5));
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = self.inner.shutdown.cancelled() => return,
                _ = interval.tick() => {}
            }
            if let Err(err) = self.beat_and_claim(timeout).await {
                tracing::warn!(error = %err, "node heartbeat or dead-node sweep failed; retrying");
            }
        }
    }

    async fn beat_and_claim(&self, timeout: Duration) -> Result<()> {
        let now = now_millis();
        let store = &self.inner.store;
        store.beat_node(&self.inner.node, now).await?;
        let timeout_ms = i64::try_from(timeout.as_millis()).unwrap_or(i64::MAX);
        let dead = store
            .claim_dead_nodes(now.saturating_sub(timeout_ms))
            .await?;
        for node in &dead {
            tracing::warn!(%node, timeout_ms, by = %self.inner.node, "node missed its heartbeats; declared dead, taking over its work");
        }
        // Every node expires orphaned leases on every beat, not only the claimer: a claimer
        // that dies before it is done leaves the rest to the others.
        self.expire_orphaned_leases().await?;
        if !dead.is_empty() {
            // What the dead node had only in memory (deferred effects, armed deadlines) is
            // derived again from the store, as a restart would.
            let taken = self.resume_active(false).await?;
            tracing::info!(?taken, "took over from dead nodes");
        }
        Ok(())
    }

    async fn expire_orphaned_leases(&self) -> Result<()> {
        for (id, node) in self.inner.store.orphaned_leases(EXPIRE_BATCH).await? {
            let expired = self
                .update_with(&id, Freshness::Reload, |slot, _| {
                    Ok(slot
                        .as_mut()
                        .and_then(|state| state.expire_lease_granted_by(&node)))
                })
                .await;
            match expired {
                Ok(Some(worker)) => {
                    tracing::info!(workflow = %id, %worker, %node, "lease of a dead node expired; re-dispatching");
                }
                Ok(None) => {}
                Err(err) => {
                    tracing::warn!(workflow = %id, error = %err, "expiring a dead node's lease failed; the next beat retries");
                }
            }
        }
        Ok(())
    }

    /// `worker` registered here still running `held`, tasks another node leased to it: each
    /// lease still current becomes this node's (its reports, cancellations and the worker's
    /// death are now handled here), so the task carries on without a replay.
    pub(super) async fn take_over_leases(self, worker: WorkerId, held: Vec<TaskRef>) {
        for task in held {
            let taken = self
                .update_with(&task.workflow_id, Freshness::Reload, |slot, _| {
                    Ok(slot.as_mut().is_some_and(|state| {
                        state.take_over_lease(&worker, &task.token, &self.inner.node)
                    }))
                })
                .await;
            match taken {
                Ok(true) => {
                    tracing::info!(workflow = %task.workflow_id, %worker, "took over a lease granted by another node");
                    self.inner
                        .scheduler
                        .adopt(worker.clone(), task.workflow_id.clone());
                }
                // Lost meanwhile: the worker's next report hears so.
                Ok(false) => {}
                Err(err) => {
                    tracing::warn!(workflow = %task.workflow_id, %worker, error = %err, "taking over a lease failed; it ends with its node");
                }
            }
        }
    }
}
