//! Signals with the Rust SDK against a real engine: kept until a wait takes them, in order, each
//! once; idempotency keys; timeouts as a result; clear refusals; no worker slot held while
//! waiting; and a wait that spans a server SIGKILL.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU32, Ordering},
    },
    time::Duration,
};

use aether_sdk::{
    Client, Error, RpcCode, Signal, StepError, WaitKind, Worker, WorkflowContext, WorkflowStatus,
    workflow,
};
use aether_tests::lines;
use serde_json::json;
use tokio::sync::Semaphore;

use crate::{
    server_crash::Deployment,
    support::{TestEngine, until_suspended_on, within},
    worker_crash::WorkerProcess,
};

const LONG: Duration = Duration::from_secs(20);

/// The workflow's first step: it holds the workflow until the test adds a permit to `gate`, so
/// that the test can act (send signals) before the workflow reaches its wait.
async fn gate_step(ctx: &WorkflowContext, gate: Arc<Semaphore>) -> Result<(), Error> {
    ctx.step("gate", move || {
        let gate = Arc::clone(&gate);
        async move {
            let _permit = gate.acquire().await.map_err(StepError::from)?;
            Ok::<_, StepError>(())
        }
    })
    .await
}

fn actions(history: &[aether_sdk::HistoryEntry]) -> Vec<&'static str> {
    history.iter().map(|h| h.action).collect()
}

#[tokio::test]
async fn a_signal_sent_before_the_wait_is_kept_and_delivered() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    // The workflow cannot reach its wait until the test opens the gate, after signalling.
    let gate = Arc::new(Semaphore::new(0));
    let wf = {
        let gate = Arc::clone(&gate);
        workflow("gated", move |ctx: WorkflowContext, _: ()| {
            let gate = Arc::clone(&gate);
            async move {
                gate_step(&ctx, gate).await?;
                match ctx.wait_for_signal::<String>("approve", None).await? {
                    Signal::Received(who) => Ok(format!("approved by {who}")),
                    Signal::TimedOut => Err(Error::msg("no timeout was set")),
                }
            }
        })
    };
    let worker = Worker::new(&client).register(&wf).spawn();
    let id = client.start(&wf, &()).await.unwrap();
    let sent = client.signal(&id, "approve", "ada", None).await.unwrap();
    assert!(!sent.duplicate);
    gate.add_permits(1);

    let result: String = within("the gated workflow", LONG, client.result(&id))
        .await
        .unwrap();
    assert_eq!(result, "approved by ada");
    let history = client.history(&id).await.unwrap();
    let signal_actions: Vec<_> = actions(&history)
        .into_iter()
        .filter(|a| a.starts_with("signal_"))
        .collect();
    assert_eq!(
        signal_actions,
        ["signal_received", "signal_wait_started", "signal_delivered"],
        "kept from before the wait: {history:?}"
    );
    let received = history
        .iter()
        .find(|h| h.action == "signal_received")
        .unwrap();
    assert_eq!(received.name, "approve");
    assert_eq!(received.payload, Some(json!("ada")));
    let delivered = history
        .iter()
        .find(|h| h.action == "signal_delivered")
        .unwrap();
    assert_eq!(delivered.signal_seq, Some(received.seq));
    assert_eq!(
        delivered.position,
        Some(1),
        "the wait follows the gate step"
    );
    worker.shutdown().await;
}

#[tokio::test]
async fn two_signals_of_one_name_arrive_in_order_each_once() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    // Both signals are kept before the first wait opens: the gate step holds the workflow.
    let gate = Arc::new(Semaphore::new(0));
    let wf = {
        let gate = Arc::clone(&gate);
        workflow("collector", move |ctx: WorkflowContext, _: ()| {
            let gate = Arc::clone(&gate);
            async move {
                gate_step(&ctx, gate).await?;
                let mut got = Vec::new();
                for _ in 0..2 {
                    match ctx.wait_for_signal::<u32>("item", None).await? {
                        Signal::Received(n) => got.push(n),
                        Signal::TimedOut => return Err(Error::msg("no timeout was set")),
                    }
                }
                // A third wait finds nothing left: each signal went to exactly one wait.
                let third = ctx
                    .wait_for_signal::<u32>("item", Some(Duration::from_millis(300)))
                    .await?;
                Ok((got, third == Signal::TimedOut))
            }
        })
    };
    let worker = Worker::new(&client).register(&wf).spawn();
    let id = client.start(&wf, &()).await.unwrap();
    client.signal(&id, "item", &1u32, None).await.unwrap();
    client.signal(&id, "item", &2u32, None).await.unwrap();
    gate.add_permits(1);

    let (got, third_timed_out): (Vec<u32>, bool) =
        within("the collector", LONG, client.result(&id))
            .await
            .unwrap();
    assert_eq!(got, [1, 2]);
    assert!(third_timed_out, "a signal was delivered twice");
    let history = client.history(&id).await.unwrap();
    let delivered: Vec<_> = history
        .iter()
        .filter(|h| h.action == "signal_delivered")
        .map(|h| h.position)
        .collect();
    assert_eq!(
        delivered,
        [Some(1), Some(2)],
        "the waits follow the gate step"
    );
    worker.shutdown().await;
}

