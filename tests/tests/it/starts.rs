//! `ClientService.Starts` and `StartBatches`, the streams of starts the SDKs' clients use: each
//! start answered by id when it (and its wait) finishes, a refused start answered alone while
//! the stream goes on.

use std::{collections::HashMap, time::Duration};

use aether_proto::v1::{self, client_service_client::ClientServiceClient, starts_reply::Reply};
use aether_sdk::{Signal, Worker, WorkflowContext, workflow};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Code, Streaming};

use crate::support::{TestEngine, within};

const LONG: Duration = Duration::from_secs(20);

fn start(id: u64, workflow_type: &str, workflow_id: &str, wait_ms: u64) -> v1::StartsRequest {
    v1::StartsRequest {
        id,
        start: Some(v1::StartWorkflowRequest {
            workflow_type: workflow_type.into(),
            input: b"\"hi\"".to_vec(),
            workflow_id: workflow_id.into(),
            wait_ms,
            execution_timeout_ms: 0,
        }),
    }
}

/// The stream's next reply.
async fn next_reply(replies: &mut Streaming<v1::StartsReply>, what: &str) -> v1::StartsReply {
    within(what, LONG, replies.message())
        .await
        .expect("the stream stays up")
        .expect("a reply")
}

#[tokio::test]
async fn starts_on_one_stream_are_answered_by_id_as_they_finish_and_a_refusal_alone() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let echo = workflow(
        "echo",
        |_ctx: WorkflowContext, s: String| async move { Ok(s) },
    );
    let held = workflow("held", |ctx: WorkflowContext, _: String| async move {
        match ctx.wait_for_signal::<String>("go", None).await? {
            Signal::Received(s) => Ok(s),
            Signal::TimedOut => Err(aether_sdk::Error::msg("no timeout was set")),
        }
    });
    let worker = Worker::new(&client).register(&echo).register(&held).spawn();

    let channel = engine.channel().await;
    let (requests, outgoing) = mpsc::channel(16);
    let mut replies = ClientServiceClient::new(channel)
        .starts(ReceiverStream::new(outgoing))
        .await
        .expect("the stream opens")
        .into_inner();
    let send = |request| {
        let requests = requests.clone();
        async move { requests.send(request).await.expect("the stream takes it") }
    };
    // The first start waits on a signal, so every later one is answered before it.
    send(start(1, "held", "held-1", 10_000)).await;
    send(start(2, "echo", "echo-1", 10_000)).await;
    send(v1::StartsRequest {
        id: 3,
        start: Some(v1::StartWorkflowRequest {
            execution_timeout_ms: -1,
            ..start(0, "echo", "", 0).start.unwrap()
        }),
    })
    .await;
    send(v1::StartsRequest { id: 4, start: None }).await;
    send(start(5, "echo", "bad id with spaces", 0)).await;

    let mut answered = HashMap::new();
    while answered.len() < 4 {
        let reply = next_reply(&mut replies, "a reply").await;
        assert_ne!(
            reply.id, 1,
            "the held start was answered before its signal: {reply:?}"
        );
        answered.insert(reply.id, reply.reply.expect("a reply says something"));
    }
    match &answered[&2] {
        Reply::Started(started) => {
            assert_eq!(started.workflow_id, "echo-1");
            assert!(started.created);
            let info = started.info.as_ref().expect("a wait returns the info");
            assert_eq!(info.state(), v1::WorkflowState::Completed, "{info:?}");
            assert_eq!(info.result, b"\"hi\"");
        }
        other => panic!("expected echo-1 started, got {other:?}"),
    }
    for id in [3, 4, 5] {
        match &answered[&id] {
            Reply::Error(error) => {
                assert_eq!(error.code, Code::InvalidArgument as i32, "{id}: {error:?}")
            }
            other => panic!("{id}: expected a refusal, got {other:?}"),
        }
    }

    // The stream goes on after the refusals: starting echo-1 again answers with that run.
    send(start(6, "echo", "echo-1", 0)).await;
    let again = next_reply(&mut replies, "the repeated start").await;
    assert_eq!(again.id, 6);
    match again.reply {
        Some(Reply::Started(started)) => {
            assert_eq!(started.workflow_id, "echo-1");
            assert!(!started.created, "an existing id is not started twice");
            assert!(started.info.is_none(), "no wait was asked for");
        }
        other => panic!("expected echo-1 again, got {other:?}"),
    }

    client
        .signal("held-1", "go", "released", None)
        .await
        .unwrap();
    let held_reply = next_reply(&mut replies, "the held start").await;
    assert_eq!(held_reply.id, 1);
    match held_reply.reply {
        Some(Reply::Started(started)) => {
            let info = started.info.expect("a wait returns the info");
            assert_eq!(info.state(), v1::WorkflowState::Completed, "{info:?}");
            assert_eq!(info.result, b"\"released\"");
        }
        other => panic!("expected held-1 to finish, got {other:?}"),
    }

    // Ending the client's side ends the server's once every reply is sent.
    drop(requests);
    let end = within("the stream's end", LONG, replies.message()).await;
    assert!(matches!(end, Ok(None)), "{end:?}");
    worker.shutdown().await;
}

