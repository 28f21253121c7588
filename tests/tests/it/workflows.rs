//! The workflow model over gRPC with a real Rust worker: steps, parallel, sleep, children,
//! cancellation, retries, non-determinism.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU32, Ordering},
    },
    time::{Duration, Instant},
};

use aether_sdk::{
    ActivityOptions, Error, HistoryEntry, RetryPolicy, StepError, WaitKind, Worker,
    WorkflowContext, WorkflowStatus, workflow,
};
use tokio::sync::mpsc;

use crate::support::{TestEngine, eventually, until_suspended_on, within};

const LONG: Duration = Duration::from_secs(20);

/// A history as (action, name) pairs, in order.
fn actions(history: &[HistoryEntry]) -> Vec<(&'static str, &str)> {
    history
        .iter()
        .map(|h| (h.action, h.name.as_str()))
        .collect()
}

#[tokio::test]
async fn three_step_workflow_completes_through_start_and_wait() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let wf = workflow("three-steps", |ctx: WorkflowContext, x: u64| async move {
        let a: u64 = ctx
            .step("add-one", move || async move { Ok::<_, StepError>(x + 1) })
            .await?;
        let b: u64 = ctx
            .step("double", move || async move { Ok::<_, StepError>(a * 2) })
            .await?;
        let c: String = ctx
            .step("format", move || async move {
                Ok::<_, StepError>(format!("result={b}"))
            })
            .await?;
        Ok(c)
    });
    let worker = Worker::new(&client).register(&wf).spawn();
    let result = within("start_and_wait", LONG, client.start_and_wait(&wf, &20))
        .await
        .unwrap();
    assert_eq!(result, "result=42");

    let listed = client.list(&Default::default()).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, WorkflowStatus::Completed);
    let history = client.history(&listed[0].workflow_id).await.unwrap();
    assert_eq!(
        actions(&history),
        vec![
            ("workflow_started", "three-steps"),
            ("step_completed", "add-one"),
            ("step_completed", "double"),
            ("step_completed", "format"),
            ("workflow_completed", ""),
        ]
    );
    worker.shutdown().await;
}

/// A step's result is in the history before the workflow's code goes on: while the next step
/// still waits on I/O, the first one is recorded.
#[tokio::test]
async fn a_steps_result_is_recorded_before_the_next_step_runs() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let (release, gate) = mpsc::channel::<()>(1);
    let gate = Arc::new(tokio::sync::Mutex::new(gate));
    let wf = workflow("recorded-then-next", move |ctx: WorkflowContext, _: ()| {
        let gate = Arc::clone(&gate);
        async move {
            let first: u32 = ctx
                .step("first", || async { Ok::<_, StepError>(1) })
                .await?;
            let second: u32 = ctx
                .step("second", move || async move {
                    gate.lock().await.recv().await;
                    Ok::<_, StepError>(2)
                })
                .await?;
            Ok(first + second)
        }
    });
    let _worker = Worker::new(&client).register(&wf).spawn();
    let id = client.start(&wf, &()).await.unwrap();
    eventually(
        "the first step recorded while the second runs",
        LONG,
        || {
            let client = client.clone();
            let id = id.clone();
            async move {
                let history = client.history(&id).await.ok()?;
                history
                    .iter()
                    .any(|h| h.action == "step_completed" && h.name == "first")
                    .then_some(())
            }
        },
    )
    .await;
    let history = client.history(&id).await.unwrap();
    assert!(
        !history.iter().any(|h| h.name == "second"),
        "the second step has not returned yet"
    );
    release.send(()).await.unwrap();
    let result: u32 = within("the result", LONG, client.result(&id))
        .await
        .unwrap();
    assert_eq!(result, 3);
    let history = client.history(&id).await.unwrap();
    assert_eq!(
        actions(&history),
        vec![
            ("workflow_started", "recorded-then-next"),
            ("step_completed", "first"),
            ("step_completed", "second"),
            ("workflow_completed", ""),
        ]
    );
}