#[tokio::test]
async fn a_repeated_idempotency_key_is_delivered_once() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let wf = workflow("dedup", |ctx: WorkflowContext, _: ()| async move {
        // The third wait opens only after the second signal was delivered, so after every send:
        // it times out unless a duplicate was recorded.
        let mut got = Vec::new();
        for timeout in [None, None, Some(Duration::from_millis(300))] {
            match ctx.wait_for_signal::<String>("pay", timeout).await? {
                Signal::Received(what) => got.push(what),
                Signal::TimedOut => return Ok(got),
            }
        }
        Ok(got)
    });
    let worker = Worker::new(&client).register(&wf).spawn();
    let id = client.start(&wf, &()).await.unwrap();
    until_suspended_on(&client, &id, "signal").await;
    let first = client
        .signal(&id, "pay", "invoice-1", Some("key-1"))
        .await
        .unwrap();
    let again = client
        .signal(&id, "pay", "invoice-1 again", Some("key-1"))
        .await
        .unwrap();
    let other = client
        .signal(&id, "pay", "invoice-2", Some("key-2"))
        .await
        .unwrap();
    assert_eq!(
        (first.duplicate, again.duplicate, other.duplicate),
        (false, true, false)
    );

    let got: Vec<String> = within("the dedup workflow", LONG, client.result(&id))
        .await
        .unwrap();
    assert_eq!(got, ["invoice-1", "invoice-2"]);
    let history = client.history(&id).await.unwrap();
    let keys: Vec<_> = history
        .iter()
        .filter(|h| h.action == "signal_received")
        .map(|h| h.idempotency_key.as_deref())
        .collect();
    assert_eq!(keys, [Some("key-1"), Some("key-2")]);
    worker.shutdown().await;
}

#[tokio::test]
async fn a_timeout_is_a_result_the_workflow_branches_on() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let wf = workflow("impatient", |ctx: WorkflowContext, ms: u64| async move {
        let answer = ctx
            .wait_for_signal::<String>("answer", Some(Duration::from_millis(ms)))
            .await?;
        let branch = match answer {
            Signal::Received(text) => format!("answered {text}"),
            Signal::TimedOut => "gave up".to_owned(),
        };
        // The workflow goes on after the timeout, as after any result.
        ctx.step("after", move || async move { Ok::<_, StepError>(branch) })
            .await
    });
    let worker = Worker::new(&client).register(&wf).spawn();
    let id = client.start(&wf, &400).await.unwrap();
    let result: String = within("the impatient workflow", LONG, client.result(&id))
        .await
        .unwrap();
    assert_eq!(result, "gave up");
    let history = client.history(&id).await.unwrap();
    assert_eq!(
        actions(&history),
        [
            "workflow_started",
            "signal_wait_started",
            "wait_timed_out",
            "step_completed",
            "workflow_completed"
        ]
    );
    let started = &history[1];
    let fire_at = started.fire_at_ms.expect("the wait has a deadline");
    assert_eq!(fire_at, started.at_ms + 400);
    assert!(history[2].at_ms >= fire_at, "timed out before its deadline");
    worker.shutdown().await;
}

#[tokio::test]
async fn signals_to_finished_or_unknown_workflows_are_refused_clearly() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let wf = workflow("short", |ctx: WorkflowContext, _: ()| async move {
        ctx.step("only", || async { Ok::<_, StepError>(1u32) })
            .await
    });
    let worker = Worker::new(&client).register(&wf).spawn();
    let id = client.start(&wf, &()).await.unwrap();
    within("the short workflow", LONG, client.result::<u32>(&id))
        .await
        .unwrap();
    let length = client.status(&id).await.unwrap().history_length;

    let Err(Error::Rpc(finished)) = client.signal(&id, "late", &1, None).await else {
        panic!("a finished workflow accepted a signal");
    };
    assert_eq!(finished.code(), RpcCode::FailedPrecondition);
    assert!(finished.message().contains(&id), "{}", finished.message());
    assert_eq!(
        client.status(&id).await.unwrap().history_length,
        length,
        "the refused signal was recorded"
    );

    let Err(Error::Rpc(unknown)) = client.signal("no-such-workflow", "late", &1, None).await else {
        panic!("an unknown workflow accepted a signal");
    };
    assert_eq!(unknown.code(), RpcCode::NotFound);
    assert!(
        unknown.message().contains("no-such-workflow"),
        "{}",
        unknown.message()
    );
    worker.shutdown().await;
}

