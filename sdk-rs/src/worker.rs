//! The worker: registers workflow types, keeps a task stream open (reconnecting with backoff when
//! the server goes away), heartbeats, and runs each task's execution.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use aether_proto::v1::{self, worker_service_client::WorkerServiceClient};
use backoff::backoff::Backoff;
use serde::{Serialize, de::DeserializeOwned};
use tokio::{sync::mpsc, task::JoinHandle};
use tokio_util::sync::CancellationToken;

use crate::{
    Client, Error, WorkflowDef, commands::Commands, execution::drive, nodes::Nodes,
    rpc::reconnect_backoff, transport::Transport, workflow::Handler,
};

/// Builds and runs a worker.
pub struct Worker {
    nodes: Arc<Nodes>,
    commands: Arc<Commands>,
    workflows: HashMap<String, Handler>,
    capacity: u32,
    worker_id: String,
}

/// A running worker. Dropping the handle leaves the worker running; call
/// [`WorkerHandle::shutdown`] to stop it.
pub struct WorkerHandle {
    worker_id: String,
    stop: CancellationToken,
    task: JoinHandle<()>,
}

impl WorkerHandle {
    pub fn worker_id(&self) -> &str {
        &self.worker_id
    }

    /// Stops polling and abandons running executions; the engine re-dispatches their
    /// workflows once this worker's heartbeats stop.
    pub async fn shutdown(self) {
        self.stop.cancel();
        let _ = self.task.await;
    }
}

/// A workflow running (or suspended) on this worker.
struct Running {
    generation: u64,
    resume: mpsc::UnboundedSender<v1::Task>,
    /// The token of the task being run; `None` while suspended (no task held).
    held: Arc<Mutex<Option<String>>>,
    task: JoinHandle<()>,
}

impl Running {
    fn held(&self) -> Option<String> {
        self.held.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

type Registry = Arc<Mutex<HashMap<String, Running>>>;

fn lock(registry: &Registry) -> std::sync::MutexGuard<'_, HashMap<String, Running>> {
    registry.lock().unwrap_or_else(|p| p.into_inner())
}

impl Worker {
    pub fn new(client: &Client) -> Self {
        let nodes = Arc::new(Nodes::new(client.worker.clone()));
        Self {
            commands: Arc::new(Commands::new(Arc::clone(&nodes))),
            nodes,
            workflows: HashMap::new(),
            capacity: 100,
            worker_id: format!("worker-{}", uuid::Uuid::new_v4().simple()),
        }
    }

    /// Serves `workflow`.
    pub fn register<I, O>(mut self, workflow: &WorkflowDef<I, O>) -> Self
    where
        I: DeserializeOwned,
        O: Serialize,
    {
        self.workflows
            .insert(workflow.name().to_owned(), Arc::clone(&workflow.handler));
        self
    }

    /// Another engine node (of several sharing one database) to move to when the current one
    /// cannot be reached; call once per node. The worker talks to one node at a time, starting
    /// with the client's given to [`Worker::new`], and on a failure moves on to the next in
    /// order (round robin), keeping the tasks it runs: the new node takes their leases over.
    pub fn failover_to(mut self, other: &Client) -> Self {
        self.nodes = Arc::new(self.nodes.and(other.worker.clone()));
        self.commands = Arc::new(Commands::new(Arc::clone(&self.nodes)));
        self
    }

    /// How many workflow tasks run at once (default 100).
    pub fn capacity(mut self, capacity: u32) -> Self {
        self.capacity = capacity.max(1);
        self
    }

    /// A stable id, so that the engine recognises this worker when it reconnects.
    pub fn worker_id(mut self, id: impl Into<String>) -> Self {
        self.worker_id = id.into();
        self
    }

    /// Starts the worker in the background.
    pub fn spawn(self) -> WorkerHandle {
        let stop = CancellationToken::new();
        let worker_id = self.worker_id.clone();
        let task = tokio::spawn(self.run(stop.clone()));
        WorkerHandle {
            worker_id,
            stop,
            task,
        }
    }

    /// Runs until `stop` is cancelled, reconnecting whenever the server goes away.
    pub async fn run(self, stop: CancellationToken) {
        let worker = Arc::new(self);
        let registry: Registry = Arc::default();
        let reregister = Arc::new(tokio::sync::Notify::new());
        let interval_ms = Arc::new(AtomicU64::new(3000));
        let heartbeat = tokio::spawn(Arc::clone(&worker).heartbeat(
            Arc::clone(&interval_ms),
            Arc::clone(&reregister),
            stop.clone(),
        ));
        let mut backoff = reconnect_backoff(None);
        let mut generation = 0;
        while !stop.is_cancelled() {
            match worker
                .session(&registry, &mut generation, &interval_ms, &reregister, &stop)
                .await
            {
                Ok(()) => backoff.reset(),
                Err(err) => {
                    tracing::warn!(worker = %worker.worker_id, error = %err, "connection to the engine lost; reconnecting");
                }
            }
            let delay = backoff.next_backoff().unwrap_or(Duration::from_secs(2));
            tokio::select! {
                _ = stop.cancelled() => break,
                _ = tokio::time::sleep(delay) => {}
            }
        }
        heartbeat.abort();
        for (_, running) in lock(&registry).drain() {
            running.task.abort();
        }
    }

