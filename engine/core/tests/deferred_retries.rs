//! Deferred effects survive a store that fails for a while: each kind is tried again until the
//! store is back, and then happens, without a restart. The store fails only the calls about
//! the workflow the effect acts on, so everything else (the worker's reports, other workflows)
//! goes on, and each test waits for the effect to have failed at least twice (a retry happened)
//! before healing the store.

use std::{sync::Arc, time::Duration};

use aether_core::{Engine, EngineOptions, StartWorkflow, Task, TaskStream, WorkerMessage};
use aether_store::{FailingStore, MemoryStore};
use aether_types::{Action, TaskRef, WorkerId, WorkflowId, WorkflowStatus};

/// Every wait in these tests is bounded by this.
const PATIENCE: Duration = Duration::from_secs(20);

struct Harness {
    engine: Engine,
    store: Arc<FailingStore>,
}

impl Harness {
    fn new(options: EngineOptions) -> Self {
        let store = Arc::new(FailingStore::new(Arc::new(MemoryStore::new())));
        let engine = Engine::start(store.clone(), options);
        Self { engine, store }
    }

    /// A worker of every type these tests use, with its task stream.
    fn worker(&self, capacity: u32) -> (WorkerId, TaskStream) {
        let id = self
            .engine
            .register_worker(
                None,
                vec!["parent".into(), "child".into()],
                capacity,
                vec![],
            )
            .expect("register");
        let stream = self.engine.poll(&id).expect("poll");
        (id, stream)
    }

    async fn start(&self, workflow_type: &str, id: &str) -> WorkflowId {
        self.engine
            .start_workflow(StartWorkflow {
                workflow_type: workflow_type.into(),
                input: b"{}".to_vec(),
                workflow_id: Some(WorkflowId::parse(id).expect("id")),
                parent: None,
                execution_timeout_ms: None,
            })
            .await
            .expect("start")
            .workflow_id
    }

    /// Fails every call about `id` until the effect on it has been tried (and failed) at least
    /// twice, then heals the store.
    async fn outage_of(&self, id: &WorkflowId, during: impl std::future::Future<Output = ()>) {
        self.store.fail_workflow(id);
        let before = self.store.failures();
        during.await;
        within(self.store.failed_at_least(before + 2)).await;
        self.store.heal();
    }

    async fn history(&self, id: &WorkflowId) -> Vec<Action> {
        self.engine
            .history(id)
            .await
            .expect("history")
            .into_iter()
            .map(|event| event.action)
            .collect()
    }
}

async fn within<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(PATIENCE, future)
        .await
        .expect("did not happen in time")
}

async fn next_message(stream: &mut TaskStream) -> WorkerMessage {
    within(stream.messages.recv())
        .await
        .expect("the task stream closed")
}

async fn next_task(stream: &mut TaskStream) -> Task {
    match next_message(stream).await {
        WorkerMessage::Task(task) => task,
        other => panic!("expected a task, got {other:?}"),
    }
}

fn task_ref(task: &Task) -> TaskRef {
    TaskRef {
        workflow_id: task.workflow_id.clone(),
        token: task.token.clone(),
    }
}

#[tokio::test]
async fn a_timer_fires_once_the_store_is_back() {
    let h = Harness::new(EngineOptions::default());
    let (_worker, mut stream) = h.worker(1);
    let id = h.start("parent", "sleeper").await;
    let task = next_task(&mut stream).await;
    let task = task_ref(&task);
    h.engine
        .schedule_timer(&task, 1, "nap".into(), 300)
        .await
        .expect("timer");
    h.engine.suspend(&task).await.expect("suspend");

    // The timer passes during the outage: its deadline cannot be recorded.
    h.outage_of(&id, async {}).await;

    let resumed = next_task(&mut stream).await;
    assert_eq!(resumed.workflow_id, id);
    assert!(
        h.history(&id)
            .await
            .contains(&Action::TimerFired { position: 1 }),
        "the timer fired"
    );
}

#[tokio::test]
async fn a_dispatch_that_failed_is_queued_again() {
    let h = Harness::new(EngineOptions::default());
    let id = h.start("parent", "queued").await;
    let mut stream = None;
    // The worker arrives during the outage: writing the lease fails.
    h.outage_of(&id, async {
        stream = Some(h.worker(1).1);
    })
    .await;
    let mut stream = stream.expect("a worker");
    assert_eq!(next_task(&mut stream).await.workflow_id, id);
}

