//! The engine: one handle over the store, the state machine, the scheduler and the timers.
//!
//! Every change to a workflow goes through [`Engine::update`]: lock the workflow, load it if it
//! is not cached, run one state-machine command, persist what it recorded (the store decides
//! how durable that is), and only then act on it. Acting on a change is a list of
//! [`Effect`]s derived from what was recorded; effects that need more I/O (dispatching, creating
//! a child, telling a parent) are handed to a background loop, so an update never waits on
//! another workflow's lock.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use aether_store::{Notice, Store, StoredWorkflow, WorkflowWrite};
use aether_types::{
    Action, ChildOutcome, Failure, HistoryEvent, Lease, ListFilter, Millis, ParentRef, Payload,
    TaskRef, TaskToken, WorkerId, WorkflowId, WorkflowRow, WorkflowStatus, now_millis,
};
use tokio::sync::{Mutex as AsyncMutex, mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use crate::{
    Error, Result, WorkerMessage,
    machine::{Entry, StepReply, StepReport, StepState, StopReason, WorkflowState, check_name},
    metrics::{Metrics, MetricsSnapshot},
    scheduler::{Assignment, Scheduler, WorkerSnapshot},
    timers::TimerQueue,
};

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

/// What recovery found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recovered {
    pub workflows: usize,
    pub timers: usize,
    pub leases: usize,
    pub runnable: usize,
}

/// A workflow's status with its input and outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkflowInfo {
    pub row: WorkflowRow,
    pub input: Payload,
    pub result: Option<Payload>,
    pub failure: Option<Failure>,
    pub cancel_reason: Option<String>,
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

/// What follows from a persisted change.
#[derive(Debug)]
enum Effect {
    /// A lease restored at recovery: reserve its worker's slot.
    Adopt(WorkerId),
    ReleaseSlot(WorkerId),
    CancelTask {
        lease: Lease,
        reason: String,
    },
    Enqueue {
        affinity: Option<WorkerId>,
    },
    Timer {
        position: u32,
        at: Millis,
    },
    Deferred(Deferred),
    /// The workflow is terminal: wake its waiters, with its final info when this node has it.
    Closed(Option<Box<WorkflowInfo>>),
}

/// Effects that need I/O of their own, run by the background loop.
#[derive(Debug)]
enum Deferred {
    Dispatch(Assignment),
    CreateChild {
        parent: ParentRef,
        child_id: WorkflowId,
        workflow_type: String,
        input: Payload,
    },
    NotifyParent {
        parent: ParentRef,
        child_id: WorkflowId,
        outcome: ChildOutcome,
    },
    Cancel {
        workflow_id: WorkflowId,
        reason: String,
    },
    /// Expires `worker`'s lease on the workflow unless it is the one with token `keep`.
    ExpireLease {
        workflow_id: WorkflowId,
        worker: WorkerId,
        keep: Option<TaskToken>,
    },
    /// A child found at recovery: cancel it if its parent was cancelled meanwhile.
    CheckParent {
        child: WorkflowId,
        parent: WorkflowId,
    },
    FireTimer {
        workflow_id: WorkflowId,
        position: u32,
    },
}

/// Whether a command may use the cached workflow or must load it from the store first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freshness {
    Cached,
    Reload,
}

#[derive(Default)]
struct Slot {
    loaded: bool,
    state: Option<WorkflowState>,
}

