//! The hot path's shared commits (issue 18): a start that finds a worker with room carries its
//! first lease, and step reports held by the worker travel with the completion. Each commit
//! raises a workflow's version by one, which is what these tests count.

use std::{sync::Arc, time::Duration};

use aether_core::{Engine, EngineOptions, StartWorkflow, Task, TaskStream, WorkerMessage};
use aether_store::MemoryStore;
use aether_types::{WorkerId, WorkflowId, WorkflowStatus};

const PATIENCE: Duration = Duration::from_secs(20);

fn engine() -> Engine {
    Engine::start(Arc::new(MemoryStore::new()), EngineOptions::default())
}

fn worker(engine: &Engine) -> (WorkerId, TaskStream) {
    let id = engine
        .register_worker(None, vec!["job".into()], 4, vec![])
        .expect("register");
    let stream = engine.poll(&id).expect("poll");
    (id, stream)
}

async fn start(engine: &Engine) -> WorkflowId {
    engine
        .start_workflow(StartWorkflow {
            workflow_type: "job".into(),
            input: b"{}".to_vec(),
            workflow_id: None,
            parent: None,
            execution_timeout_ms: None,
        })
        .await
        .expect("start")
        .workflow_id
}

async fn next_task(stream: &mut TaskStream) -> Task {
    match tokio::time::timeout(PATIENCE, stream.messages.recv()).await {
        Ok(Some(WorkerMessage::Task(task))) => task,
        other => panic!("expected a task, got {other:?}"),
    }
}

async fn version(engine: &Engine, id: &WorkflowId) -> u64 {
    engine.status(id).await.expect("status").row.version
}

#[tokio::test]
async fn a_start_that_finds_a_worker_with_room_leases_in_its_own_commit() {
    let engine = engine();
    let (worker, mut stream) = worker(&engine);
    let id = start(&engine).await;
    let task = next_task(&mut stream).await;
    assert_eq!(task.workflow_id, id);
    let info = engine.status(&id).await.expect("status");
    assert_eq!(
        info.row.version, 1,
        "the start and the lease are one commit"
    );
    assert_eq!(info.row.status, WorkflowStatus::Running);
    let lease = info.row.lease.expect("leased");
    assert_eq!((lease.worker_id, lease.token), (worker, task.token));
}

#[tokio::test]
async fn a_start_without_a_free_worker_is_dispatched_when_one_comes() {
    let engine = engine();
    let id = start(&engine).await;
    let info = engine.status(&id).await.expect("status");
    assert_eq!(
        (info.row.version, info.row.status),
        (1, WorkflowStatus::Pending)
    );
    assert!(info.row.lease.is_none());
    let (_worker, mut stream) = worker(&engine);
    assert_eq!(next_task(&mut stream).await.workflow_id, id);
    assert_eq!(
        version(&engine, &id).await,
        2,
        "the lease is a commit of its own"
    );
}
