//! The server process's contract with whoever starts it: the readiness announcement, and the one
//! message-size limit (`[workspaces] max_request_bytes`) that every service obeys and no SDK
//! narrows.

use std::time::Duration;

use aether_sdk::{Client, Error, RpcCode, StepError, Worker, WorkflowContext, workflow};
use aether_server::Server;
use aether_types::{
    config::{Config, PersistenceMode},
    ready::Ready,
};

use crate::support::{ServeProcess, TestEngine, within};

#[tokio::test]
async fn the_ready_file_names_the_ports_actually_bound() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ready.json");
    let server = ServeProcess::start(&[
        "--persistence",
        "memory",
        "--ready-file",
        path.to_str().unwrap(),
    ]);

    // The stdout line ServeProcess waited on comes after the file is in place.
    let text = std::fs::read_to_string(&path).expect("the ready file exists once serving");
    let ready: Ready = serde_json::from_str(&text).expect("one JSON object");
    assert_eq!(ready.pid, server.pid());
    assert_eq!(ready.persistence, PersistenceMode::Memory);
    assert_eq!(ready.grpc_url(), server.url);
    assert_eq!(ready.http_url(), server.http);
    assert_ne!(ready.grpc_addr.port(), 0);
    assert_ne!(ready.http_addr.port(), 0);

    // Both addresses are this server's listeners: gRPC answers a call, HTTP its health check.
    let client = Client::connect(ready.grpc_url())
        .await
        .expect("gRPC answers");
    let listed = client.list(&Default::default()).await.expect("a gRPC call");
    assert!(listed.is_empty());
    let health = reqwest::get(format!("{}/healthz", ready.http_url()))
        .await
        .expect("HTTP answers");
    assert!(health.status().is_success(), "{}", health.status());

    // Written through a temporary file renamed into place: nothing else is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("ready.json")]);

    // A server that stops removes the file, which would otherwise announce a server that is gone.
    // Off the runtime's thread, which must keep serving the client's side of the connections the
    // server waits on to close.
    drop(client);
    tokio::task::spawn_blocking(move || server.terminate())
        .await
        .unwrap();
    assert!(!path.exists(), "the ready file outlived the server");
}

#[tokio::test]
async fn a_workflow_result_larger_than_16_mib_travels_from_worker_to_client() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let wf = workflow(
        "big-result",
        |ctx: WorkflowContext, bytes: usize| async move {
            ctx.step("make", move || async move {
                Ok::<_, StepError>("x".repeat(bytes))
            })
            .await
        },
    );
    let worker = Worker::new(&client).register(&wf).spawn();
    let bytes = 20 << 20;
    let result: String = within(
        "a 20 MiB result",
        Duration::from_secs(60),
        client.start_and_wait(&wf, &bytes),
    )
    .await
    .expect("the server's limit, not 16 MiB, bounds the messages");
    assert_eq!(result.len(), bytes);
    worker.shutdown().await;
}

/// tonic reports a message over the limit as OUT_OF_RANGE (gRPC's own implementations say
/// RESOURCE_EXHAUSTED), naming the size and the limit.
#[tokio::test]
async fn a_message_beyond_the_servers_limit_fails_naming_the_limit() {
    let mut config = Config::default();
    config.server.grpc_port = 0;
    config.server.http_port = 0;
    config.persistence.mode = PersistenceMode::Memory;
    config.workspaces.max_request_bytes = 1 << 20;
    let server = Server::start(&config).await.expect("engine starts");
    let client = Client::connect(format!("http://{}", server.grpc_addr()))
        .await
        .unwrap();

    let small = serde_json::json!("x".repeat(512 << 10));
    client
        .start_json("limits", &small, None)
        .await
        .expect("under the limit");
    let large = serde_json::json!("x".repeat(2 << 20));
    match client.start_json("limits", &large, None).await {
        Err(Error::Rpc(status)) => {
            assert_eq!(status.code(), RpcCode::OutOfRange, "{status:?}");
            assert!(
                status.message().contains("too large")
                    && status.message().contains(&(1 << 20).to_string()),
                "{status:?}"
            );
        }
        other => panic!("expected the server to refuse the message, got {other:?}"),
    }
    server.shutdown();
}
