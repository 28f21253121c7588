//! The engine: one handle over the store, the state machine, the scheduler and the timers.
//!
//! Every change to a workflow goes through [`Engine::update`]: lock the workflow, load it if it
//! is not cached, run one state-machine command, persist what it recorded (the store decides
//! how durable that is), and only then act on it. Acting on a change is a list of
//! [`Effect`]s derived from what was recorded; effects that need more I/O (dispatching, creating
//! a child, telling a parent) are handed to a background loop, so an update never waits on
//! another workflow's lock.

mod activities;
pub use activities::{ActivityError, WorkspaceRunner};
mod approvals;
mod background;
mod cache;
pub use cache::CacheBounds;
mod client;
mod cluster;
mod deferred;
mod effects;
mod nodes;
mod update;
mod worker;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use aether_store::{Store, StoredWorkflow};
pub use aether_types::WorkflowInfo;
use aether_types::{NodeId, ParentRef, Payload, WorkerId, WorkflowId};
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use crate::{
    Error, Result, WorkerMessage, machine::WorkflowState, metrics::Metrics, scheduler::Scheduler,
    timers::TimerQueue,
};
use cache::SlotCache;
use effects::{Deferred, Effect, recovery_effects};

#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// A worker silent for this long is declared dead and its tasks are re-dispatched.
    pub heartbeat_timeout: Duration,
    /// The longest a single `await_result` call waits before answering "still running".
    pub max_await: Duration,
    /// Largest capacity a worker may declare.
    pub max_worker_capacity: u32,
    /// A lease whose task reports nothing for this long is ended (its workflow goes to another
    /// worker), even while its worker heartbeats; `None`: never.
    pub task_timeout: Option<Duration>,
    /// Largest single payload: a workflow's input or result, a step's result, a child's input.
    pub max_payload_bytes: usize,
    /// Largest journal a task may carry; a workflow that would pass it fails.
    pub max_journal_bytes: usize,
    /// With a shared store: a node whose heartbeat in the store is older than this is dead, and
    /// the others expire the leases it granted. This node beats four times per timeout.
    pub node_timeout: Duration,
    /// How many workflows stay in memory, and for how long an idle one.
    pub cache: CacheBounds,
}

impl Default for EngineOptions {
    fn default() -> Self {
        Self {
            heartbeat_timeout: Duration::from_secs(10),
            max_await: Duration::from_secs(60),
            max_worker_capacity: 1024,
            task_timeout: Some(Duration::from_secs(3600)),
            max_payload_bytes: 32 << 20,
            max_journal_bytes: 48 << 20,
            node_timeout: Duration::from_secs(5),
            cache: CacheBounds::default(),
        }
    }
}

/// A request to start a workflow.
#[derive(Debug, Clone, PartialEq)]
pub struct StartWorkflow {
    pub workflow_type: String,
    pub input: Payload,
    /// An idempotency key; generated when absent.
    pub workflow_id: Option<WorkflowId>,
    pub parent: Option<ParentRef>,
    /// When set, the engine fails the workflow with a timeout failure once this long has
    /// passed since it started.
    pub execution_timeout_ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub workflow_id: WorkflowId,
    /// False when the id already existed: the existing run is returned, never a duplicate.
    pub created: bool,
}

/// Changes kept for a live subscriber that reads slower than the engine commits.
const CHANGE_BUFFER: usize = 4096;

/// What recovery found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recovered {
    pub workflows: usize,
    /// Workflows the store holds but could not give back (reported in the log).
    pub skipped: usize,
    pub timers: usize,
    pub leases: usize,
    pub runnable: usize,
}

/// A worker's open task stream. Dropping it marks the worker disconnected (its leases stand
/// until its heartbeats stop).
pub struct TaskStream {
    pub messages: mpsc::UnboundedReceiver<WorkerMessage>,
    _guard: StreamGuard,
}

struct StreamGuard {
    engine: Engine,
    worker: WorkerId,
    stream_id: u64,
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.engine
            .inner
            .scheduler
            .disconnect(&self.worker, self.stream_id);
    }
}

/// An `await_result` call waiting for a workflow to close; it gets the final state when the
/// closing node is this one.
type Waiter = oneshot::Sender<Option<Box<WorkflowInfo>>>;