#[tokio::test]
async fn a_workflow_waiting_on_a_signal_holds_no_worker_slot() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let waiter = workflow("waiter", |ctx: WorkflowContext, _: ()| async move {
        let before: u32 = ctx
            .step("before", || async { Ok::<_, StepError>(1) })
            .await?;
        match ctx.wait_for_signal::<u32>("go", None).await? {
            Signal::Received(n) => Ok(before + n),
            Signal::TimedOut => Err(Error::msg("no timeout was set")),
        }
    });
    let quick = workflow("quick", |ctx: WorkflowContext, _: ()| async move {
        ctx.step("only", || async { Ok::<_, StepError>("done".to_string()) })
            .await
    });
    // One slot: the quick workflow can only run if the waiting one gave its slot back.
    let worker = Worker::new(&client)
        .capacity(1)
        .register(&waiter)
        .register(&quick)
        .spawn();
    let id = client.start(&waiter, &()).await.unwrap();
    until_suspended_on(&client, &id, "signal").await;
    let status = client.status(&id).await.unwrap();
    let [wait] = status.waits.as_slice() else {
        panic!("one open wait, got {:?}", status.waits);
    };
    assert_eq!(
        (
            wait.kind,
            wait.position,
            wait.target.as_str(),
            wait.deadline
        ),
        (WaitKind::Signal, 1, "go", None)
    );

    let done = within(
        "the quick workflow while the other waits",
        Duration::from_secs(5),
        client.start_and_wait(&quick, &()),
    )
    .await
    .unwrap();
    assert_eq!(done, "done");
    assert_eq!(
        client.status(&id).await.unwrap().status,
        WorkflowStatus::Running
    );

    client.signal(&id, "go", &41u32, None).await.unwrap();
    let result: u32 = within("the waiter after its signal", LONG, client.result(&id))
        .await
        .unwrap();
    assert_eq!(result, 42);
    worker.shutdown().await;
}

#[tokio::test]
async fn a_new_worker_replays_a_delivered_signal_from_the_journal() {
    let engine = TestEngine::with_heartbeat_timeout(Duration::from_millis(1000)).await;
    let client = engine.client().await;
    let before_ran = Arc::new(AtomicU32::new(0));
    let wf = {
        let before_ran = Arc::clone(&before_ran);
        workflow("replayed", move |ctx: WorkflowContext, _: ()| {
            let before_ran = Arc::clone(&before_ran);
            async move {
                ctx.step("before", move || async move {
                    Ok::<_, StepError>(before_ran.fetch_add(1, Ordering::SeqCst))
                })
                .await?;
                let first = ctx.wait_for_signal::<String>("go", None).await?;
                let second = ctx
                    .wait_for_signal::<String>("go", Some(Duration::from_millis(200)))
                    .await?;
                Ok((first.received(), second == Signal::TimedOut))
            }
        })
    };
    let first = Worker::new(&client).register(&wf).spawn();
    let id = client.start(&wf, &()).await.unwrap();
    until_suspended_on(&client, &id, "signal").await;
    first.shutdown().await;
    client.signal(&id, "go", "now", None).await.unwrap();

    // This worker has none of the execution in memory: it replays the journal, where the step
    // and the delivered signal already are.
    let second = Worker::new(&client).register(&wf).spawn();
    let result: (Option<String>, bool) = within("the replayed workflow", LONG, client.result(&id))
        .await
        .unwrap();
    assert_eq!(result, (Some("now".to_owned()), true));
    assert_eq!(
        before_ran.load(Ordering::SeqCst),
        1,
        "the step before the wait ran again"
    );
    second.shutdown().await;
}

#[tokio::test]
async fn l2_sqlite_signal_wait_survives_a_server_kill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    let deployment = Deployment::new("state-action-log", db.to_str().unwrap(), &[]);
    signal_wait_survives_a_server_kill(deployment, dir.path()).await;
}

#[tokio::test]
async fn l2_postgres_signal_wait_survives_a_server_kill() {
    let dir = tempfile::tempdir().unwrap();
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    let deployment = Deployment::new("state-action-log", &url, &[]);
    signal_wait_survives_a_server_kill(deployment, dir.path()).await;
}

/// A workflow waits on a signal when the server is SIGKILLed; after the restart the wait is
/// rebuilt from the log, the signal resumes it, and the step before the wait ran once.
async fn signal_wait_survives_a_server_kill(deployment: Deployment, dir: &std::path::Path) {
    let log = dir.join("effects.log");
    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let _worker = WorkerProcess::spawn(&server.url, "signal-worker");
    let id = client
        .start_json(
            "awaiting",
            &json!({ "log": log, "name": "go" }),
            Some("await-crash"),
        )
        .await
        .unwrap();
    until_suspended_on(&client, &id, "signal").await;
    assert_eq!(lines(&log), ["before"]);
    server.kill();

    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let status = client.status(&id).await.unwrap();
    assert_eq!(
        status.waiting_on.as_deref(),
        Some("signal"),
        "the wait was rebuilt from the log"
    );
    client
        .signal(&id, "go", &json!({ "ok": true }), None)
        .await
        .unwrap();
    let result: serde_json::Value =
        within("the workflow after the restart", LONG, client.result(&id))
            .await
            .unwrap();
    assert_eq!(result, json!({ "ok": true }));
    assert_eq!(lines(&log), ["before", "after"], "a step ran twice");
    let history = client.history(&id).await.unwrap();
    assert!(
        history
            .iter()
            .enumerate()
            .all(|(i, h)| h.seq == i as u64 + 1),
        "gapless history: {history:?}"
    );
    assert_eq!(
        history
            .iter()
            .filter(|h| h.action == "signal_delivered")
            .count(),
        1
    );
}
