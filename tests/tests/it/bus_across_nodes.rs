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

    /// The messages delivered until (and with) the one whose `n` is `last`.
    async fn messages_until(&mut self, last: u64) -> Vec<Value> {
        within("the messages to arrive", PATIENCE, async {
            let mut messages = Vec::new();
            loop {
                let (event, data) = self.next_event().await;
                if event != "message" {
                    continue;
                }
                let message: Value = serde_json::from_str(&data).expect("message JSON");
                let n = message["message"]["n"].as_u64();
                messages.push(message);
                if n == Some(last) {
                    return messages;
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
    // The last message comes after the others through both nodes' notifications, so a
    // duplicate of either (a node hearing its own announcement) would arrive before it.
    api_a
        .post(
            &format!("/v1/sessions/{id}/bus/progress"),
            json!({ "message": { "n": 3 } }),
        )
        .await;

    for (node, subscriber) in [("a", &mut on_a), ("b", &mut on_b)] {
        let messages = subscriber.messages_until(3).await;
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