#[tokio::test]
async fn starting_an_existing_id_returns_the_existing_run() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let wf = workflow("idempotent", |ctx: WorkflowContext, n: u32| async move {
        ctx.step("echo", move || async move { Ok::<_, StepError>(n) })
            .await
    });
    let first = client.start_with_id(&wf, "order-7", &1).await.unwrap();
    let second = client.start_with_id(&wf, "order-7", &2).await.unwrap();
    assert_eq!(first, second);
    let worker = Worker::new(&client).register(&wf).spawn();
    let result: u32 = within("result", LONG, client.result(&first)).await.unwrap();
    assert_eq!(
        result, 1,
        "the second start must not replace the first run's input"
    );
    assert_eq!(client.list(&Default::default()).await.unwrap().len(), 1);
    worker.shutdown().await;
}

#[tokio::test]
async fn parallel_returns_results_in_input_order() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let wf = workflow("fan-out", |ctx: WorkflowContext, n: u64| async move {
        // Later branches finish first, so completion order is the reverse of input order.
        let branches = (0..n).map(|i| {
            ctx.step(format!("branch-{i}"), move || async move {
                tokio::time::sleep(Duration::from_millis(20 * (n - i))).await;
                Ok::<_, StepError>(i * 10)
            })
        });
        ctx.parallel(branches).await
    });
    let worker = Worker::new(&client).register(&wf).spawn();
    let result = within("parallel", LONG, client.start_and_wait(&wf, &5))
        .await
        .unwrap();
    assert_eq!(result, vec![0, 10, 20, 30, 40]);
    worker.shutdown().await;
}

#[tokio::test]
async fn sleep_releases_the_worker_slot_and_resumes() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let sleeper = workflow("sleeper", |ctx: WorkflowContext, ms: u64| async move {
        let before: i64 = ctx.now().await?;
        ctx.sleep(Duration::from_millis(ms)).await?;
        let after: i64 = ctx
            .step("after-sleep", || async {
                Ok::<_, StepError>(aether_types::now_millis())
            })
            .await?;
        Ok(after - before)
    });
    let quick = workflow("quick", |ctx: WorkflowContext, _: ()| async move {
        ctx.step("only", || async { Ok::<_, StepError>("done".to_string()) })
            .await
    });
    // One slot: the quick workflow can only run if the sleeping one gave its slot back.
    let worker = Worker::new(&client)
        .capacity(1)
        .register(&sleeper)
        .register(&quick)
        .spawn();
    let sleeping = client.start(&sleeper, &1500).await.unwrap();
    let status = until_suspended_on(&client, &sleeping, "timer").await;
    // What it waits on and since when: the timer at position 1 (`now` is position 0).
    let [wait] = status.waits.as_slice() else {
        panic!("one open wait, got {:?}", status.waits);
    };
    assert_eq!(
        (wait.kind, wait.position, wait.target.as_str()),
        (WaitKind::Timer, 1, "sleep")
    );
    assert_eq!(status.waiting_since_ms, Some(wait.since));
    assert_eq!(wait.deadline, Some(wait.since + 1500));
    assert!(wait.since >= status.created_at_ms && wait.since <= aether_types::now_millis());
    let listed = client.list(&Default::default()).await.unwrap();
    let row = listed.iter().find(|w| w.workflow_id == sleeping).unwrap();
    assert_eq!(
        (row.waiting_on.as_deref(), row.waiting_since_ms),
        (Some("timer"), Some(wait.since)),
        "listings say what it waits on and since when"
    );
    let quick_result = within(
        "quick workflow while the other sleeps",
        Duration::from_secs(1),
        client.start_and_wait(&quick, &()),
    )
    .await
    .unwrap();
    assert_eq!(quick_result, "done");
    assert_eq!(
        client.status(&sleeping).await.unwrap().status,
        WorkflowStatus::Running
    );

    let slept: i64 = within("sleeper", LONG, client.result(&sleeping))
        .await
        .unwrap();
    assert!(slept >= 1500, "resumed after {slept} ms, before its timer");
    let history = client.history(&sleeping).await.unwrap();
    let fired = history.iter().filter(|h| h.action == "timer_fired").count();
    assert_eq!(fired, 1);
    worker.shutdown().await;
}

