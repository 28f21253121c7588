//! The update path: every read and change of a workflow runs here, under that workflow's lock.

use aether_store::WorkflowWrite;
use aether_types::{Millis, WorkflowId, now_millis};
use tokio::sync::OwnedMutexGuard;

use super::{
    Engine, WorkerMessage,
    cache::{Slot, SlotRef},
    effects::{Deferred, Effect, derive_effects},
    lock, restore,
};
use crate::{
    Error, Result,
    machine::{HeartbeatMemory, WorkflowState},
    metrics::record,
    scheduler::Assignment,
};

/// A command's write on its way to the store, with the workflow's lock.
struct PendingWrite {
    write: WorkflowWrite,
    /// The actions the write appends, kept to act on once it is committed.
    events: Vec<aether_types::HistoryEvent>,
    /// The lease and whether the workflow had ended, before the command.
    before: Option<(Option<aether_types::Lease>, bool)>,
    slot: OwnedMutexGuard<Slot>,
    slot_ref: SlotRef,
}

/// How a command's write ended.
enum Committed {
    Applied,
    /// Another node changed the workflow first: reload and run the command again.
    Conflict,
    Failed(Error),
}

/// Whether a command may use the cached workflow or must load it from the store first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Freshness {
    Cached,
    Reload,
    /// An id this node has just generated: no store can hold it yet, so a slot not in the
    /// cache starts empty instead of costing a read. Should the id exist after all, the
    /// create's insert conflicts, and the retry reloads.
    New,
}

impl Engine {
    pub(super) fn slot(&self, id: &WorkflowId) -> SlotRef {
        self.inner.cache.slot(id)
    }

    /// With a shared store another node may have changed a workflow since this one cached it,
    /// so reads reload it (under its lock, so that a waiter and the command that closes the
    /// workflow still meet). Writes need not: a stale version fails its check and reloads.
    pub(super) fn read_freshness(&self) -> Freshness {
        if self.inner.store.shared() {
            Freshness::Reload
        } else {
            Freshness::Cached
        }
    }

    pub(super) fn evict(&self, id: &WorkflowId, slot: &SlotRef) {
        self.inner.cache.remove(id, slot);
    }

    /// Runs `command` on the workflow under its lock, persists what it recorded, then acts on
    /// it. A command that fails must leave the state as it found it. A write that loses a
    /// version race (another node) reloads the workflow and runs the command again.
    pub(super) async fn update<R>(
        &self,
        id: &WorkflowId,
        command: impl FnMut(&mut Option<WorkflowState>, Millis) -> Result<R>,
    ) -> Result<R> {
        self.update_with(id, Freshness::Cached, command).await
    }

    pub(super) async fn update_with<R>(
        &self,
        id: &WorkflowId,
        freshness: Freshness,
        mut command: impl FnMut(&mut Option<WorkflowState>, Millis) -> Result<R>,
    ) -> Result<R> {
        // Each attempt reloads, so only a workflow changed by other nodes on every try runs out.
        const ATTEMPTS: usize = 8;
        // The heartbeats heard before a command that lost a write race: its reload keeps them.
        let mut heard: Option<HeartbeatMemory> = None;
        for attempt in 0..ATTEMPTS {
            let slot_ref = self.slot(id);
            let mut slot = slot_ref.clone().lock_owned().await;
            if !slot.loaded && freshness == Freshness::New && attempt == 0 {
                slot.state = None;
                slot.loaded = true;
            } else if !slot.loaded || freshness == Freshness::Reload {
                let stored = match self.inner.store.load(id).await {
                    Ok(stored) => stored,
                    Err(err) => {
                        drop(slot);
                        self.evict(id, &slot_ref);
                        return Err(err.into());
                    }
                };
                let previous = slot
                    .state
                    .take()
                    .map(|s| s.heartbeat_memory())
                    .or(heard.take());
                slot.loaded = false;
                let mut state = stored.map(restore).transpose()?;
                if let (Some(state), Some(previous)) = (state.as_mut(), previous) {
                    state.remember(previous);
                }
                slot.state = state;
                slot.loaded = true;
            }
            let before = slot
                .state
                .as_ref()
                .map(|s| (s.row.lease.clone(), s.is_terminal()));
            // Only a shared store loses write races (and most workflows have no heartbeats, so
            // the copy is cheap).
            let heard_before = slot
                .state
                .as_ref()
                .filter(|_| self.inner.store.shared())
                .map(WorkflowState::heartbeat_memory);
            let now = now_millis();
            let reply = command(&mut slot.state, now);
            let Some(state) = slot.state.as_mut() else {
                drop(slot);
                self.evict(id, &slot_ref);
                return reply;
            };
            let (events, dirty) = state.take_unsaved();
            let reply = match reply {
                Ok(reply) => reply,
                Err(err) => {
                    if dirty {
                        // A command broke its contract; do not keep what it half-did.
                        slot.loaded = false;
                        slot.state = None;
                    }
                    return Err(err);
                }
            };
            if !dirty {
                let terminal = state.is_terminal();
                drop(slot);
                if terminal {
                    self.evict(id, &slot_ref);
                }
                return Ok(reply);
            }
            let expected_version = state.row.version;
            state.row.version += 1;
            let write = WorkflowWrite {
                row: state.row.clone(),
                expected_version,
                events: events.clone(),
                approvals: state.approvals_changed_by(&events),
            };
            let pending = PendingWrite {
                write,
                events,
                before,
                slot,
                slot_ref,
            };
            match self.commit_detached(id, pending).await {
                Committed::Applied => return Ok(reply),
                Committed::Conflict => heard = heard_before,
                Committed::Failed(err) => return Err(err),
            }
        }
        Err(Error::Contended(id.clone()))
    }

