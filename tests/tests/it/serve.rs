//! The server process's contract with whoever starts it: the one message-size limit (`[workspaces] max_request_bytes`) that every service obeys and no SDK
//! narrows.

use std::time::Duration;

use aether_sdk::{Client, Error, RpcCode, StepError, Worker, WorkflowContext, workflow};
use aether_server::Server;
use aether_types::config::{Config, PersistenceMode};

use crate::support::{TestEngine, within};

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
