//! The server's bounds (review §9.4): timeouts and caps on the transports, a worker's capacity
//! and its tasks' time, payload and journal sizes, server-derived ids, abandoned waits, and
//! what errors tell a client. Each test is named after the finding it covers.

use std::time::Duration;

use aether_sdk::{StepError, Worker, WorkflowContext, WorkflowStatus, workflow};
use aether_server::Server;
use aether_types::config::{Config, PersistenceMode};
use serde_json::json;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::support::{TestEngine, eventually, next_task, start_on, within};

const LONG: Duration = Duration::from_secs(20);

/// Reads until the server closes the connection (or resets it), returning what it sent.
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return seen,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test]
async fn h6_slowloris_connections_are_closed_within_the_header_timeout_and_grpc_still_accepts() {
    let engine = TestEngine::with_config(|config| {
        config.limits.header_read_timeout_ms = 500;
    })
    .await;
    let http = engine.server.http_addr();
    let opened = std::time::Instant::now();
    let mut silent = Vec::new();
    let mut trickling = Vec::new();
    for _ in 0..20 {
        silent.push(TcpStream::connect(http).await.unwrap());
        let mut slow = TcpStream::connect(http).await.unwrap();
        // Half a request head, never finished.
        slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            .await
            .unwrap();
        trickling.push(slow);
    }

    // While they hang, the gRPC port serves.
    let client = within("a gRPC client connects", LONG, engine.client()).await;
    within("a gRPC call", LONG, client.list(&Default::default()))
        .await
        .unwrap();

    for stream in silent.iter_mut().chain(trickling.iter_mut()) {
        within(
            "the server closes a connection that sends no complete head",
            Duration::from_secs(10),
            until_closed(stream),
        )
        .await;
    }
    assert!(
        opened.elapsed() < Duration::from_secs(10),
        "connections were held for {:?}",
        opened.elapsed()
    );

    // An honest request on a fresh connection is still answered.
    let response = reqwest::get(format!("http://{http}/healthz"))
        .await
        .unwrap();
    assert!(response.status().is_success());
}

#[tokio::test]
async fn h6_connections_past_the_cap_wait_until_one_closes() {
    let engine = TestEngine::with_config(|config| {
        config.limits.max_connections = 2;
        config.limits.header_read_timeout_ms = 60_000;
    })
    .await;
    let http = engine.server.http_addr();
    let first = TcpStream::connect(http).await.unwrap();
    let second = TcpStream::connect(http).await.unwrap();
    // The third connects (the kernel's backlog) but is not served while two are open.
    let mut third = TcpStream::connect(http).await.unwrap();
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 16];
    let early = tokio::time::timeout(Duration::from_millis(500), third.read(&mut buf)).await;
    assert!(early.is_err(), "a connection past the cap was served");
    drop(first);
    let answer = within(
        "the third connection is served",
        LONG,
        until_closed(&mut third),
    )
    .await;
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    drop(second);
}

