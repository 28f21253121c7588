//! Eviction from the engine's cache and the transparent reload that follows, on a real engine
//! over the L0 store with a worker driven by hand.

use std::{
    collections::BTreeSet,
    sync::Arc,
    time::{Duration, Instant},
};

use aether_store::MemoryStore;
use aether_types::{EntryKind, Task, TaskRef, WorkerId, WorkflowId, WorkflowStatus};

use crate::{CacheBounds, Engine, EngineOptions, StartWorkflow, TaskStream, WorkerMessage};

const TYPE: &str = "t";
/// Far past any idle bound a test sets: a sweep "then" evicts whatever may leave.
const LATER: Duration = Duration::from_secs(7200);
const PATIENCE: Duration = Duration::from_secs(5);

fn engine(max_workflows: usize) -> Engine {
    Engine::start(
        Arc::new(MemoryStore::new()),
        EngineOptions {
            cache: CacheBounds {
                max_workflows,
                // Long enough that only the test's own sweeps evict for idleness.
                idle: Duration::from_secs(3600),
            },
            ..EngineOptions::default()
        },
    )
}

fn sweep_later(engine: &Engine) -> usize {
    engine.inner.cache.sweep(Instant::now() + LATER)
}

fn worker(engine: &Engine, capacity: u32) -> (WorkerId, TaskStream) {
    let id = engine
        .register_worker(None, vec![TYPE.into()], capacity, Vec::new())
        .unwrap();
    let stream = engine.poll(&id).unwrap();
    (id, stream)
}

async fn next_task(stream: &mut TaskStream) -> Task {
    match tokio::time::timeout(PATIENCE, stream.messages.recv()).await {
        Ok(Some(WorkerMessage::Task(task))) => task,
        other => panic!("expected a task, got {other:?}"),
    }
}

fn task_ref(task: &Task) -> TaskRef {
    TaskRef {
        workflow_id: task.workflow_id.clone(),
        token: task.token.clone(),
    }
}

async fn start(engine: &Engine, id: &str) -> WorkflowId {
    let id = WorkflowId::parse(id).unwrap();
    engine
        .start_workflow(StartWorkflow {
            workflow_type: TYPE.into(),
            input: b"{}".to_vec(),
            workflow_id: Some(id.clone()),
            parent: None,
            execution_timeout_ms: None,
        })
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_signal_reaches_an_evicted_waiting_workflow_and_its_waiter_hears_the_end() {
    let engine = engine(100);
    let (_worker, mut stream) = worker(&engine, 1);
    let id = start(&engine, "waits-for-go").await;
    let task = next_task(&mut stream).await;

    // Leased: its worker's progress lives only in memory, so it stays.
    assert_eq!(sweep_later(&engine), 0);
    assert_eq!(engine.cached_workflows(), 1);

    let lease = task_ref(&task);
    engine
        .wait_for_signal(&lease, 0, "go".into(), None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(engine.suspend(&lease).await.unwrap(), None);
    let waiter = {
        let engine = engine.clone();
        let id = id.clone();
        tokio::spawn(async move { engine.await_result(&id, PATIENCE * 2).await })
    };
    let registered = async {
        while engine.waiting_calls() == 0 {
            tokio::task::yield_now().await;
        }
    };
    tokio::time::timeout(PATIENCE, registered).await.unwrap();

    assert_eq!(sweep_later(&engine), 1);
    assert_eq!(engine.cached_workflows(), 0);
    // Its status is read back from the store, wait included.
    let status = engine.status(&id).await.unwrap();
    assert_eq!(status.row.status, WorkflowStatus::Running);
    assert_eq!(status.waits.len(), 1);
    assert_eq!(sweep_later(&engine), 1);

    let accepted = engine
        .signal(&id, "go".into(), b"1".to_vec(), None)
        .await
        .unwrap();
    assert_eq!(accepted.delivered_to, Some(0));
    let resumed = next_task(&mut stream).await;
    assert_eq!(resumed.workflow_id, id);
    let signal = &resumed.journal[0];
    assert_eq!(
        (signal.kind, signal.result.as_deref()),
        (EntryKind::Signal, Some(&b"1"[..]))
    );

    engine
        .complete_workflow(&task_ref(&resumed), Ok(b"done".to_vec()))
        .await
        .unwrap();
    let answered = tokio::time::timeout(PATIENCE, waiter)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(answered.row.status, WorkflowStatus::Completed);
    // Closed: out of memory at once, and still served from the store.
    assert_eq!(engine.cached_workflows(), 0);
    let status = engine.status(&id).await.unwrap();
    assert_eq!(status.row.status, WorkflowStatus::Completed);
    assert_eq!(status.result.as_deref(), Some(&b"done"[..]));
    assert_eq!(engine.cached_workflows(), 0);
    engine.shutdown();
}

#[tokio::test]
async fn a_timer_fires_for_an_evicted_sleeping_workflow() {
    let engine = engine(100);
    let (_worker, mut stream) = worker(&engine, 1);
    let id = start(&engine, "sleeps").await;
    let lease = task_ref(&next_task(&mut stream).await);
    engine
        .schedule_timer(&lease, 0, "nap".into(), 300)
        .await
        .unwrap();
    engine.suspend(&lease).await.unwrap();
    assert_eq!(sweep_later(&engine), 1);

    let woken = next_task(&mut stream).await;
    assert_eq!(woken.workflow_id, id);
    assert_eq!(woken.journal[0].kind, EntryKind::Timer);
    engine.shutdown();
}

#[tokio::test]
async fn past_its_bound_the_cache_drops_queued_workflows_which_still_run() {
    let engine = engine(3);
    let mut started = BTreeSet::new();
    for n in 0..6 {
        started.insert(start(&engine, &format!("queued-{n}")).await);
    }
    // No worker serves the type: every workflow waits in the queue, holding nothing in memory.
    engine.inner.cache.sweep(Instant::now());
    assert!(
        engine.cached_workflows() <= 3,
        "{} cached",
        engine.cached_workflows()
    );

    let (_worker, mut stream) = worker(&engine, 10);
    let mut ran = BTreeSet::new();
    for _ in 0..started.len() {
        let task = next_task(&mut stream).await;
        engine
            .complete_workflow(&task_ref(&task), Ok(b"ok".to_vec()))
            .await
            .unwrap();
        ran.insert(task.workflow_id);
    }
    assert_eq!(ran, started);
    for id in &started {
        let status = engine.status(id).await.unwrap();
        assert_eq!(status.row.status, WorkflowStatus::Completed);
    }
    assert_eq!(engine.cached_workflows(), 0);
    engine.shutdown();
}
