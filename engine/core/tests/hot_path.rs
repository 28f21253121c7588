//! The hot path's shared commits (issue 18): a start that finds a worker with room carries its
//! first lease, and step reports held by the worker travel with the completion. Each commit
//! raises a workflow's version by one, which is what these tests count.

use std::{sync::Arc, time::Duration};

use aether_core::{
    Engine, EngineOptions, StartWorkflow, StepReport, StopReason, Task, TaskStream, WorkerMessage,
};
use aether_store::MemoryStore;
use aether_types::{Action, TaskRef, WorkerId, WorkflowId, WorkflowStatus};

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

fn task_ref(task: &Task) -> TaskRef {
    TaskRef {
        workflow_id: task.workflow_id.clone(),
        token: task.token.clone(),
    }
}

fn success(position: u32, result: &[u8]) -> StepReport {
    StepReport {
        position,
        name: format!("step-{position}"),
        attempt: 1,
        outcome: Ok(result.to_vec()),
        retry: None,
        duration_ms: Some(1),
    }
}

async fn version(engine: &Engine, id: &WorkflowId) -> u64 {
    engine.status(id).await.expect("status").row.version
}

async fn actions(engine: &Engine, id: &WorkflowId) -> Vec<Action> {
    engine
        .history(id)
        .await
        .expect("history")
        .into_iter()
        .map(|event| event.action)
        .collect()
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

#[tokio::test]
async fn held_steps_and_the_end_are_one_commit() {
    let engine = engine();
    let (_worker, mut stream) = worker(&engine);
    let id = start(&engine).await;
    let task = task_ref(&next_task(&mut stream).await);
    let stop = engine
        .complete_workflow(
            &task,
            vec![success(0, b"\"a\""), success(1, b"\"b\"")],
            Ok(b"2".to_vec()),
        )
        .await
        .expect("complete");
    assert_eq!(stop, None);
    let info = engine.status(&id).await.expect("status");
    assert_eq!(info.row.status, WorkflowStatus::Completed);
    assert_eq!(
        info.row.version, 2,
        "the start, then the steps with the end"
    );
    let steps: Vec<(u32, Vec<u8>)> = actions(&engine, &id)
        .await
        .into_iter()
        .filter_map(|action| match action {
            Action::StepCompleted {
                position, result, ..
            } => Some((position, result)),
            _ => None,
        })
        .collect();
    assert_eq!(
        steps,
        vec![(0, b"\"a\"".to_vec()), (1, b"\"b\"".to_vec())],
        "both held steps are in the history, in order"
    );
    assert!(matches!(
        actions(&engine, &id).await.last(),
        Some(Action::WorkflowCompleted { .. })
    ));
}

#[tokio::test]
async fn a_held_step_recorded_otherwise_ends_the_task_and_the_workflow_replays() {
    let engine = engine();
    let (_worker, mut stream) = worker(&engine);
    let id = start(&engine).await;
    let task = task_ref(&next_task(&mut stream).await);
    engine
        .complete_step(&task, success(0, b"\"recorded\""))
        .await
        .expect("step");
    let stop = engine
        .complete_workflow(&task, vec![success(0, b"\"other\"")], Ok(b"1".to_vec()))
        .await
        .expect("complete");
    assert_eq!(stop, Some(StopReason::LeaseLost));
    assert_eq!(
        engine.status(&id).await.expect("status").row.status,
        WorkflowStatus::Running,
        "the completion built on the other value was not recorded"
    );
    let replay = next_task(&mut stream).await;
    assert_eq!(replay.workflow_id, id);
    assert_eq!(
        replay
            .journal
            .first()
            .and_then(|entry| entry.result.clone()),
        Some(b"\"recorded\"".to_vec()),
        "the replay runs on the recorded value"
    );
}

#[tokio::test]
async fn a_held_step_without_a_result_is_refused_and_changes_nothing() {
    let engine = engine();
    let (_worker, mut stream) = worker(&engine);
    let id = start(&engine).await;
    let task = task_ref(&next_task(&mut stream).await);
    let before = version(&engine, &id).await;
    let mut failed = success(0, b"");
    failed.outcome = Err(aether_types::Failure::default());
    let err = engine
        .complete_workflow(&task, vec![success(1, b"1"), failed], Ok(b"1".to_vec()))
        .await
        .expect_err("refused");
    assert!(
        matches!(err, aether_core::Error::InvalidArgument(_)),
        "{err}"
    );
    assert_eq!(version(&engine, &id).await, before);
    assert!(
        !actions(&engine, &id)
            .await
            .iter()
            .any(|a| matches!(a, Action::StepCompleted { .. })),
        "the step before the refused one was not kept either"
    );
}