#[tokio::test]
async fn h6_streams_on_one_grpc_connection_are_capped() {
    const CAP: usize = 8;
    let engine = TestEngine::with_config(|config| {
        config.limits.max_streams_per_connection = CAP as u32;
    })
    .await;
    let core = engine.server.engine().clone();
    let id = start_on(&core, "nobody-serves-this").await;
    // One client is one HTTP/2 connection; each `wait_for` is one long-polling stream.
    let client = engine.client().await;
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..(CAP * 6) {
        let client = client.clone();
        let id = id.to_string();
        calls.spawn(async move { client.wait_for(&id).await });
    }
    eventually("the cap's worth of calls to wait", LONG, || async {
        (core.waiting_calls() == CAP).then_some(())
    })
    .await;
    // The rest stay queued on the client: the count never passes the cap. (There is no event
    // for "nothing more arrived", so this samples for a while.)
    for _ in 0..10 {
        assert!(core.waiting_calls() <= CAP, "{}", core.waiting_calls());
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    // Another connection is not held up by this one's streams.
    let other = engine.client().await;
    within(
        "a call on another connection",
        LONG,
        other.status(id.as_str()),
    )
    .await
    .unwrap();
    core.cancel(&id, "done".into()).await.unwrap();
    let mut finished = 0;
    while let Some(call) = within("every queued call ends", LONG, calls.join_next()).await {
        assert_eq!(call.unwrap().unwrap().status, WorkflowStatus::Cancelled);
        finished += 1;
    }
    assert_eq!(finished, CAP * 6);
}

#[tokio::test]
async fn h5_a_worker_capacity_above_the_cap_is_refused() {
    let engine = TestEngine::with_config(|config| {
        config.limits.max_worker_capacity = 64;
    })
    .await;
    let core = engine.server.engine();
    let err = core
        .register_worker(None, vec!["t".into()], 4_294_967_295, vec![])
        .unwrap_err();
    assert!(err.to_string().contains("max_worker_capacity"), "{err}");
    assert!(core.workers().is_empty(), "a refused worker was registered");
    core.register_worker(None, vec!["t".into()], 64, vec![])
        .unwrap();
}

#[tokio::test]
async fn h5_a_worker_that_heartbeats_but_never_completes_loses_its_lease_after_the_task_timeout() {
    let engine = TestEngine::with_config(|config| {
        config.limits.task_timeout_ms = 400;
    })
    .await;
    let core = engine.server.engine().clone();
    let stuck = core
        .register_worker(None, vec!["t".into()], 1, vec![])
        .unwrap();
    let mut stuck_tasks = core.poll(&stuck).unwrap();
    let id = start_on(&core, "t").await;
    let (_, task) = next_task(&mut stuck_tasks, "the stuck worker's task").await;
    // The worker stays alive throughout: its heartbeats are not what ends the lease.
    let beats = {
        let core = core.clone();
        let stuck = stuck.clone();
        tokio::spawn(async move {
            loop {
                assert!(core.heartbeat(&stuck), "the stuck worker was declared dead");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    let healthy = core
        .register_worker(None, vec!["t".into()], 1, vec![])
        .unwrap();
    let mut healthy_tasks = core.poll(&healthy).unwrap();

    // The stuck worker is told to drop the task...
    match within("the cancel", LONG, stuck_tasks.messages.recv()).await {
        Some(aether_core::WorkerMessage::Cancel { token, reason, .. }) => {
            assert_eq!(token, task.token);
            assert!(reason.contains("task_timeout"), "{reason}");
        }
        other => panic!("expected the task's cancellation, got {other:?}"),
    }
    // ...and the workflow goes to the other worker.
    let (again, _) = next_task(&mut healthy_tasks, "the re-dispatch").await;
    assert_eq!(again.workflow_id, id);
    assert_ne!(again.token, task.token);
    // A late report of the stuck task is refused.
    let late = core
        .complete_workflow(&task, Ok(b"1".to_vec()))
        .await
        .unwrap();
    assert!(late.is_some(), "a report on an expired lease was accepted");
    beats.abort();
}

fn sized(bytes: usize) -> String {
    "x".repeat(bytes)
}

#[tokio::test]
async fn m2_a_journal_over_the_cap_fails_the_workflow_cleanly_and_the_worker_serves_on() {
    let engine = TestEngine::with_config(|config| {
        config.limits.max_payload_bytes = 64 * 1024;
        config.limits.max_journal_bytes = 100 * 1024;
    })
    .await;
    let client = engine.client().await;
    let big = workflow("two-big-steps", |ctx: WorkflowContext, _: ()| async move {
        let a: String = ctx
            .step("first", || async { Ok::<_, StepError>(sized(60 * 1024)) })
            .await?;
        let b: String = ctx
            .step("second", || async { Ok::<_, StepError>(sized(60 * 1024)) })
            .await?;
        ctx.sleep(Duration::from_millis(1)).await?;
        Ok(a.len() + b.len())
    });
    let huge = workflow("one-huge-step", |ctx: WorkflowContext, _: ()| async move {
        ctx.step("huge", || async { Ok::<_, StepError>(sized(80 * 1024)) })
            .await
    });
    let small = workflow("small", |ctx: WorkflowContext, n: u32| async move {
        ctx.step("echo", move || async move { Ok::<_, StepError>(n) })
            .await
    });
    let worker = Worker::new(&client)
        .register(&big)
        .register(&huge)
        .register(&small)
        .spawn();

    let id = client.start(&big, &()).await.unwrap();
    let status = within("the big workflow ends", LONG, client.wait_for(&id))
        .await
        .unwrap();
    assert_eq!(status.status, WorkflowStatus::Failed);
    let failure = status.failure.expect("a failure");
    assert_eq!(failure.error_type, "JournalTooLarge", "{failure:?}");
    assert!(failure.message.contains("max_journal_bytes"), "{failure:?}");
    // The second result was never recorded: the history stays small.
    let history = client.history(&id).await.unwrap();
    assert_eq!(
        history
            .iter()
            .filter(|h| h.action == "step_completed")
            .count(),
        1
    );

    let id = client.start(&huge, &()).await.unwrap();
    let status = within("the huge workflow ends", LONG, client.wait_for(&id))
        .await
        .unwrap();
    assert_eq!(status.status, WorkflowStatus::Failed);
    assert_eq!(status.failure.unwrap().error_type, "PayloadTooLarge");

    // The same worker still serves.
    let n = within("a small workflow", LONG, client.start_and_wait(&small, &7))
        .await
        .unwrap();
    assert_eq!(n, 7);

    // An input over the cap is refused at the start, and nothing is created.
    let input = sized(70 * 1024);
    let bad = workflow("big-input", |_: WorkflowContext, s: String| async move {
        Ok(s.len())
    });
    let err = client
        .start_with_id(&bad, "big-input-1", &input)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("max_payload_bytes"), "{err}");
    assert!(client.status("big-input-1").await.is_err());
    worker.shutdown().await;
}

#[tokio::test]
async fn h4_a_250_char_parent_id_starting_a_child_gets_a_valid_child_and_the_server_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.server.grpc_port = 0;
    config.server.http_port = 0;
    config.persistence.mode = PersistenceMode::StateActionLog;
    config.server.db_path = dir.path().join("h4.db").to_str().unwrap().to_owned();
    let server = Server::start(&config).await.expect("the server starts");
    let client = aether_sdk::Client::connect(format!("http://{}", server.grpc_addr()))
        .await
        .unwrap();
    let child = workflow("h4-child", |ctx: WorkflowContext, n: u32| async move {
        ctx.step("double", move || async move { Ok::<_, StepError>(n * 2) })
            .await
    });
    let child_def = child.clone();
    let parent = workflow("h4-parent", move |ctx: WorkflowContext, n: u32| {
        let child_def = child_def.clone();
        async move {
            let a: u32 = ctx.child(&child_def, &n).await?;
            // A grandchild level too: derived ids stay bounded however deep.
            let b: u32 = ctx.child(&child_def, &a).await?;
            Ok(b)
        }
    });
    let worker = Worker::new(&client)
        .register(&parent)
        .register(&child)
        .spawn();
    let parent_id = "p".repeat(250);
    within(
        "the start",
        LONG,
        client.start_with_id(&parent, &parent_id, &5),
    )
    .await
    .unwrap();
    let result: u32 = within("the parent", LONG, client.result(&parent_id))
        .await
        .unwrap();
    assert_eq!(result, 20);
    let children = client
        .list(&aether_sdk::ListOptions {
            workflow_type: Some("h4-child".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(children.len(), 2);
    for c in &children {
        assert!(c.workflow_id.len() <= 255, "{}", c.workflow_id);
        assert_eq!(c.parent_workflow_id.as_deref(), Some(parent_id.as_str()));
        assert_eq!(c.status, WorkflowStatus::Completed);
    }
    within("the worker stops", LONG, worker.shutdown()).await;
    drop(client);
    server.shutdown();
    within("the server stops", LONG, server.wait())
        .await
        .unwrap();

    // A workflow still running at the restart is recovered with the rest.
    let server = within("the restart", LONG, Server::start(&config))
        .await
        .expect("the server restarts on the same database");
    let client = aether_sdk::Client::connect(format!("http://{}", server.grpc_addr()))
        .await
        .unwrap();
    assert_eq!(client.list(&Default::default()).await.unwrap().len(), 3);
    server.shutdown();
}

#[tokio::test]
async fn m8_abandoned_await_result_calls_leave_no_waiter() {
    let engine = TestEngine::start().await;
    let core = engine.server.engine().clone();
    let id = start_on(&core, "nobody-serves-this").await;
    for _ in 0..200 {
        // The client goes away long before the wait would end.
        let abandoned =
            tokio::time::timeout(Duration::from_millis(1), core.await_result(&id, LONG)).await;
        assert!(abandoned.is_err());
    }
    assert_eq!(core.waiting_calls(), 0);
    // Over gRPC too: a client deadline drops the server's future.
    let client = engine.client().await;
    let mut raw =
        aether_proto::v1::client_service_client::ClientServiceClient::connect(engine.url.clone())
            .await
            .unwrap();
    for _ in 0..20 {
        let mut request = tonic::Request::new(aether_proto::v1::AwaitResultRequest {
            workflow_id: id.to_string(),
            timeout_ms: 60_000,
        });
        request.set_timeout(Duration::from_millis(20));
        assert!(raw.await_result(request).await.is_err());
    }
    eventually("the gRPC waiters to go", LONG, || async {
        (core.waiting_calls() == 0).then_some(())
    })
    .await;
    drop(client);
}

#[tokio::test]
async fn l2_nul_in_a_text_field_is_a_400_on_postgres_and_internal_errors_carry_no_detail() {
    let mut config = Config::default();
    config.server.grpc_port = 0;
    config.server.http_port = 0;
    config.persistence.mode = PersistenceMode::StateActionLog;
    config.server.db_path = aether_store_sql::testing::fresh_postgres_url().await;
    let server = Server::start(&config).await.expect("the server starts");
    let api = crate::workspaces::Api::new(&format!("http://{}", server.http_addr()));
    api.post("/v1/sessions", json!({ "id": "nul" })).await;
    api.put_file("nul", "a.txt", b"hello\n").await;
    let (status, body) = api
        .call(
            reqwest::Method::POST,
            "/v1/sessions/nul/annotations",
            Some(json!({ "path": "a.txt", "author": "a\u{0}b", "body": "b" })),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "invalid_argument", "{body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.contains("NUL"), "{body}");
    assert!(
        !message.contains("0x00") && !message.contains("sqlx"),
        "{body}"
    );
    // Nothing was recorded.
    let listed = api.get("/v1/sessions/nul/annotations").await;
    assert_eq!(listed["annotations"], json!([]));
    server.shutdown();
}