struct Inner {
    store: Arc<dyn Store>,
    /// This process among the nodes sharing the store; the leases it grants carry it.
    node: NodeId,
    options: EngineOptions,
    /// Workflows in memory, each behind its own lock: commands on one workflow are serialised,
    /// commands on different workflows run (and commit) concurrently. Terminal workflows are
    /// evicted, idle ones too when nothing of them lives only in memory (see [`cache`]).
    cache: SlotCache,
    scheduler: Scheduler,
    timers: TimerQueue,
    waiters: Mutex<HashMap<WorkflowId, Vec<Waiter>>>,
    deferred: mpsc::UnboundedSender<Deferred>,
    metrics: Metrics,
    started_at: Instant,
    shutdown: CancellationToken,
    /// Every committed change of a workflow's row, for live views (the dashboard's stream).
    /// Shared rows: each subscriber's copy is a reference count, not a clone of the row.
    changes: tokio::sync::broadcast::Sender<Arc<aether_types::WorkflowRow>>,
    /// Runs workspace activities; set once by the server, which owns the workspaces.
    workspaces: std::sync::OnceLock<Arc<dyn activities::WorkspaceRunner>>,
    /// Wakes the schedule runner when a schedule changes on this node.
    schedules_changed: tokio::sync::Notify,
    /// Set when the schedule runner has been started (once, after recovery).
    schedules_running: std::sync::OnceLock<()>,
}

/// The engine handle. Cheap to clone; background loops stop on [`Engine::shutdown`].
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn existing<'a>(
    slot: &'a mut Option<WorkflowState>,
    id: &WorkflowId,
) -> Result<&'a mut WorkflowState> {
    slot.as_mut()
        .ok_or_else(|| Error::WorkflowNotFound(id.clone()))
}

/// The workflow of a worker's report on `task`, noting that the task is alive (a report on a
/// lease that is no longer current notes nothing; the command then refuses it).
fn leased<'a>(
    slot: &'a mut Option<WorkflowState>,
    task: &aether_types::TaskRef,
    now: aether_types::Millis,
) -> Result<&'a mut WorkflowState> {
    let state = existing(slot, &task.workflow_id)?;
    state.note_progress(&task.token, now);
    Ok(state)
}

impl Engine {
    /// Creates the engine and starts its background loops (timers, dead-worker detection,
    /// deferred effects). Must be called inside a tokio runtime.
    pub fn start(store: Arc<dyn Store>, options: EngineOptions) -> Self {
        let (deferred_tx, deferred_rx) = mpsc::unbounded_channel();
        let cache = options.cache;
        let engine = Self {
            inner: Arc::new(Inner {
                store,
                node: NodeId::generate(),
                options,
                cache: SlotCache::new(cache),
                scheduler: Scheduler::default(),
                timers: TimerQueue::default(),
                waiters: Mutex::new(HashMap::new()),
                deferred: deferred_tx,
                metrics: Metrics::default(),
                started_at: Instant::now(),
                shutdown: CancellationToken::new(),
                workspaces: std::sync::OnceLock::new(),
                changes: tokio::sync::broadcast::channel(CHANGE_BUFFER).0,
                schedules_changed: tokio::sync::Notify::new(),
                schedules_running: std::sync::OnceLock::new(),
            }),
        };
        tokio::spawn(engine.clone().run_deferred(deferred_rx));
        tokio::spawn(engine.clone().run_timers());
        tokio::spawn(engine.clone().run_reaper());
        tokio::spawn(engine.clone().run_task_sweeper());
        tokio::spawn(engine.clone().run_cache_sweeper());
        if engine.inner.store.shared() {
            tokio::spawn(engine.clone().run_cluster());
            tokio::spawn(engine.clone().run_liveness());
        }
        engine
    }

    /// Stops the background loops. Requests in flight finish; nothing is lost that was
    /// acknowledged, because acknowledgement follows persistence.
    pub fn shutdown(&self) {
        self.inner.shutdown.cancel();
    }

    /// Every workflow row this node commits from now on, as it commits it. A subscriber that
    /// falls more than a few thousand changes behind is told so (`Lagged`) and should re-read.
    /// Changes other nodes make are not here.
    pub fn changes(&self) -> tokio::sync::broadcast::Receiver<Arc<aether_types::WorkflowRow>> {
        self.inner.changes.subscribe()
    }