    /// Commits a command's write and acts on it in a task of its own, holding the workflow's
    /// lock throughout. A caller that goes away (a client hanging up on a unary call drops its
    /// future) must not cancel this halfway: the cache would keep a state the store may not
    /// have, and a committed change would never be acted on (its dispatch, its waiters).
    async fn commit_detached(&self, id: &WorkflowId, pending: PendingWrite) -> Committed {
        let engine = self.clone();
        let id = id.clone();
        tokio::spawn(async move { engine.commit_held(&id, pending).await })
            .await
            .unwrap_or_else(|err| {
                Committed::Failed(Error::Unavailable(format!(
                    "the commit of a workflow's change did not finish: {err}"
                )))
            })
    }

    async fn commit_held(&self, id: &WorkflowId, pending: PendingWrite) -> Committed {
        let PendingWrite {
            write,
            events,
            before,
            mut slot,
            slot_ref,
        } = pending;
        // Until the store answers, the cached state is ahead of it: should this task end
        // early (a panic, the runtime shutting down), the next command reloads.
        slot.loaded = false;
        let decisions = record::decisions(&write.approvals);
        let committing = std::time::Instant::now();
        match self.inner.store.commit(write).await {
            Ok(()) => record::commit(committing.elapsed()),
            Err(aether_store::Error::Conflict { .. } | aether_store::Error::AlreadyExists(_)) => {
                self.inner.metrics.write_conflict();
                slot.state = None;
                return Committed::Conflict;
            }
            Err(err) => {
                slot.state = None;
                return Committed::Failed(err.into());
            }
        }
        slot.loaded = true;
        let Some(state) = slot.state.as_mut() else {
            return Committed::Applied;
        };
        // Only cloned when someone watches: the hot path pays nothing otherwise.
        if self.inner.changes.receiver_count() > 0 {
            let _ = self
                .inner
                .changes
                .send(std::sync::Arc::new(state.row.clone()));
        }
        let (lease_before, was_terminal) = before.unwrap_or((None, false));
        let effects = derive_effects(lease_before, was_terminal, state, &events);
        let workflow_type = state.row.workflow_type.clone();
        let created_at = state.row.created_at;
        let terminal = state.is_terminal();
        // Waiters are woken only after the lock is released, so that they read the final
        // state rather than wait for it.
        drop(slot);
        if terminal {
            self.evict(id, &slot_ref);
        }
        self.inner
            .metrics
            .committed(&workflow_type, created_at, &events);
        record::decided(&decisions);
        self.apply(id, &workflow_type, effects);
        Committed::Applied
    }

    pub(super) fn apply(&self, id: &WorkflowId, workflow_type: &str, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Adopt(worker) => self.inner.scheduler.adopt(worker, id.clone()),
                Effect::ReleaseSlot(worker) => {
                    let assignments = self.inner.scheduler.release(&worker, id);
                    self.defer_dispatch(assignments);
                }
                Effect::CancelTask { lease, reason } => {
                    self.inner.scheduler.send(
                        &lease.worker_id,
                        WorkerMessage::Cancel {
                            workflow_id: id.clone(),
                            token: lease.token,
                            reason,
                        },
                    );
                }
                Effect::Enqueue { affinity } => {
                    if let Some(assignment) =
                        self.inner
                            .scheduler
                            .enqueue(id.clone(), workflow_type, affinity)
                    {
                        self.defer(Deferred::Dispatch(assignment));
                    }
                }
                Effect::Deadline { position, at } => {
                    self.inner.timers.insert(at, id.clone(), position)
                }
                Effect::Deferred(deferred) => self.defer(deferred),
                Effect::Closed(info) => {
                    let waiters = lock(&self.inner.waiters).remove(id).unwrap_or_default();
                    for waiter in waiters {
                        let _ = waiter.send(info.clone());
                    }
                }
            }
        }
    }

    pub(super) fn defer(&self, deferred: Deferred) {
        // The receiver lives as long as the engine's runtime; a failed send means shutdown.
        let _ = self.inner.deferred.send(deferred);
    }

    pub(super) fn defer_dispatch(&self, assignments: Vec<Assignment>) {
        for assignment in assignments {
            self.defer(Deferred::Dispatch(assignment));
        }
    }
}
