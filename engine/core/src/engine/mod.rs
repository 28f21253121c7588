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
mod client;
mod cluster;
mod effects;
mod update;
mod worker;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use aether_store::{Store, StoredWorkflow};
pub use aether_types::WorkflowInfo;
use aether_types::{ParentRef, Payload, WorkerId, WorkflowId};
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use crate::{
    Error, Result, WorkerMessage, machine::WorkflowState, metrics::Metrics, scheduler::Scheduler,
    timers::TimerQueue,
};
use effects::{Deferred, Effect, recovery_effects};
use update::SlotRef;

#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// A worker silent for this long is declared dead and its tasks are re-dispatched.
    pub heartbeat_timeout: Duration,
    /// The longest a single `await_result` call waits before answering "still running".
    pub max_await: Duration,
}

impl Default for EngineOptions {
    fn default() -> Self {
        Self {
            heartbeat_timeout: Duration::from_secs(10),
            max_await: Duration::from_secs(60),
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
    options: EngineOptions,
    /// Workflows in memory, each behind its own lock: commands on one workflow are serialised,
    /// commands on different workflows run (and commit) concurrently. Terminal workflows are
    /// evicted.
    slots: Mutex<HashMap<WorkflowId, SlotRef>>,
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

impl Engine {
    /// Creates the engine and starts its background loops (timers, dead-worker detection,
    /// deferred effects). Must be called inside a tokio runtime.
    pub fn start(store: Arc<dyn Store>, options: EngineOptions) -> Self {
        let (deferred_tx, deferred_rx) = mpsc::unbounded_channel();
        let engine = Self {
            inner: Arc::new(Inner {
                store,
                options,
                slots: Mutex::new(HashMap::new()),
                scheduler: Scheduler::default(),
                timers: TimerQueue::default(),
                waiters: Mutex::new(HashMap::new()),
                deferred: deferred_tx,
                metrics: Metrics::default(),
                started_at: Instant::now(),
                shutdown: CancellationToken::new(),
                workspaces: std::sync::OnceLock::new(),
                changes: tokio::sync::broadcast::channel(CHANGE_BUFFER).0,
            }),
        };
        tokio::spawn(engine.clone().run_deferred(deferred_rx));
        tokio::spawn(engine.clone().run_timers());
        tokio::spawn(engine.clone().run_reaper());
        if engine.inner.store.shared() {
            tokio::spawn(engine.clone().run_cluster());
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

    pub fn options(&self) -> &EngineOptions {
        &self.inner.options
    }

    /// Resumes every workflow that is not terminal, from the store: re-arms its timers and retry
    /// backoffs, restores its lease (kept if the worker comes back in time), creates children
    /// whose creation was cut off, delivers child results a parent missed, and queues what is
    /// runnable. Call once at start-up, before serving.
    pub async fn recover(&self) -> Result<Recovered> {
        let ids = self.inner.store.active().await?;
        let mut recovered = Recovered::default();
        for id in &ids {
            let found = self
                .update(id, |slot, _| {
                    Ok(slot
                        .as_ref()
                        .map(|state| (state.row.workflow_type.clone(), recovery_effects(state))))
                })
                .await?;
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
        if recovered.workflows > 0 {
            tracing::info!(?recovered, "recovered workflows from the store");
        }
        Ok(recovered)
    }
}

fn restore(stored: StoredWorkflow) -> Result<WorkflowState> {
    WorkflowState::restore(stored.row, &stored.events)
}

fn info_of(state: &WorkflowState) -> WorkflowInfo {
    WorkflowInfo {
        row: state.row.clone(),
        input: state.input.clone(),
        result: state.result.clone(),
        failure: state.failure.clone(),
        cancel_reason: state.cancel_reason.clone(),
        waits: state.waits_oldest_first(),
    }
}
