//! The workspace bus across nodes: two `aether serve` nodes on one PostgreSQL database, a
//! subscriber on each, messages published through both. Every subscriber gets every message
//! once, whichever node it was published through, including one far beyond `NOTIFY`'s
//! 8000-byte payload limit (the notification names the event; each node reads the message
//! back from the session's events).

use std::time::Duration;

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    support::{ServeProcess, within},
    workspaces::Api,
};

const PATIENCE: Duration = Duration::from_secs(20);

/// One SSE subscription to a session's topic, read message by message.
struct Subscriber {
    stream: futures::stream::BoxStream<'static, reqwest::Result<Vec<u8>>>,
    buffer: String,
}

impl Subscriber {
    /// Subscribes, and returns once the server says the subscription is registered.
    async fn open(api: &Api, session: &str, topic: &str) -> Self {
        let response = api
            .http
            .get(api.url(&format!("/v1/sessions/{session}/bus/{topic}")))
            .send()
            .await
            .expect("subscribe");
        assert_eq!(response.status(), StatusCode::OK);
        let mut subscriber = Self {
            stream: response
                .bytes_stream()
                .map(|chunk| chunk.map(|bytes| bytes.to_vec()))
                .boxed(),
            buffer: String::new(),
        };
        within("the subscription to be ready", PATIENCE, async {
            while subscriber.next_event().await.0 != "ready" {}
        })
        .await;
        subscriber
    }

    /// The next server-sent event: its name and data.
    async fn next_event(&mut self) -> (String, String) {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let field = |name: &str| {
                    block
                        .lines()
                        .find_map(|line| line.strip_prefix(name))
                        .unwrap_or_default()
                        .to_owned()
                };
                return (field("event: "), field("data: "));
            }
            let chunk = self
                .stream
                .next()
                .await
                .expect("the stream is open")
                .expect("a chunk");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The messages delivered until every `n` of `expected` and the `sentinel` have come, in
    /// any order (a node delivers its own messages at once, the other's once announced), the
    /// sentinel left out.
    async fn messages_until(&mut self, expected: &[u64], sentinel: u64) -> Vec<Value> {
        within("the messages to arrive", PATIENCE, async {
            let mut messages: Vec<Value> = Vec::new();
            let mut sentinel_seen = false;
            loop {
                let seen = |n: &u64| messages.iter().any(|m| m["message"]["n"] == *n);
                if sentinel_seen && expected.iter().all(seen) {
                    return messages;
                }
                let (event, data) = self.next_event().await;
                if event != "message" {
                    continue;
                }
                let message: Value = serde_json::from_str(&data).expect("message JSON");
                match message["message"]["n"].as_u64() {
                    Some(n) if n == sentinel => sentinel_seen = true,
                    Some(n) if n > 3 => {}
                    _ => messages.push(message),
                }
            }
        })
        .await
    }
}

fn numbers(messages: &[Value]) -> Vec<u64> {
    let mut numbers: Vec<u64> = messages
        .iter()
        .filter_map(|m| m["message"]["n"].as_u64())
        .collect();
    numbers.sort_unstable();
    numbers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_published_on_one_node_reaches_subscribers_on_every_node_once() {
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    let args = ["--persistence", "state-action-log", "--db", url.as_str()];
    let node_a = ServeProcess::start(&args);
    let node_b = ServeProcess::start(&args);
    let (api_a, api_b) = (Api::new(&node_a.http), Api::new(&node_b.http));
    let session = api_a
        .post("/v1/sessions", json!({ "id": "bus-across-nodes" }))
        .await;
    let id = session["id"].as_str().expect("an id").to_owned();
    let mut on_a = Subscriber::open(&api_a, &id, "progress").await;
    let mut on_b = Subscriber::open(&api_b, &id, "progress").await;

    let blob = "x".repeat(20_000);
    let big = api_a
        .post(
            &format!("/v1/sessions/{id}/bus/progress"),
            json!({ "message": { "n": 1, "blob": blob } }),
        )
        .await;
    api_b
        .post(
            &format!("/v1/sessions/{id}/bus/progress"),
            json!({ "message": { "n": 2 } }),
        )
        .await;
    api_a
        .post(
            &format!("/v1/sessions/{id}/bus/progress"),
            json!({ "message": { "n": 3 } }),
        )
        .await;
    // A sentinel from each node, published after the others: it reaches the other node through
    // the same ordered notifications that a duplicate (a node hearing its own announcement)
    // would, so any duplicate arrives there before it.
    for (api, n) in [(&api_b, 4), (&api_a, 5)] {
        api.post(
            &format!("/v1/sessions/{id}/bus/progress"),
            json!({ "message": { "n": n } }),
        )
        .await;
    }

    for (node, subscriber, sentinel) in [("a", &mut on_a, 4), ("b", &mut on_b, 5)] {
        let messages = subscriber.messages_until(&[1, 2, 3], sentinel).await;
        assert_eq!(numbers(&messages), [1, 2, 3], "node {node}: {messages:?}");
        let first = messages
            .iter()
            .find(|m| m["message"]["n"] == 1)
            .expect("the big message");
        assert_eq!(
            first["message"]["blob"].as_str().map(str::len),
            Some(20_000)
        );
        assert_eq!(first["eventSeq"], big["eventSeq"], "node {node}");
        assert_eq!(first["topic"], "progress");
    }
}