/// `StartBatches`: several starts to a message, refusals among them, each answered by id in
/// reply messages that carry any number of replies; the stream goes on and ends with the client.
#[tokio::test]
async fn batched_starts_are_answered_by_id_whatever_message_carries_them() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let echo = workflow(
        "echo",
        |_ctx: WorkflowContext, s: String| async move { Ok(s) },
    );
    let worker = Worker::new(&client).register(&echo).spawn();

    let channel = engine.channel().await;
    let (batches, outgoing) = mpsc::channel(4);
    let mut replies = ClientServiceClient::new(channel)
        .start_batches(ReceiverStream::new(outgoing))
        .await
        .expect("the stream opens")
        .into_inner();
    let mut first: Vec<v1::StartsRequest> = (1..=20)
        .map(|id| start(id, "echo", &format!("batched-{id}"), 10_000))
        .collect();
    first.push(v1::StartsRequest {
        id: 21,
        start: None,
    });
    first.push(start(22, "echo", "bad id with spaces", 0));
    batches
        .send(v1::StartsBatch { starts: first })
        .await
        .expect("the stream takes it");

    let mut answered = HashMap::new();
    while answered.len() < 22 {
        let message = within("replies", LONG, replies.message())
            .await
            .expect("the stream stays up")
            .expect("a message");
        assert!(!message.replies.is_empty(), "a message without a reply");
        for reply in message.replies {
            let said = reply.reply.expect("a reply says something");
            assert!(
                answered.insert(reply.id, said).is_none(),
                "{} answered twice",
                reply.id
            );
        }
    }
    for id in 1..=20 {
        match &answered[&id] {
            Reply::Started(started) => {
                assert_eq!(started.workflow_id, format!("batched-{id}"));
                let info = started.info.as_ref().expect("a wait returns the info");
                assert_eq!(info.state(), v1::WorkflowState::Completed, "{info:?}");
                assert_eq!(info.result, b"\"hi\"");
            }
            other => panic!("{id}: expected a start, got {other:?}"),
        }
    }
    for id in [21, 22] {
        match &answered[&id] {
            Reply::Error(error) => {
                assert_eq!(error.code, Code::InvalidArgument as i32, "{id}: {error:?}")
            }
            other => panic!("{id}: expected a refusal, got {other:?}"),
        }
    }

    // A later message on the same stream: starting batched-1 again answers with that run.
    batches
        .send(v1::StartsBatch {
            starts: vec![start(23, "echo", "batched-1", 0)],
        })
        .await
        .expect("the stream takes it");
    let again = within("the repeated start", LONG, replies.message())
        .await
        .expect("the stream stays up")
        .expect("a message");
    match &again.replies[..] {
        [
            v1::StartsReply {
                id: 23,
                reply: Some(Reply::Started(started)),
            },
        ] => assert!(!started.created, "an existing id is not started twice"),
        other => panic!("expected batched-1 again, got {other:?}"),
    }

    drop(batches);
    let end = within("the stream's end", LONG, replies.message()).await;
    assert!(matches!(end, Ok(None)), "{end:?}");
    worker.shutdown().await;
}
