//! Timeouts and heartbeats owned by the engine: an activity attempt that stops heartbeating, or
//! runs past its start-to-close timeout, is failed by the engine while its worker is alive, its
//! worker drops it, and the retry runs elsewhere with the last heartbeat details; a workflow's
//! execution timeout fails it; the deadlines survive an engine restart; bad timeouts are refused.

use std::time::{Duration, Instant};

use aether_proto::v1;
use aether_sdk::{
    ActivityOptions, Client, Error, RetryPolicy, StartOptions, StepError, TimeoutKind, Worker,
    WorkflowContext, WorkflowStatus, workflow,
};
use serde_json::json;
use tokio::sync::mpsc;

use crate::{
    server_crash::Deployment,
    support::{ServeProcess, TestEngine, eventually, within},
};

const LONG: Duration = Duration::from_secs(30);

fn retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        initial_interval: Duration::from_millis(100),
        max_attempts,
        ..RetryPolicy::default()
    }
}

/// Tells the test when the future holding it is dropped: the worker gave the attempt up.
struct Dropped(mpsc::UnboundedSender<&'static str>);

impl Drop for Dropped {
    fn drop(&mut self) {
        let _ = self.0.send("dropped");
    }
}

#[tokio::test]
async fn a_silent_attempt_is_timed_out_and_retried_on_another_worker_with_its_last_details() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let (dropped_tx, mut dropped) = mpsc::unbounded_channel();
    let wf = workflow("crawl", move |ctx: WorkflowContext, _: ()| {
        let dropped_tx = dropped_tx.clone();
        async move {
            let options = ActivityOptions {
                retry: retry(3),
                heartbeat_timeout: Some(Duration::from_millis(800)),
                ..ActivityOptions::default()
            };
            let inner = ctx.clone();
            ctx.activity("crawl-pages", options, move || {
                let ctx = inner.clone();
                let dropped_tx = dropped_tx.clone();
                async move {
                    let resumed: Option<u32> = ctx.heartbeat_details()?;
                    if let Some(page) = resumed {
                        return Ok::<_, StepError>(format!("resumed at page {page}"));
                    }
                    for page in 1..=3u32 {
                        ctx.heartbeat(&page)?;
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    // Alive but stuck: no more heartbeats, never returns.
                    let _guard = Dropped(dropped_tx);
                    std::future::pending::<()>().await;
                    Ok(String::new())
                }
            })
            .await
        }
    });
    let first = Worker::new(&client)
        .worker_id("worker-a")
        .register(&wf)
        .spawn();
    let second = Worker::new(&client)
        .worker_id("worker-b")
        .register(&wf)
        .spawn();
    let id = client.start(&wf, &()).await.unwrap();

    // While the attempt runs, status shows it with its last heartbeat and details.
    let pending = eventually("the attempt's heartbeats in status", LONG, || async {
        let status = client.status(&id).await.ok()?;
        let activity = status.pending_activities.first()?.clone();
        (activity.heartbeat_details == Some(json!(3))).then_some(activity)
    })
    .await;
    assert_eq!(pending.name, "crawl-pages");
    assert_eq!(pending.attempt, 1);
    assert!(pending.last_heartbeat_at_ms.is_some());
    assert_eq!(pending.deadline_timeout.as_deref(), Some("heartbeat"));

    let result: String = within("the retried workflow", LONG, client.result(&id))
        .await
        .unwrap();
    assert_eq!(result, "resumed at page 3");
    assert_eq!(
        within("the stuck attempt to be dropped", LONG, dropped.recv()).await,
        Some("dropped"),
        "the worker must drop the timed-out attempt"
    );

    let history = client.history(&id).await.unwrap();
    let failed = history
        .iter()
        .find(|h| h.action == "step_failed")
        .expect("the timed-out attempt is recorded");
    let failure = failed.failure.as_ref().unwrap();
    assert_eq!(failure.error_type, "TimeoutError");
    assert_eq!(failure.timeout, Some(TimeoutKind::Heartbeat));
    assert_eq!(failed.heartbeat_details, Some(json!(3)));
    let completed = history
        .iter()
        .find(|h| h.action == "step_completed")
        .unwrap();
    assert_eq!(completed.attempt, 2);
    assert!(failed.worker_id.is_some());
    assert_ne!(
        failed.worker_id, completed.worker_id,
        "the retry runs on another worker: {history:?}"
    );
    let started = history
        .iter()
        .filter(|h| h.action == "activity_started")
        .count();
    assert_eq!(started, 2, "each attempt tells the engine it started");
    first.shutdown().await;
    second.shutdown().await;
}

/// On a shared store every status read reloads the workflow: the reload must keep the
/// heartbeats this node heard, or a caller polling status (the dashboard, the schedule runner)
/// would restart the heartbeat clock each time and a stuck attempt would never time out.
#[tokio::test]
async fn polling_status_on_postgres_neither_delays_a_heartbeat_timeout_nor_loses_its_details() {
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    let node = ServeProcess::start(&["--persistence", "state-action-log", "--db", url.as_str()]);
    let client = Client::connect(&node.url).await.unwrap();
    let wf = workflow("crawl-polled", |ctx: WorkflowContext, _: ()| async move {
        let options = ActivityOptions {
            retry: retry(2),
            heartbeat_timeout: Some(Duration::from_millis(800)),
            ..ActivityOptions::default()
        };
        let inner = ctx.clone();
        ctx.activity("crawl-pages", options, move || {
            let ctx = inner.clone();
            async move {
                if let Some(page) = ctx.heartbeat_details::<u32>()? {
                    return Ok::<_, StepError>(format!("resumed at page {page}"));
                }
                for page in 1..=3u32 {
                    ctx.heartbeat(&page)?;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                std::future::pending::<()>().await;
                Ok(String::new())
            }
        })
        .await
    });
    let worker = Worker::new(&client).register(&wf).spawn();
    let id = client.start(&wf, &()).await.unwrap();

    // Polls far more often than the heartbeat timeout, for as long as the workflow runs.
    let poller = {
        let client = client.clone();
        let id = id.clone();
        tokio::spawn(async move {
            loop {
                let _ = client.status(&id).await;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    let result = within(
        "the timed-out and retried workflow",
        LONG,
        client.result::<String>(&id),
    )
    .await;
    poller.abort();
    assert_eq!(result.unwrap(), "resumed at page 3");
    let history = client.history(&id).await.unwrap();
    let failed = history
        .iter()
        .find(|h| h.action == "step_failed")
        .expect("the silent attempt is timed out");
    assert_eq!(
        failed.failure.as_ref().unwrap().timeout,
        Some(TimeoutKind::Heartbeat)
    );
    assert_eq!(failed.heartbeat_details, Some(json!(3)));
    worker.shutdown().await;
}

#[tokio::test]
async fn start_to_close_fails_a_stuck_attempt_that_keeps_heartbeating() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let wf = workflow("spin", |ctx: WorkflowContext, _: ()| async move {
        let options = ActivityOptions {
            retry: retry(1),
            start_to_close_timeout: Some(Duration::from_millis(1_000)),
            heartbeat_timeout: Some(Duration::from_millis(300)),
            ..ActivityOptions::default()
        };
        let inner = ctx.clone();
        let outcome = ctx
            .activity("spin", options, move || {
                let ctx = inner.clone();
                async move {
                    loop {
                        if let Err(err) = ctx.heartbeat(&"still here") {
                            return Err::<u32, StepError>(err.into());
                        }
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                }
            })
            .await;
        match outcome {
            Err(Error::StepFailed(failure)) => Ok(failure.timeout.map(|k| k.to_string())),
            other => other.map(|_| None),
        }
    });
    let worker = Worker::new(&client).register(&wf).spawn();
    let began = Instant::now();
    let id = client.start(&wf, &()).await.unwrap();
    let timeout: Option<String> = within("the timed-out workflow", LONG, client.result(&id))
        .await
        .unwrap();
    assert_eq!(timeout.as_deref(), Some("start_to_close"));
    assert!(began.elapsed() >= Duration::from_millis(1_000));
    worker.shutdown().await;
}

#[tokio::test]
async fn the_execution_timeout_fails_the_workflow_and_cancels_its_children() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let child = workflow("nap", |ctx: WorkflowContext, _: ()| async move {
        ctx.sleep(Duration::from_secs(600)).await?;
        Ok(())
    });
    let child_def = child.clone();
    let parent = workflow("slow-parent", move |ctx: WorkflowContext, _: ()| {
        let child = child_def.clone();
        async move {
            ctx.child(&child, &()).await?;
            Ok(())
        }
    });
    let worker = Worker::new(&client)
        .register(&parent)
        .register(&child)
        .spawn();
    let id = client
        .start_with_options(
            &parent,
            &(),
            StartOptions {
                execution_timeout: Some(Duration::from_millis(1_500)),
                ..StartOptions::default()
            },
        )
        .await
        .unwrap();
    let status = client.status(&id).await.unwrap();
    assert!(status.execution_deadline_ms.is_some());
    let outcome = within("the parent", LONG, client.result::<()>(&id)).await;
    let Err(Error::WorkflowFailed(failure)) = outcome else {
        panic!("expected a timeout failure, got {outcome:?}");
    };
    assert_eq!(failure.timeout, Some(TimeoutKind::Execution));
    assert_eq!(failure.error_type, "TimeoutError");
    let children = eventually("the child to be cancelled", LONG, || async {
        let listed = client.list(&Default::default()).await.ok()?;
        let child = listed.into_iter().find(|w| w.workflow_type == "nap")?;
        (child.status == WorkflowStatus::Cancelled).then_some(child)
    })
    .await;
    assert_eq!(children.workflow_type, "nap");
    worker.shutdown().await;
}

#[tokio::test]
async fn negative_timeouts_are_refused_and_start_nothing() {
    let engine = TestEngine::start().await;
    let mut raw = v1::client_service_client::ClientServiceClient::connect(engine.url.clone())
        .await
        .unwrap();
    let refused = raw
        .start_workflow(v1::StartWorkflowRequest {
            workflow_type: "anything".into(),
            input: b"null".to_vec(),
            execution_timeout_ms: -5,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), tonic::Code::InvalidArgument);
    assert!(
        refused
            .message()
            .contains("execution timeout must not be negative"),
        "{}",
        refused.message()
    );
    let client = engine.client().await;
    assert!(client.list(&Default::default()).await.unwrap().is_empty());

    // A worker's report of an activity with a negative timeout is refused the same way.
    let mut worker = v1::worker_service_client::WorkerServiceClient::connect(engine.url.clone())
        .await
        .unwrap();
    let registered = worker
        .register(v1::RegisterRequest {
            workflow_types: vec!["raw".into()],
            capacity: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let mut tasks = worker
        .poll_tasks(v1::PollTasksRequest {
            worker_id: registered.worker_id,
        })
        .await
        .unwrap()
        .into_inner();
    client.start_json("raw", &json!({}), None).await.unwrap();
    let task = match within("the task", LONG, tasks.message()).await {
        Ok(Some(v1::WorkerMessage {
            message: Some(v1::worker_message::Message::Task(task)),
        })) => task,
        other => panic!("expected a task, got {other:?}"),
    };
    let refused = worker
        .start_activity(v1::StartActivityRequest {
            task_token: task.task_token.clone(),
            position: 0,
            name: "fetch".into(),
            attempt: 1,
            timeouts: Some(v1::ActivityTimeouts {
                heartbeat_ms: -1,
                ..Default::default()
            }),
            retry_policy: None,
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), tonic::Code::InvalidArgument);
    assert!(refused.message().contains("heartbeat timeout"));
    let history = client.history(&task.workflow_id).await.unwrap();
    assert!(history.iter().all(|h| h.action != "activity_started"));
}

/// The deadline of an attempt is in the log (`activity_started`), so an engine killed while
/// the attempt runs still enforces it after it restarts.
#[tokio::test]
async fn l2_start_to_close_still_fires_after_an_engine_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    let deployment = Deployment::new("state-action-log", db.to_str().unwrap(), &[]);
    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let wf = workflow("stuck", |ctx: WorkflowContext, _: ()| async move {
        let options = ActivityOptions {
            retry: retry(1),
            start_to_close_timeout: Some(Duration::from_secs(4)),
            ..ActivityOptions::default()
        };
        let outcome = ctx
            .activity("hang", options, || async {
                std::future::pending::<()>().await;
                Ok::<u32, StepError>(0)
            })
            .await;
        match outcome {
            Err(Error::StepFailed(failure)) => Ok(failure.timeout.map(|k| k.to_string())),
            other => other.map(|_| None),
        }
    });
    let worker = Worker::new(&client).register(&wf).spawn();
    let id = client.start(&wf, &()).await.unwrap();
    let started_at = eventually("the attempt to start", LONG, || async {
        let history = client.history(&id).await.ok()?;
        history
            .iter()
            .find(|h| h.action == "activity_started")
            .map(|h| h.at_ms)
    })
    .await;
    server.kill();
    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let timeout: Option<String> =
        within("the workflow after the restart", LONG, client.result(&id))
            .await
            .unwrap();
    assert_eq!(timeout.as_deref(), Some("start_to_close"));
    let history = client.history(&id).await.unwrap();
    let failed = history.iter().find(|h| h.action == "step_failed").unwrap();
    assert!(
        failed.at_ms >= started_at + 4_000,
        "failed at {} for a start at {started_at}",
        failed.at_ms
    );
    worker.shutdown().await;
}

/// The throttle holds back a heartbeat sent soon after another; when the attempt then fails,
/// those details must reach the engine before the failure, which records them for the retry.
#[tokio::test]
async fn a_failing_attempt_hands_its_held_back_heartbeat_details_to_the_retry() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let wf = workflow("flaky-crawl", |ctx: WorkflowContext, _: ()| async move {
        let options = ActivityOptions {
            retry: retry(2),
            heartbeat_timeout: Some(Duration::from_secs(10)),
            ..ActivityOptions::default()
        };
        let inner = ctx.clone();
        ctx.activity("crawl-pages", options, move || {
            let ctx = inner.clone();
            async move {
                if let Some(page) = ctx.heartbeat_details::<u32>()? {
                    return Ok::<_, StepError>(page);
                }
                ctx.heartbeat(&1u32)?;
                // Within the throttle's 8 s interval: held back.
                ctx.heartbeat(&2u32)?;
                Err(StepError::new("ConnectionError", "lost the connection"))
            }
        })
        .await
    });
    let worker = Worker::new(&client).register(&wf).spawn();
    let id = client.start(&wf, &()).await.unwrap();
    let resumed: u32 = within("the retried workflow", LONG, client.result(&id))
        .await
        .unwrap();
    assert_eq!(resumed, 2, "the retry starts from the latest details");
    let history = client.history(&id).await.unwrap();
    let failed = history.iter().find(|h| h.action == "step_failed").unwrap();
    assert_eq!(failed.heartbeat_details, Some(json!(2)));
    worker.shutdown().await;
}
