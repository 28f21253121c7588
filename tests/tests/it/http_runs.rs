//! The read side of workflows over HTTP, against a real engine and a real worker: listings
//! filtered and paged by cursor, one workflow with its input and result, its history, the
//! workers.

use aether_sdk::{StepError, Worker, WorkflowContext, workflow};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::TestEngine;

#[tokio::test]
async fn workflows_are_listed_paged_and_read_over_http() {
    let test = TestEngine::start().await;
    let client = test.client().await;
    let http = reqwest::Client::new();
    let base = format!("http://{}", test.server.http_addr());
    let get = |path: String| {
        let http = http.clone();
        let base = base.clone();
        async move {
            let response = http.get(format!("{base}{path}")).send().await.unwrap();
            let status = response.status();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let wf = workflow("double", |ctx: WorkflowContext, n: u64| async move {
        ctx.step("double", move || async move { Ok::<_, StepError>(n * 2) })
            .await
    });
    let worker = Worker::new(&client).register(&wf).spawn();
    for n in 0..5u64 {
        let id = format!("order-{n}");
        client.start_with_id(&wf, &id, &n).await.unwrap();
        let doubled: u64 = client.result(&id).await.unwrap();
        assert_eq!(doubled, n * 2);
    }

    let (status, page) = get("/v1/workflows?idPrefix=order-&state=completed&limit=2".into()).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let ids = |page: &Value| {
        page["workflows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let mut seen = ids(&page);
    let mut cursor = page["nextCursor"].as_str().map(str::to_owned);
    while let Some(next) = cursor {
        let (_, page) = get(format!(
            "/v1/workflows?idPrefix=order-&limit=2&cursor={next}"
        ))
        .await;
        seen.extend(ids(&page));
        cursor = page["nextCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(
        seen,
        ["order-4", "order-3", "order-2", "order-1", "order-0"]
    );

    let (status, one) = get("/v1/workflows/order-3".into()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            &one["state"],
            &one["workflowType"],
            &one["input"],
            &one["result"]
        ),
        (&json!("COMPLETED"), &json!("double"), &json!(3), &json!(6))
    );
    let (_, history) = get("/v1/workflows/order-3/history".into()).await;
    let kinds: Vec<&str> = history["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"workflow_started"));
    assert!(kinds.contains(&"step_completed"), "{kinds:?}");
    assert_eq!(kinds.last(), Some(&"workflow_completed"));

    let (_, workers) = get("/v1/workers".into()).await;
    let listed = &workers["workers"][0];
    assert_eq!(listed["workflowTypes"], json!(["double"]));
    assert_eq!(listed["connected"], true);

    for (path, expected) in [
        ("/v1/workflows/no-such-run", StatusCode::NOT_FOUND),
        ("/v1/workflows?state=sleepy", StatusCode::BAD_REQUEST),
        ("/v1/workflows?cursor=nonsense", StatusCode::BAD_REQUEST),
        ("/v1/workflows?colour=blue", StatusCode::BAD_REQUEST),
    ] {
        let (status, body) = get(path.into()).await;
        assert_eq!(status, expected, "{path}: {body}");
    }
    worker.shutdown().await;
}

/// The live stream: once `ready`, each change of a workflow arrives as a `workflow` event,
/// without polling; `workflowId` follows one run.
#[tokio::test]
async fn changes_stream_live_over_server_sent_events() {
    let test = TestEngine::start().await;
    let client = test.client().await;
    let base = format!("http://{}", test.server.http_addr());
    let response = reqwest::Client::new()
        .get(format!("{base}/v1/stream?workflowId=watched"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut events = Events {
        body: Box::pin(futures::StreamExt::map(response.bytes_stream(), |chunk| {
            chunk.map(|bytes| bytes.to_vec())
        })),
        text: String::new(),
    };
    events.until("event: ready").await;
    let wf = workflow("watched-type", |ctx: WorkflowContext, _: ()| async move {
        ctx.step("only", || async { Ok::<_, StepError>(1u32) })
            .await
    });
    client.start_with_id(&wf, "other", &()).await.unwrap();
    client.start_with_id(&wf, "watched", &()).await.unwrap();
    events.until("event: workflow").await;
    let text = events.text.clone();
    assert!(text.contains(r#""id":"watched""#), "{text}");
    assert!(text.contains(r#""state":"PENDING""#), "{text}");
    let worker = Worker::new(&client).register(&wf).spawn();
    events.until(r#""state":"COMPLETED""#).await;
    let text = &events.text;
    assert!(
        !text.contains(r#""id":"other""#),
        "another run's change leaked: {text}"
    );
    worker.shutdown().await;
}

/// What a server-sent event stream has said so far.
struct Events {
    body: std::pin::Pin<Box<dyn futures::Stream<Item = reqwest::Result<Vec<u8>>> + Send>>,
    text: String,
}

impl Events {
    /// Reads until `needle` has arrived, failing after 10 s.
    async fn until(&mut self, needle: &str) {
        use futures::StreamExt;
        crate::support::within(needle, std::time::Duration::from_secs(10), async {
            while !self.text.contains(needle) {
                let chunk = self
                    .body
                    .next()
                    .await
                    .expect("the stream stays open")
                    .unwrap();
                self.text.push_str(&String::from_utf8_lossy(&chunk));
            }
        })
        .await;
    }
}