#[tokio::test]
async fn child_result_reaches_its_parent() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let child = workflow("square", |ctx: WorkflowContext, n: i64| async move {
        ctx.step("square", move || async move { Ok::<_, StepError>(n * n) })
            .await
    });
    let child_def = child.clone();
    let parent = workflow(
        "sum-of-squares",
        move |ctx: WorkflowContext, ns: Vec<i64>| {
            let child_def = child_def.clone();
            async move {
                let mut total = 0;
                for n in ns {
                    let square: i64 = ctx.child(&child_def, &n).await?;
                    total += square;
                }
                Ok(total)
            }
        },
    );
    let worker = Worker::new(&client)
        .register(&parent)
        .register(&child)
        .spawn();
    let total = within(
        "parent",
        LONG,
        client.start_and_wait(&parent, &vec![1, 2, 3]),
    )
    .await
    .unwrap();
    assert_eq!(total, 14);
    let children: Vec<_> = client
        .list(&aether_sdk::ListOptions {
            workflow_type: Some("square".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(children.len(), 3);
    assert!(
        children
            .iter()
            .all(|c| c.parent_workflow_id.is_some() && c.status == WorkflowStatus::Completed)
    );
    worker.shutdown().await;
}

/// Sets its flag when dropped: shows that a step's future was stopped, not left running.
struct DropFlag(Arc<AtomicBool>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn cancel_stops_the_workers_work_and_cancels_children() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let (started_tx, mut started_rx) = mpsc::unbounded_channel::<String>();
    let stopped = Arc::new(AtomicBool::new(false));

    let started = started_tx.clone();
    let stop_flag = Arc::clone(&stopped);
    let blocker = workflow("blocker", move |ctx: WorkflowContext, _: ()| {
        let started = started.clone();
        let stop_flag = Arc::clone(&stop_flag);
        async move {
            let id = ctx.workflow_id().to_owned();
            ctx.step("wait-forever", move || async move {
                let _flag = DropFlag(stop_flag);
                let _ = started.send(id);
                std::future::pending::<()>().await;
                Ok::<_, StepError>(())
            })
            .await
        }
    });
    let blocker_def = blocker.clone();
    let parent = workflow("parent-of-blocker", move |ctx: WorkflowContext, _: ()| {
        let blocker_def = blocker_def.clone();
        async move { ctx.child(&blocker_def, &()).await }
    });
    let worker = Worker::new(&client)
        .register(&parent)
        .register(&blocker)
        .spawn();

    // A running workflow: its step has started on the worker.
    let single = client.start(&blocker, &()).await.unwrap();
    let running = within("step start", LONG, started_rx.recv()).await.unwrap();
    assert_eq!(running, single);
    assert_eq!(
        client.cancel(&single, "test").await.unwrap(),
        WorkflowStatus::Cancelled
    );
    eventually("the step to be stopped on the worker", LONG, || async {
        stopped.load(Ordering::SeqCst).then_some(())
    })
    .await;
    assert!(matches!(
        client.result::<()>(&single).await,
        Err(Error::WorkflowCancelled)
    ));

    // A parent waiting on a child: cancelling the parent cancels the child.
    let parent_id = client.start(&parent, &()).await.unwrap();
    let child_id = within("child step start", LONG, started_rx.recv())
        .await
        .unwrap();
    assert_ne!(child_id, parent_id);
    client.cancel(&parent_id, "test").await.unwrap();
    let child = within("child cancellation", LONG, client.wait_for(&child_id))
        .await
        .unwrap();
    assert_eq!(child.status, WorkflowStatus::Cancelled);
    assert_eq!(
        client.status(&parent_id).await.unwrap().status,
        WorkflowStatus::Cancelled
    );

    // Cancelling a finished workflow is refused and changes nothing.
    let err = client.cancel(&parent_id, "again").await.unwrap_err();
    assert!(err.to_string().contains("already CANCELLED"), "{err}");
    worker.shutdown().await;
}

#[tokio::test]
async fn failing_step_is_retried_by_the_engine_and_completes_on_attempt_3() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let flaky = workflow("flaky", move |ctx: WorkflowContext, _: ()| {
        let counter = Arc::clone(&counter);
        async move {
            let options = ActivityOptions {
                retry: RetryPolicy {
                    initial_interval: Duration::from_millis(100),
                    max_attempts: 5,
                    ..RetryPolicy::default()
                },
                ..ActivityOptions::default()
            };
            ctx.activity("charge-card", options, move || {
                let counter = Arc::clone(&counter);
                async move {
                    let attempt = counter.fetch_add(1, Ordering::SeqCst) + 1;
                    if attempt < 3 {
                        Err(StepError::new(
                            "GatewayTimeout",
                            format!("gateway timed out on attempt {attempt}"),
                        ))
                    } else {
                        Ok(format!("charged on attempt {attempt}"))
                    }
                }
            })
            .await
        }
    });
    let worker = Worker::new(&client).register(&flaky).spawn();
    let started = Instant::now();
    let id = client.start(&flaky, &()).await.unwrap();
    let result: String = within("flaky", LONG, client.result(&id)).await.unwrap();
    assert_eq!(result, "charged on attempt 3");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "backoff of 100 + 200 ms was not waited"
    );

    let history = client.history(&id).await.unwrap();
    let attempts: Vec<_> = history
        .iter()
        .filter(|h| h.name == "charge-card")
        .map(|h| {
            (
                h.action,
                h.attempt,
                h.failure.as_ref().map(|f| f.message.clone()),
            )
        })
        .collect();
    assert_eq!(
        attempts,
        vec![
            (
                "step_failed",
                1,
                Some("gateway timed out on attempt 1".to_string())
            ),
            (
                "step_failed",
                2,
                Some("gateway timed out on attempt 2".to_string())
            ),
            ("step_completed", 3, None),
        ]
    );
    assert!(
        history
            .iter()
            .filter(|h| h.action == "step_failed")
            .all(|h| {
                h.failure
                    .as_ref()
                    .is_some_and(|f| f.error_type == "GatewayTimeout")
                    && h.fire_at_ms.is_some()
            })
    );
    worker.shutdown().await;
}

