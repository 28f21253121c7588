//! The workflows this node keeps in memory, and when they leave it.
//!
//! A workflow enters the cache with its first command and is restored from the store whenever
//! it is not there. It leaves when it ends (the update that closed it evicts it, after its
//! waiters have their answer), and otherwise only when nothing of it would be lost: no command
//! holds its slot and its state is [`restorable_from_log`](WorkflowState::restorable_from_log)
//! (no lease, no running attempt). Such a workflow leaves once it has been idle for
//! `idle`, or, the least recently used first, when the cache holds more than `max`.
//!
//! An evicted workflow loses nothing: waits, signals and the journal are in its log, and what
//! the engine keeps of it outside the cache (its timers, its place in a queue, `await_result`
//! waiters) is keyed by id, so the next command, timer or signal reloads it transparently.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use aether_types::WorkflowId;
use tokio::sync::{Mutex as AsyncMutex, Notify};

use super::lock;
use crate::machine::WorkflowState;

#[derive(Default)]
pub(super) struct Slot {
    pub(super) loaded: bool,
    pub(super) state: Option<WorkflowState>,
}

impl Slot {
    fn may_leave(&self) -> bool {
        self.state
            .as_ref()
            .is_none_or(WorkflowState::restorable_from_log)
    }
}

pub(super) type SlotRef = Arc<AsyncMutex<Slot>>;

/// How many workflows the cache keeps, and for how long an idle one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheBounds {
    /// Past this many cached workflows, the least recently used that may leave do, until a
    /// tenth of the bound is free again (workflows holding a lease or running an attempt stay,
    /// so the bound is exceeded only by those).
    pub max_workflows: usize,
    /// A workflow unused for this long leaves the cache if it may.
    pub idle: Duration,
}

impl Default for CacheBounds {
    fn default() -> Self {
        Self {
            max_workflows: 10_000,
            idle: Duration::from_secs(60),
        }
    }
}

struct Cached {
    slot: SlotRef,
    used_at: Instant,
}

impl Cached {
    /// Only the cache holds the slot (so no command is about to lock it: a command clones the
    /// slot under the cache's lock, which the caller holds) and its state may leave.
    fn may_leave(&self) -> bool {
        Arc::strong_count(&self.slot) == 1
            && self.slot.try_lock().is_ok_and(|slot| slot.may_leave())
    }
}

pub(super) struct SlotCache {
    slots: Mutex<HashMap<WorkflowId, Cached>>,
    bounds: CacheBounds,
    /// Wakes the sweeper when an insert takes the cache past its bound.
    over_bound: Notify,
}

impl SlotCache {
    pub(super) fn new(bounds: CacheBounds) -> Self {
        Self {
            slots: Mutex::new(HashMap::new()),
            bounds,
            over_bound: Notify::new(),
        }
    }

    pub(super) fn bounds(&self) -> CacheBounds {
        self.bounds
    }

    /// The workflow's slot, created empty (not loaded) if it is not cached; marks it used.
    pub(super) fn slot(&self, id: &WorkflowId) -> SlotRef {
        let mut slots = lock(&self.slots);
        let now = Instant::now();
        let cached = slots.entry(id.clone()).or_insert_with(|| Cached {
            slot: SlotRef::default(),
            used_at: now,
        });
        cached.used_at = now;
        let slot = Arc::clone(&cached.slot);
        if slots.len() > self.bounds.max_workflows {
            self.over_bound.notify_one();
        }
        slot
    }

    /// The workflow's slot if it is cached, without creating one or marking it used.
    pub(super) fn cached(&self, id: &WorkflowId) -> Option<SlotRef> {
        lock(&self.slots).get(id).map(|c| Arc::clone(&c.slot))
    }

    /// Drops the workflow's slot if it is still `slot` (a later command may have made another).
    pub(super) fn remove(&self, id: &WorkflowId, slot: &SlotRef) {
        let mut slots = lock(&self.slots);
        if slots.get(id).is_some_and(|c| Arc::ptr_eq(&c.slot, slot)) {
            slots.remove(id);
        }
    }

    pub(super) fn len(&self) -> usize {
        lock(&self.slots).len()
    }

    /// Resolves when an insert has taken the cache past its bound.
    pub(super) async fn over_bound(&self) {
        self.over_bound.notified().await
    }

    /// Evicts what may leave and has been idle for the bound's time, then, while the cache is
    /// over its bound, what may leave, least recently used first. Returns how many left.
    pub(super) fn sweep(&self, now: Instant) -> usize {
        let mut slots = lock(&self.slots);
        let before = slots.len();
        let idle = self.bounds.idle;
        let mut spare: Vec<(Instant, WorkflowId)> = Vec::new();
        slots.retain(|id, cached| {
            if !cached.may_leave() {
                return true;
            }
            if now.saturating_duration_since(cached.used_at) >= idle {
                return false;
            }
            spare.push((cached.used_at, id.clone()));
            true
        });
        let max = self.bounds.max_workflows;
        if slots.len() > max {
            // Down to nine tenths, so that the next few inserts do not each sweep again.
            let target = max - max / 10;
            spare.sort_unstable();
            let excess = slots.len() - target;
            for (_, id) in spare.into_iter().take(excess) {
                slots.remove(&id);
            }
        }
        before - slots.len()
    }
}

#[cfg(test)]
mod tests;
