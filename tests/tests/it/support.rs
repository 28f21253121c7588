use std::{future::Future, time::Duration};

use aether_sdk::Client;
use aether_server::Server;
pub use aether_tests::{free_port, process::ServeProcess};
use aether_types::config::Config;

/// An engine serving on ephemeral loopback ports, in memory (L0), stopped on drop.
pub struct TestEngine {
    pub server: Server,
    pub url: String,
}

impl TestEngine {
    pub async fn start() -> Self {
        Self::with_heartbeat_timeout(Duration::from_secs(10)).await
    }

    pub async fn with_heartbeat_timeout(timeout: Duration) -> Self {
        Self::with_config(|config| {
            config.workers.heartbeat_timeout_ms = timeout.as_millis() as u64;
        })
        .await
    }

    /// An engine on the defaults (ephemeral ports, L0) as `adjust` changes them.
    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> Self {
        let mut config = Config::default();
        config.server.grpc_port = 0;
        config.server.http_port = 0;
        config.persistence.mode = aether_types::config::PersistenceMode::Memory;
        adjust(&mut config);
        let server = Server::start(&config).await.expect("engine starts");
        let url = format!("http://{}", server.grpc_addr());
        Self { server, url }
    }

    pub async fn client(&self) -> Client {
        Client::connect(&self.url).await.expect("client connects")
    }

    /// A gRPC channel to the engine, for tests that speak the protocol without an SDK.
    pub async fn channel(&self) -> tonic::transport::Channel {
        tonic::transport::Channel::from_shared(self.url.clone())
            .expect("the engine's url")
            .connect()
            .await
            .expect("channel connects")
    }
}

impl Drop for TestEngine {
    fn drop(&mut self) {
        self.server.shutdown();
    }
}

/// Polls `check` until it returns `Some`, failing the test after `timeout`. For conditions that
/// have no event to await (a file written by another process, a status reached).
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Bounds a test step that should finish quickly, so a bug shows as a failure, not a hang.
pub async fn within<T>(what: &str, timeout: Duration, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(timeout, future)
        .await
        .unwrap_or_else(|_| panic!("timed out after {timeout:?}: {what}"))
}

/// The next message of a `PollTasks` stream, which must be a task.
pub async fn next_grpc_task(
    tasks: &mut tonic::Streaming<aether_proto::v1::WorkerMessage>,
) -> aether_proto::v1::Task {
    let message = within("the task", Duration::from_secs(20), tasks.message())
        .await
        .expect("the task stream stays up")
        .expect("a message");
    match message.message {
        Some(aether_proto::v1::worker_message::Message::Task(task)) => task,
        other => panic!("expected a task, got {other:?}"),
    }
}

/// Starts a workflow of `workflow_type` with an empty JSON input on an in-process engine.
pub async fn start_on(
    engine: &aether_core::Engine,
    workflow_type: &str,
) -> aether_types::WorkflowId {
    engine
        .start_workflow(aether_core::StartWorkflow {
            workflow_type: workflow_type.into(),
            input: b"{}".to_vec(),
            workflow_id: None,
            parent: None,
            execution_timeout_ms: None,
        })
        .await
        .expect("the workflow starts")
        .workflow_id
}

/// The next task pushed down a task stream the test holds as a worker would, with the reference
/// its reports carry.
pub async fn next_task(
    tasks: &mut aether_core::TaskStream,
    what: &str,
) -> (aether_core::Task, aether_types::TaskRef) {
    match within(what, Duration::from_secs(10), tasks.messages.recv()).await {
        Some(aether_core::WorkerMessage::Task(task)) => {
            let task_ref = aether_types::TaskRef {
                workflow_id: task.workflow_id.clone(),
                token: task.token.clone(),
            };
            (task, task_ref)
        }
        other => panic!("{what}: expected a task, got {other:?}"),
    }
}

/// Waits until the workflow waits on `kind` (timer, signal, ...) and has released its worker,
/// and returns that status.
pub async fn until_suspended_on(
    client: &Client,
    id: &str,
    kind: &str,
) -> aether_sdk::WorkflowSummary {
    eventually(
        &format!("{id} to wait on a {kind} without a worker"),
        Duration::from_secs(20),
        || async {
            let status = client.status(id).await.unwrap();
            (status.waiting_on.as_deref() == Some(kind) && status.worker_id.is_none())
                .then_some(status)
        },
    )
    .await
}

/// Starts a workflow of `workflow_type` on `engine` and takes its task as a worker connected to
/// it would (the test plays the worker). The stream is returned to keep the worker connected.
pub async fn start_and_lease(
    engine: &aether_core::Engine,
    workflow_type: &str,
) -> (
    aether_types::WorkflowId,
    aether_types::TaskRef,
    aether_core::TaskStream,
) {
    let worker = engine
        .register_worker(None, vec![workflow_type.into()], 1, vec![])
        .unwrap();
    let mut tasks = engine.poll(&worker).unwrap();
    let id = start_on(engine, workflow_type).await;
    let (_, task) = next_task(&mut tasks, "the first dispatch").await;
    (id, task, tasks)
}