/// A parent that started a child at position 1 and suspended, and the child's first task.
async fn parent_with_child(h: &Harness, stream: &mut TaskStream) -> (WorkflowId, Task) {
    let parent = h.start("parent", "parent").await;
    let task = task_ref(&next_task(stream).await);
    let child = h
        .engine
        .start_child(&task, 1, "child".into(), b"{}".to_vec(), None)
        .await
        .expect("start child")
        .expect("not stopped");
    h.engine.suspend(&task).await.expect("suspend");
    let child_task = next_task(stream).await;
    assert_eq!(child_task.workflow_id, child);
    (parent, child_task)
}

#[tokio::test]
async fn a_child_is_created_once_the_store_is_back() {
    let h = Harness::new(EngineOptions::default());
    let (_worker, mut stream) = h.worker(2);
    let parent = h.start("parent", "parent").await;
    let task = task_ref(&next_task(&mut stream).await);
    let child = WorkflowId::parse("kid").expect("id");
    // The child's creation fails while the store is out: it must not fail the parent's wait.
    h.outage_of(&child, async {
        h.engine
            .start_child(
                &task,
                1,
                "child".into(),
                b"{}".to_vec(),
                Some(child.clone()),
            )
            .await
            .expect("start child")
            .expect("not stopped");
    })
    .await;

    assert_eq!(next_task(&mut stream).await.workflow_id, child);
    let info = h.engine.status(&parent).await.expect("parent");
    assert_eq!(info.row.status, WorkflowStatus::Running);
    assert!(
        !h.history(&parent)
            .await
            .iter()
            .any(|a| matches!(a, Action::ChildFinished { .. })),
        "the parent heard of no failed child"
    );
}

#[tokio::test]
async fn a_parent_hears_of_its_child_once_the_store_is_back() {
    let h = Harness::new(EngineOptions::default());
    let (_worker, mut stream) = h.worker(2);
    let (parent, child_task) = parent_with_child(&h, &mut stream).await;

    // The child completes; telling its parent fails while the parent's store is out.
    h.outage_of(&parent, async {
        h.engine
            .complete_workflow(&task_ref(&child_task), Ok(b"42".to_vec()))
            .await
            .expect("complete child");
    })
    .await;

    let resumed = next_task(&mut stream).await;
    assert_eq!(resumed.workflow_id, parent);
    assert!(
        h.history(&parent)
            .await
            .iter()
            .any(|a| matches!(a, Action::ChildFinished { position: 1, .. })),
        "the parent recorded its child's end"
    );
}

#[tokio::test]
async fn children_are_cancelled_once_the_store_is_back() {
    let h = Harness::new(EngineOptions::default());
    let (_worker, mut stream) = h.worker(2);
    let (parent, child_task) = parent_with_child(&h, &mut stream).await;
    let child = child_task.workflow_id.clone();

    h.outage_of(&child, async {
        h.engine
            .cancel(&parent, "no longer wanted".into())
            .await
            .expect("cancel parent");
    })
    .await;

    match next_message(&mut stream).await {
        WorkerMessage::Cancel { workflow_id, .. } => assert_eq!(workflow_id, child),
        other => panic!("expected the child's cancellation, got {other:?}"),
    }
    let info = h.engine.status(&child).await.expect("child");
    assert_eq!(info.row.status, WorkflowStatus::Cancelled);
}

#[tokio::test]
async fn a_dead_workers_lease_expires_once_the_store_is_back() {
    let h = Harness::new(EngineOptions {
        heartbeat_timeout: Duration::from_millis(200),
        ..EngineOptions::default()
    });
    let (_dead, mut dead_stream) = h.worker(1);
    let id = h.start("parent", "orphan").await;
    assert_eq!(next_task(&mut dead_stream).await.workflow_id, id);

    // The worker stops heartbeating; the reaper's expiry of its lease fails during the outage.
    h.outage_of(&id, async {}).await;

    let (alive, mut stream) = h.worker(1);
    let engine = h.engine.clone();
    let heartbeats = tokio::spawn(async move {
        while engine.heartbeat(&alive) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    assert_eq!(next_task(&mut stream).await.workflow_id, id);
    heartbeats.abort();
}

/// In virtual time, so that a minute of retries passes at once.
#[tokio::test(start_paused = true)]
async fn retries_stop_when_the_engine_shuts_down() {
    let h = Harness::new(EngineOptions::default());
    let (_worker, mut stream) = h.worker(1);
    let id = h.start("parent", "stuck").await;
    let task = task_ref(&next_task(&mut stream).await);
    h.engine
        .schedule_timer(&task, 1, "nap".into(), 10)
        .await
        .expect("timer");
    h.engine.suspend(&task).await.expect("suspend");
    h.store.fail_workflow(&id);
    within(h.store.failed_at_least(2)).await;

    h.engine.shutdown();
    // An attempt already woken may still run once.
    let failed = h.store.failures() + 1;
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert!(
        h.store.failures() <= failed,
        "{} failures after shutdown; at most {failed} expected",
        h.store.failures()
    );
}