    /// Cancelled when the engine shuts down, for loops that should stop with it.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.inner.shutdown.clone()
    }

    /// This node's id, which the leases it grants carry.
    pub fn node(&self) -> &NodeId {
        &self.inner.node
    }

    /// How many workflows this node holds in memory right now.
    pub fn cached_workflows(&self) -> usize {
        self.inner.cache.len()
    }

    pub fn options(&self) -> &EngineOptions {
        &self.inner.options
    }

    pub(crate) fn store(&self) -> &Arc<dyn Store> {
        &self.inner.store
    }

    pub(crate) fn schedules_changed(&self) -> &tokio::sync::Notify {
        &self.inner.schedules_changed
    }

    /// Resumes every workflow that is not terminal, from the store: re-arms its timers and retry
    /// backoffs, restores its lease (kept if the worker comes back in time), creates children
    /// whose creation was cut off, delivers child results a parent missed, and queues what is
    /// runnable. Call once at start-up, before serving. Then it starts the schedule runner, so
    /// that no schedule starts a run before recovery has queued what was already there.
    pub async fn recover(&self) -> Result<Recovered> {
        if self.inner.store.shared() {
            // Recorded before this node serves, so that no other node takes the leases it
            // grants for a dead node's (the liveness loop beats from then on).
            self.inner
                .store
                .beat_node(&self.inner.node, aether_types::now_millis())
                .await?;
        }
        let recovered = self.resume_active(true).await?;
        if self.inner.schedules_running.set(()).is_ok() {
            tokio::spawn(self.clone().run_schedules());
        }
        Ok(recovered)
    }

    /// Derives and applies what every active workflow still owes (see [`recovery_effects`]):
    /// at start-up (`starting`), and when this node takes over from a dead one, whose
    /// deferred effects were only in its memory. A lease is adopted (its worker's slot
    /// reserved here) only if no other node granted it: another live node's lease is its own,
    /// and a dead node's is expired by the liveness loop.
    async fn resume_active(&self, starting: bool) -> Result<Recovered> {
        let ids = self.inner.store.active().await?;
        let freshness = if starting {
            update::Freshness::Cached
        } else {
            update::Freshness::Reload
        };
        let mut recovered = Recovered::default();
        for id in &ids {
            let found = self
                .update_with(id, freshness, |slot, _| {
                    Ok(slot.as_ref().map(|state| {
                        let mut effects = recovery_effects(state);
                        if !self.adopts(state.row.lease.as_ref()) {
                            effects.retain(|e| !matches!(e, Effect::Adopt(_)));
                        }
                        (state.row.workflow_type.clone(), effects)
                    }))
                })
                .await;
            let found = match found {
                Ok(found) => found,
                // One workflow the store cannot give back must not keep every other from
                // running: it is reported and left as it is.
                Err(
                    err @ (Error::Corrupt(_)
                    | Error::InvalidArgument(_)
                    | Error::Store(aether_store::Error::Corrupt(_))),
                ) => {
                    tracing::error!(workflow = %id, error = %err, "cannot recover a workflow; skipping it");
                    recovered.skipped += 1;
                    continue;
                }
                Err(err) if starting => return Err(err),
                // Taking over goes on: the next claim or restart looks at it again.
                Err(err) => {
                    tracing::warn!(workflow = %id, error = %err, "could not take over a workflow");
                    recovered.skipped += 1;
                    continue;
                }
            };
            let Some((workflow_type, effects)) = found else {
                continue;
            };
            recovered.workflows += 1;
            for effect in &effects {
                match effect {
                    Effect::Deadline { .. } => recovered.timers += 1,
                    Effect::Adopt(_) => recovered.leases += 1,
                    Effect::Enqueue { .. } => recovered.runnable += 1,
                    _ => {}
                }
            }
            self.apply(id, &workflow_type, effects);
        }
        if recovered.workflows > 0 && starting {
            tracing::info!(?recovered, "recovered workflows from the store");
        }
        Ok(recovered)
    }

    /// Whether this node adopts `lease` at recovery: always with an unshared store (every lease
    /// is this process's, from before a restart); with a shared one, only a lease no node is
    /// recorded to have granted, or this node's.
    fn adopts(&self, lease: Option<&aether_types::Lease>) -> bool {
        !self.inner.store.shared()
            || lease
                .and_then(|l| l.node.as_ref())
                .is_none_or(|node| node == &self.inner.node)
    }
}

fn restore(stored: StoredWorkflow) -> Result<WorkflowState> {
    Ok(WorkflowState::restore(stored.row, &stored.events)?.loaded(aether_types::now_millis()))
}

fn info_of(state: &WorkflowState) -> WorkflowInfo {
    WorkflowInfo {
        row: state.row.clone(),
        input: state.input.clone(),
        result: state.result.clone(),
        failure: state.failure.clone(),
        cancel_reason: state.cancel_reason.clone(),
        waits: state.waits_oldest_first(),
        pending_activities: state.pending_activities(),
        execution_deadline: state.execution_deadline,
    }
}