    /// One registration and task stream, until the stream ends or fails.
    async fn session(
        &self,
        registry: &Registry,
        generation: &mut u64,
        interval_ms: &AtomicU64,
        reregister: &tokio::sync::Notify,
        stop: &CancellationToken,
    ) -> Result<(), Error> {
        let (node, mut rpc) = self.nodes.current();
        let session = self
            .session_on(
                &mut rpc,
                registry,
                generation,
                interval_ms,
                reregister,
                stop,
            )
            .await;
        // Only an unreachable node is left; one that forgot this worker is registered with
        // again.
        if let Err(Error::Rpc(status)) = &session
            && crate::rpc::is_transient(status)
            && self.nodes.failed(node)
        {
            tracing::warn!(worker = %self.worker_id, error = %status, "engine node unreachable; moving to the next one");
        }
        session
    }

    async fn session_on(
        &self,
        rpc: &mut WorkerServiceClient<Transport>,
        registry: &Registry,
        generation: &mut u64,
        interval_ms: &AtomicU64,
        reregister: &tokio::sync::Notify,
        stop: &CancellationToken,
    ) -> Result<(), Error> {
        let held_task_tokens = lock(registry).values().filter_map(Running::held).collect();
        let registered = rpc
            .register(v1::RegisterRequest {
                worker_id: self.worker_id.clone(),
                workflow_types: self.workflows.keys().cloned().collect(),
                capacity: self.capacity,
                held_task_tokens,
            })
            .await?
            .into_inner();
        interval_ms.store(registered.heartbeat_interval_ms.max(50), Ordering::Relaxed);
        let mut stream = rpc
            .poll_tasks(v1::PollTasksRequest {
                worker_id: self.worker_id.clone(),
            })
            .await?
            .into_inner();
        tracing::info!(worker = %self.worker_id, types = ?self.workflows.keys().collect::<Vec<_>>(), "worker polling");
        loop {
            let message = tokio::select! {
                _ = stop.cancelled() => return Ok(()),
                _ = reregister.notified() => {
                    return Err(Error::InvalidArgument("the engine no longer knows this worker".into()));
                }
                message = stream.message() => message?,
            };
            match message.and_then(|m| m.message) {
                None => return Ok(()),
                Some(v1::worker_message::Message::Task(task)) => {
                    *generation += 1;
                    self.start_or_resume(registry, *generation, task);
                }
                Some(v1::worker_message::Message::Cancel(cancel)) => {
                    if let Some(running) = lock(registry).remove(&cancel.workflow_id) {
                        tracing::info!(workflow = %cancel.workflow_id, reason = %cancel.reason, "workflow cancelled; stopping it");
                        running.task.abort();
                    }
                }
            }
        }
    }

    fn start_or_resume(&self, registry: &Registry, generation: u64, task: v1::Task) {
        let mut running = lock(registry);
        if let Some(existing) = running.get(&task.workflow_id) {
            if existing.held().is_none() {
                // Claimed before the hand-over, so a re-registration meanwhile keeps the lease.
                *existing.held.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some(task.task_token.clone());
                if existing.resume.send(task.clone()).is_ok() {
                    return;
                }
            }
            // Still running: the engine gave the workflow up on us (a lost lease) and now sends
            // it afresh. The old execution's reports would be refused anyway.
            existing.task.abort();
        }
        let Some(handler) = self.workflows.get(&task.workflow_type).cloned() else {
            tracing::error!(workflow_type = %task.workflow_type, "received a task for a type this worker does not serve");
            return;
        };
        let (resume_tx, resume_rx) = mpsc::unbounded_channel();
        let held = Arc::new(Mutex::new(Some(task.task_token.clone())));
        let workflow_id = task.workflow_id.clone();
        let cleanup = Arc::clone(registry);
        let commands = Arc::clone(&self.commands);
        let flag = Arc::clone(&held);
        let id = workflow_id.clone();
        let join = tokio::spawn(async move {
            drive(handler, commands, task, resume_rx, flag).await;
            let mut running = lock(&cleanup);
            if running.get(&id).is_some_and(|r| r.generation == generation) {
                running.remove(&id);
            }
        });
        running.insert(
            workflow_id,
            Running {
                generation,
                resume: resume_tx,
                held,
                task: join,
            },
        );
    }

    async fn heartbeat(
        self: Arc<Self>,
        interval_ms: Arc<AtomicU64>,
        reregister: Arc<tokio::sync::Notify>,
        stop: CancellationToken,
    ) {
        loop {
            // The node the sessions talk to, which a failure moves.
            let (_, mut rpc) = self.nodes.current();
            let delay = Duration::from_millis(interval_ms.load(Ordering::Relaxed));
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = tokio::time::sleep(delay) => {}
            }
            let beat = rpc
                .heartbeat(v1::HeartbeatRequest {
                    worker_id: self.worker_id.clone(),
                })
                .await;
            if let Ok(response) = beat
                && !response.into_inner().known
            {
                reregister.notify_one();
            }
        }
    }
}
