//! A caller may go away while its command's write is on its way to the store: a client hangs up
//! on a unary call, and the server drops the future that was awaiting the commit. The write
//! must still end one way or the other, and the engine must act on what the store holds: a
//! committed start is dispatched, a failed one leaves no trace in the cache.

use std::{sync::Arc, time::Duration};

use aether_core::{Engine, EngineOptions, Error, StartWorkflow, TaskStream, WorkerMessage};
use aether_store::{FailingStore, MemoryStore, Store};
use aether_types::WorkflowId;

/// Every wait in these tests is bounded by this.
const PATIENCE: Duration = Duration::from_secs(20);

async fn within<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(PATIENCE, future)
        .await
        .expect("did not happen in time")
}

fn start(id: &WorkflowId) -> StartWorkflow {
    StartWorkflow {
        workflow_type: "job".into(),
        input: b"{}".to_vec(),
        workflow_id: Some(id.clone()),
        parent: None,
        execution_timeout_ms: None,
    }
}

/// The engine with a worker of `job`; commits are held from the start.
fn engine() -> (Engine, Arc<FailingStore>, TaskStream) {
    let store = Arc::new(FailingStore::new(Arc::new(MemoryStore::new())));
    let engine = Engine::start(store.clone(), EngineOptions::default());
    let worker = engine
        .register_worker(None, vec!["job".into()], 1, vec![])
        .expect("register");
    let stream = engine.poll(&worker).expect("poll");
    store.hold_commits();
    (engine, store, stream)
}

/// Starts `id` from a caller that leaves once the start's write is held on its way to the
/// store.
async fn start_and_leave(engine: &Engine, store: &FailingStore, id: &WorkflowId) {
    let caller = tokio::spawn({
        let engine = engine.clone();
        let request = start(id);
        async move { engine.start_workflow(request).await }
    });
    within(store.held_at_least(1)).await;
    caller.abort();
    assert!(
        caller.await.is_err_and(|err| err.is_cancelled()),
        "the caller was still waiting when it left"
    );
}

async fn next_task_of(stream: &mut TaskStream) -> WorkflowId {
    match within(stream.messages.recv()).await {
        Some(WorkerMessage::Task(task)) => task.workflow_id,
        other => panic!("expected a task, got {other:?}"),
    }
}

#[tokio::test]
async fn a_start_whose_caller_left_mid_commit_is_committed_and_dispatched() {
    let (engine, store, mut stream) = engine();
    let id = WorkflowId::parse("left-early").expect("id");
    start_and_leave(&engine, &store, &id).await;
    store.release_commits();

    assert_eq!(next_task_of(&mut stream).await, id);
    let stored = store.load(&id).await.expect("load").expect("committed");
    assert_eq!(stored.row.id, id);
}

#[tokio::test]
async fn a_start_that_failed_after_its_caller_left_is_not_kept_in_the_cache() {
    let (engine, store, mut stream) = engine();
    let id = WorkflowId::parse("failed-late").expect("id");
    start_and_leave(&engine, &store, &id).await;
    store.fail_workflow(&id);
    store.release_commits();
    within(store.failed_at_least(1)).await;
    store.heal();

    // The engine answers from the store, which has nothing: the cache did not keep the start.
    assert!(matches!(
        engine.status(&id).await,
        Err(Error::WorkflowNotFound(_))
    ));
    // And the id is free: a new start of it goes through and runs.
    engine
        .start_workflow(start(&id))
        .await
        .expect("start again");
    assert_eq!(next_task_of(&mut stream).await, id);
}