type SlotRef = Arc<AsyncMutex<Slot>>;

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
                    Effect::Timer { .. } => recovered.timers += 1,
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

    // ---- client API -----------------------------------------------------------------------

    pub async fn start_workflow(&self, request: StartWorkflow) -> Result<Started> {
        check_name("workflow type", &request.workflow_type)?;
        let id = request
            .workflow_id
            .clone()
            .unwrap_or_else(WorkflowId::generate);
        let mut request = Some(request);
        self.update(&id, |slot, now| {
            if slot.is_some() {
                return Ok(Started {
                    workflow_id: id.clone(),
                    created: false,
                });
            }
            let Some(request) = request.take() else {
                return Err(Error::Contended(id.clone()));
            };
            *slot = Some(WorkflowState::start(
                id.clone(),
                request.workflow_type,
                request.input,
                request.parent,
                now,
            ));
            Ok(Started {
                workflow_id: id.clone(),
                created: true,
            })
        })
        .await
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
        let woken = tokio::time::timeout(timeout, rx).await;
        if let Ok(Ok(Some(info))) = woken {
            // Closed on this node: its final state came with the wake-up.
            return Ok(*info);
        }
        if woken.is_err() {
            let mut waiters = lock(&self.inner.waiters);
            if let Some(list) = waiters.get_mut(id) {
                list.retain(|tx| !tx.is_closed());
                if list.is_empty() {
                    waiters.remove(id);
                }
            }
        }
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

    pub fn workers(&self) -> Vec<WorkerSnapshot> {
        self.inner.scheduler.workers()
    }

    // ---- worker API -----------------------------------------------------------------------

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
        tracing::debug!(worker = %id, capacity, held = held.len(), "worker registered");
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

    pub async fn complete_step(&self, task: &TaskRef, report: StepReport) -> Result<StepReply> {
        let mut report = Some(report);
        self.update(&task.workflow_id, |slot, now| {
            let state = existing(slot, &task.workflow_id)?;
            let report = report
                .take()
                .ok_or_else(|| Error::Contended(task.workflow_id.clone()))?;
            state.complete_step(&task.token, report, now)
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
            existing(slot, &task.workflow_id)?.schedule_timer(
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
        self.update(&task.workflow_id, |slot, now| {
            existing(slot, &task.workflow_id)?.start_child(
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

    pub async fn suspend(&self, task: &TaskRef) -> Result<Option<StopReason>> {
        self.update(&task.workflow_id, |slot, _| {
            Ok(existing(slot, &task.workflow_id)?.suspend(&task.token))
        })
        .await
    }

    pub async fn complete_workflow(
        &self,
        task: &TaskRef,
        outcome: std::result::Result<Payload, Failure>,
    ) -> Result<Option<StopReason>> {
        self.update(&task.workflow_id, |slot, now| {
            Ok(existing(slot, &task.workflow_id)?.complete(&task.token, outcome.clone(), now))
        })
        .await
    }

    // ---- the update path ------------------------------------------------------------------

    fn slot(&self, id: &WorkflowId) -> SlotRef {
        lock(&self.inner.slots)
            .entry(id.clone())
            .or_default()
            .clone()
    }

    /// With a shared store another node may have changed a workflow since this one cached it,
    /// so reads reload it (under its lock, so that a waiter and the command that closes the
    /// workflow still meet). Writes need not: a stale version fails its check and reloads.
    fn read_freshness(&self) -> Freshness {
        if self.inner.store.shared() {
            Freshness::Reload
        } else {
            Freshness::Cached
        }
    }

    fn evict(&self, id: &WorkflowId, slot: &SlotRef) {
        let mut slots = lock(&self.inner.slots);
        if slots.get(id).is_some_and(|s| Arc::ptr_eq(s, slot)) {
            slots.remove(id);
        }
    }

    /// Runs `command` on the workflow under its lock, persists what it recorded, then acts on
    /// it. A command that fails must leave the state as it found it. A write that loses a
    /// version race (another node) reloads the workflow and runs the command again.
    async fn update<R>(
        &self,
        id: &WorkflowId,
        command: impl FnMut(&mut Option<WorkflowState>, Millis) -> Result<R>,
    ) -> Result<R> {
        self.update_with(id, Freshness::Cached, command).await
    }

    async fn update_with<R>(
        &self,
        id: &WorkflowId,
        freshness: Freshness,
        mut command: impl FnMut(&mut Option<WorkflowState>, Millis) -> Result<R>,
    ) -> Result<R> {
        const ATTEMPTS: usize = 3;
        for _ in 0..ATTEMPTS {
            let slot_ref = self.slot(id);
            let mut slot = slot_ref.lock().await;
            if !slot.loaded || freshness == Freshness::Reload {
                slot.state = match self.inner.store.load(id).await {
                    Ok(stored) => stored.map(restore).transpose()?,
                    Err(err) => {
                        drop(slot);
                        self.evict(id, &slot_ref);
                        return Err(err.into());
                    }
                };
                slot.loaded = true;
            }
            let before = slot
                .state
                .as_ref()
                .map(|s| (s.row.lease.clone(), s.is_terminal()));
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
            };
            match self.inner.store.commit(write).await {
                Ok(()) => {}
                Err(
                    aether_store::Error::Conflict { .. } | aether_store::Error::AlreadyExists(_),
                ) => {
                    slot.loaded = false;
                    slot.state = None;
                    continue;
                }
                Err(err) => {
                    slot.loaded = false;
                    slot.state = None;
                    return Err(err.into());
                }
            }
            let (lease_before, was_terminal) = before.unwrap_or((None, false));
            let effects = derive_effects(lease_before, was_terminal, state, &events);
            let workflow_type = state.row.workflow_type.clone();
            let terminal = state.is_terminal();
            // Waiters are woken only after the lock is released, so that they read the final
            // state rather than wait for it.
            drop(slot);
            if terminal {
                self.evict(id, &slot_ref);
            }
            for event in &events {
                self.inner.metrics.count(&event.action);
            }
            self.apply(id, &workflow_type, effects);
            return Ok(reply);
        }
        Err(Error::Contended(id.clone()))
    }

    fn apply(&self, id: &WorkflowId, workflow_type: &str, effects: Vec<Effect>) {
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
                Effect::Timer { position, at } => {
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

    fn defer(&self, deferred: Deferred) {
        // The receiver lives as long as the engine's runtime; a failed send means shutdown.
        let _ = self.inner.deferred.send(deferred);
    }

    fn defer_dispatch(&self, assignments: Vec<Assignment>) {
        for assignment in assignments {
            self.defer(Deferred::Dispatch(assignment));
        }
    }

    // ---- background loops -----------------------------------------------------------------

    async fn run_deferred(self, mut rx: mpsc::UnboundedReceiver<Deferred>) {
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

    async fn run_one(&self, deferred: Deferred) {
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
            Deferred::FireTimer {
                workflow_id,
                position,
            } => self
                .update(&workflow_id, |slot, now| {
                    if let Some(state) = slot.as_mut() {
                        state.fire_timer(position, now);
                    }
                    Ok(())
                })
                .await,
        };
        if let Err(err) = outcome {
            tracing::warn!(error = %err, "background engine action failed");
        }
    }

    async fn dispatch(&self, assignment: Assignment) {
        let Assignment { workflow, worker } = assignment;
        let token = TaskToken::generate();
        let task = self
            .update(&workflow, |slot, now| {
                Ok(slot
                    .as_mut()
                    .and_then(|state| state.dispatch(&worker, token.clone(), now)))
            })
            .await;
        match task {
            Ok(Some(task)) => {
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
    fn requeue_later(&self, id: WorkflowId) {
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

    async fn create_child(
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

    async fn run_timers(self) {
        loop {
            let (due, next) = self.inner.timers.pop_due(now_millis());
            for (workflow_id, position) in due {
                self.defer(Deferred::FireTimer {
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

    /// With a shared store (several nodes on one PostgreSQL database): take up workflows other
    /// nodes made runnable when local workers have room, fire timers other nodes set, and wake
    /// local waiters of workflows other nodes finished. Notices make it prompt; the poll makes
    /// it certain.
    async fn run_cluster(self) {
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

    async fn take_up_runnable(&self, only: Option<&str>) -> Result<()> {
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
                            .map(|s| s.row.last_worker.clone()))
                    })
                    .await?;
                if let Some(affinity) = affinity {
                    self.apply(&id, &workflow_type, vec![Effect::Enqueue { affinity }]);
                }
            }
        }
        Ok(())
    }

    async fn fire_due(&self) -> Result<()> {
        for id in self.inner.store.due(now_millis(), 256).await? {
            self.update_with(&id, Freshness::Reload, |slot, now| {
                if let Some(state) = slot.as_mut() {
                    for position in state.due_positions(now) {
                        state.fire_timer(position, now);
                    }
                }
                Ok(())
            })
            .await?;
        }
        Ok(())
    }

    async fn run_reaper(self) {
        let timeout = self.inner.options.heartbeat_timeout;
        let period = (timeout / 4).clamp(Duration::from_millis(20), Duration::from_secs(1));
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = self.inner.shutdown.cancelled() => return,
                _ = interval.tick() => {}
            }
            for (worker, workflows) in self.inner.scheduler.remove_dead(timeout) {
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

/// The effects a workflow loaded at start-up still owes: everything [`derive_effects`] would
/// have produced for its whole history and not yet seen through.
fn recovery_effects(state: &WorkflowState) -> Vec<Effect> {
    let mut effects = Vec::new();
    if state.is_terminal() {
        return effects;
    }
    for (&position, entry) in &state.entries {
        match entry {
            Entry::Timer {
                fire_at,
                fired: false,
                ..
            } => effects.push(Effect::Timer {
                position,
                at: *fire_at,
            }),
            Entry::Step {
                state: StepState::Backoff { retry_at },
                ..
            } => effects.push(Effect::Timer {
                position,
                at: *retry_at,
            }),
            Entry::Child {
                workflow_type,
                child_id,
                input,
                outcome: None,
            } => effects.push(Effect::Deferred(Deferred::CreateChild {
                parent: ParentRef {
                    workflow_id: state.row.id.clone(),
                    position,
                },
                child_id: child_id.clone(),
                workflow_type: workflow_type.clone(),
                input: input.clone(),
            })),
            _ => {}
        }
    }
    if let Some(parent) = &state.row.parent {
        effects.push(Effect::Deferred(Deferred::CheckParent {
            child: state.row.id.clone(),
            parent: parent.workflow_id.clone(),
        }));
    }
    if let Some(lease) = &state.row.lease {
        effects.push(Effect::Adopt(lease.worker_id.clone()));
    }
    if state.is_runnable() {
        effects.push(Effect::Enqueue {
            affinity: state.row.last_worker.clone(),
        });
    }
    effects
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
    }
}

fn child_outcome(info: &WorkflowInfo) -> Option<ChildOutcome> {
    Some(match info.row.status {
        WorkflowStatus::Completed => ChildOutcome::Completed {
            result: info.result.clone().unwrap_or_default(),
        },
        WorkflowStatus::Failed => ChildOutcome::Failed {
            failure: info.failure.clone().unwrap_or_default(),
        },
        WorkflowStatus::Cancelled => ChildOutcome::Cancelled {
            reason: info.cancel_reason.clone().unwrap_or_default(),
        },
        WorkflowStatus::Pending | WorkflowStatus::Running => return None,
    })
}

/// What follows from a persisted change, derived only from what was recorded and the state it
/// produced. Recovery derives the same effects from a whole state, which is why every effect
/// must be recomputable from the store.
fn derive_effects(
    lease_before: Option<Lease>,
    was_terminal: bool,
    state: &WorkflowState,
    events: &[HistoryEvent],
) -> Vec<Effect> {
    let mut effects = Vec::new();
    for event in events {
        match &event.action {
            Action::TimerStarted {
                position, fire_at, ..
            } => effects.push(Effect::Timer {
                position: *position,
                at: *fire_at,
            }),
            Action::StepFailed {
                position,
                retry_at: Some(at),
                ..
            } => effects.push(Effect::Timer {
                position: *position,
                at: *at,
            }),
            Action::ChildStarted {
                position,
                workflow_type,
                child_id,
                input,
            } => effects.push(Effect::Deferred(Deferred::CreateChild {
                parent: ParentRef {
                    workflow_id: state.row.id.clone(),
                    position: *position,
                },
                child_id: child_id.clone(),
                workflow_type: workflow_type.clone(),
                input: input.clone(),
            })),
            Action::WorkflowCancelled { reason } => {
                for entry in state.entries.values() {
                    if let Entry::Child {
                        child_id,
                        outcome: None,
                        ..
                    } = entry
                    {
                        effects.push(Effect::Deferred(Deferred::Cancel {
                            workflow_id: child_id.clone(),
                            reason: format!("parent {} cancelled", state.row.id),
                        }));
                    }
                }
                if let Some(lease) = &lease_before {
                    effects.push(Effect::CancelTask {
                        lease: lease.clone(),
                        reason: reason.clone(),
                    });
                }
            }
            _ => {}
        }
    }
    if let Some(lease) = lease_before
        && state.row.lease.as_ref().map(|l| &l.token) != Some(&lease.token)
    {
        effects.push(Effect::ReleaseSlot(lease.worker_id));
    }
    if !was_terminal && state.is_terminal() {
        effects.push(Effect::Closed(Some(Box::new(info_of(state)))));
        if let Some(parent) = &state.row.parent
            && let Some(outcome) = child_outcome(&info_of(state))
        {
            effects.push(Effect::Deferred(Deferred::NotifyParent {
                parent: parent.clone(),
                child_id: state.row.id.clone(),
                outcome,
            }));
        }
    }
    if state.is_runnable() {
        effects.push(Effect::Enqueue {
            affinity: state.row.last_worker.clone(),
        });
    }
    effects
}