#[tokio::test]
async fn step_out_of_attempts_fails_the_workflow_with_its_error() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let doomed = workflow("doomed", |ctx: WorkflowContext, _: ()| async move {
        let options = ActivityOptions {
            retry: RetryPolicy {
                initial_interval: Duration::from_millis(10),
                max_attempts: 2,
                ..RetryPolicy::default()
            },
            ..ActivityOptions::default()
        };
        ctx.activity("always-fails", options, || async {
            Err::<(), _>(StepError::new("Declined", "card declined"))
        })
        .await
    });
    let worker = Worker::new(&client).register(&doomed).spawn();
    let id = client.start(&doomed, &()).await.unwrap();
    let status = within("doomed", LONG, client.wait_for(&id)).await.unwrap();
    assert_eq!(status.status, WorkflowStatus::Failed);
    let failure = status.failure.unwrap();
    assert_eq!(
        (failure.error_type.as_str(), failure.message.as_str()),
        ("Declined", "card declined")
    );
    worker.shutdown().await;
}

#[tokio::test]
async fn renaming_a_journaled_step_fails_with_a_non_determinism_error() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    // Version 1 journals "reserve-stock", then sleeps; the worker is replaced meanwhile by one
    // running version 2, which calls the first step "reserve-inventory".
    let v1 = workflow("renamed", |ctx: WorkflowContext, _: ()| async move {
        ctx.step("reserve-stock", || async { Ok::<_, StepError>(1) })
            .await?;
        ctx.sleep(Duration::from_millis(1000)).await?;
        Ok(1)
    });
    let v2 = workflow("renamed", |ctx: WorkflowContext, _: ()| async move {
        ctx.step("reserve-inventory", || async { Ok::<_, StepError>(2) })
            .await?;
        ctx.sleep(Duration::from_millis(1000)).await?;
        Ok(2)
    });
    let old = Worker::new(&client).register(&v1).spawn();
    let id = client.start(&v1, &()).await.unwrap();
    eventually("the first step to be journaled", LONG, || async {
        (client.status(&id).await.unwrap().waiting_on.as_deref() == Some("timer")).then_some(())
    })
    .await;
    old.shutdown().await;
    let new = Worker::new(&client).register(&v2).spawn();
    let status = within("replay on the new code", LONG, client.wait_for(&id))
        .await
        .unwrap();
    assert_eq!(status.status, WorkflowStatus::Failed);
    let failure = status.failure.unwrap();
    assert_eq!(failure.error_type, "NonDeterminismError");
    assert!(
        failure.message.contains("position 0"),
        "{}",
        failure.message
    );
    assert!(
        failure.message.contains("'reserve-stock'"),
        "{}",
        failure.message
    );
    assert!(
        failure.message.contains("'reserve-inventory'"),
        "{}",
        failure.message
    );
    new.shutdown().await;
}
