//! The workspace API over HTTP. Each scenario runs as one test per backend (memory, SQLite,
//! PostgreSQL; `workspaces::on_sqlite::stale_revisions_are_refused_and_the_current_one_taken`),
//! so a failure names the behaviour and the backend: an agent's walk through every route, the
//! guarantees of a change (stale revisions, atomic batches, paths that cannot escape, limits,
//! archived sessions), three-way merges. Then git import, and a SIGKILL of the server at L2.

use std::{collections::BTreeMap, future::Future, time::Duration};

use aether_server::Server;
use aether_types::config::{Config, PersistenceMode};
use futures::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Digest;

use crate::support::{ServeProcess, within};

/// A JSON client for one server's `/v1` routes.
#[derive(Clone)]
pub struct Api {
    pub http: reqwest::Client,
    base: String,
}

impl Api {
    pub fn new(base: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method, self.url(path))
            .header("x-aether-actor", "test-runner");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let bytes = response.bytes().await.expect("body read");
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("{path}: not JSON: {}", String::from_utf8_lossy(&bytes)))
        };
        (status, value)
    }

    /// A call that must succeed; returns its JSON.
    pub async fn ok(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let (status, value) = self.call(method, path, body).await;
        assert!(status.is_success(), "{path}: {status} {value}");
        value
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        self.ok(Method::POST, path, Some(body)).await
    }

    pub async fn get(&self, path: &str) -> Value {
        self.ok(Method::GET, path, None).await
    }

    pub async fn put_file(&self, session: &str, path: &str, content: &[u8]) -> Value {
        let response = self
            .http
            .put(self.url(&format!("/v1/sessions/{session}/files/{path}")))
            .body(content.to_vec())
            .send()
            .await
            .expect("request sent");
        let status = response.status();
        let value: Value = response.json().await.expect("JSON");
        assert!(status.is_success(), "write {path}: {status} {value}");
        value
    }

    pub async fn read_file(&self, session: &str, path: &str) -> Vec<u8> {
        let response = self
            .http
            .get(self.url(&format!("/v1/sessions/{session}/files/{path}")))
            .send()
            .await
            .expect("request sent");
        assert_eq!(response.status(), StatusCode::OK, "read {path}");
        response.bytes().await.expect("body").to_vec()
    }

    pub async fn text(&self, session: &str, path: &str) -> String {
        String::from_utf8(self.read_file(session, path).await).expect("UTF-8")
    }

    /// Path → hash of every entry, and the revision.
    pub async fn manifest(&self, session: &str) -> (u64, BTreeMap<String, String>) {
        let m = self.get(&format!("/v1/sessions/{session}/manifest")).await;
        let entries = m["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .map(|e| {
                (
                    e["path"].as_str().unwrap().to_owned(),
                    e["hash"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        (m["revision"].as_u64().expect("revision"), entries)
    }
}

/// An in-process server on ephemeral ports with the given tier and database.
async fn start(mode: PersistenceMode, db: &str) -> (Server, Api) {
    let mut config = Config::default();
    config.server.grpc_port = 0;
    config.server.http_port = 0;
    config.server.db_path = db.to_owned();
    config.persistence.mode = mode;
    config.workspaces.max_file_bytes = 1 << 20;
    let server = Server::start(&config).await.expect("server starts");
    let api = Api::new(&format!("http://{}", server.http_addr()));
    (server, api)
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

const MAIN_RS: &str = "fn main() {\n    println!(\"hello\");\n}\n";

/// An agent's walk through every route, in the order an agent runner takes them (a session
/// from a template, discovery, edits, cache and bus, review, checkpoint and restore, fork,
/// commit); then the session's events show every step in order.
async fn an_agent_walk_through_every_route_is_logged_in_order(api: Api, tag: &'static str) {
    // A template: a session promoted to a named source.
    let template = api
        .post("/v1/sessions", json!({ "id": format!("tpl-{tag}") }))
        .await;
    let tpl = template["id"].as_str().unwrap().to_owned();
    api.put_file(&tpl, "README.md", b"# Service\n").await;
    api.put_file(&tpl, "src/main.rs", MAIN_RS.as_bytes()).await;
    let source = format!("templates/{tag}");
    let promoted = api
        .post(
            &format!("/v1/sessions/{tpl}/promote"),
            json!({ "source": source, "author": "alice" }),
        )
        .await;
    let template_commit = promoted["commit"]["id"].as_str().unwrap().to_owned();

    // 1. Session acquisition, from the template.
    let session = api
        .post(
            "/v1/sessions",
            json!({ "from": { "kind": "source", "name": source }, "labels": { "task": tag } }),
        )
        .await;
    let id = session["id"].as_str().unwrap().to_owned();
    assert_eq!(session["source"], json!(source));
    assert_eq!(api.get(&format!("/v1/sessions/{id}")).await["revision"], 1);

    // 2. Tree discovery.
    let (revision, entries) = api.manifest(&id).await;
    assert_eq!(revision, 1);
    assert_eq!(
        entries.keys().collect::<Vec<_>>(),
        ["README.md", "src", "src/main.rs"]
    );
    assert_eq!(entries["src/main.rs"], sha256(MAIN_RS.as_bytes()));

    // 3. Mutation through each simple route, then a batch and a patch.
    api.put_file(
        &id,
        "src/lib.rs",
        b"pub fn add(a: i32, b: i32) -> i32 { a + b }\n",
    )
    .await;
    api.post(
        &format!("/v1/sessions/{id}/dirs"),
        json!({ "paths": ["docs/design", "tests"] }),
    )
    .await;
    api.post(
        &format!("/v1/sessions/{id}/rename"),
        json!({ "from": "README.md", "to": "docs/README.md" }),
    )
    .await;
    api.post(
        &format!("/v1/sessions/{id}/delete"),
        json!({ "paths": ["tests"] }),
    )
    .await;
    api.post(
        &format!("/v1/sessions/{id}/batch"),
        json!({ "ops": [
            { "op": "write", "path": "docs/design/plan.md", "content": "step one\nstep two\n" },
            { "op": "write", "path": "bin/run.sh", "contentBase64": "IyEvYmluL3NoCg==", "mode": 493 },
            { "op": "rename", "from": "src/lib.rs", "to": "src/math.rs" },
        ] }),
    )
    .await;
    let patched = api
        .post(
            &format!("/v1/sessions/{id}/patchSegments"),
            json!({ "path": "docs/design/plan.md", "segments": [{ "offset": 5, "content": "ONE" }] }),
        )
        .await;
    assert_eq!(patched["revision"], 7);
    assert_eq!(
        api.text(&id, "docs/design/plan.md").await,
        "step ONE\nstep two\n"
    );
    assert_eq!(api.read_file(&id, "bin/run.sh").await, b"#!/bin/sh\n");

    // 4. Workflow state: cache with compare-and-set, a bus message to a live subscriber.
    let cache = format!("/v1/sessions/{id}/cache/plan");
    let first = api
        .ok(
            Method::PUT,
            &cache,
            Some(json!({ "value": { "step": 1 }, "ifVersion": 0 })),
        )
        .await;
    assert_eq!(first["version"], 1);
    let second = api
        .ok(
            Method::PUT,
            &cache,
            Some(json!({ "value": { "step": 2 }, "ifVersion": 1 })),
        )
        .await;
    assert_eq!(second["version"], 2);
    let (status, err) = api
        .call(
            Method::PUT,
            &cache,
            Some(json!({ "value": { "step": 99 }, "ifVersion": 1 })),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["reason"], "stale_cache_version");
    assert_eq!(api.get(&cache).await["value"], json!({ "step": 2 }));

    let subscription = api
        .http
        .get(api.url(&format!("/v1/sessions/{id}/bus/progress")))
        .send()
        .await
        .expect("subscribe");
    assert_eq!(subscription.status(), StatusCode::OK);
    let mut stream = subscription.bytes_stream();
    let mut seen = String::new();
    // The server says `ready` once the subscription is registered, so nothing can slip by.
    within(
        "the bus subscription to be ready",
        Duration::from_secs(10),
        async {
            while !seen.contains("event: ready") {
                let chunk = stream.next().await.expect("stream open").expect("chunk");
                seen.push_str(&String::from_utf8_lossy(&chunk));
            }
        },
    )
    .await;
    api.post(
        &format!("/v1/sessions/{id}/bus/progress"),
        json!({ "message": { "done": 3, "of": 5 } }),
    )
    .await;
    let delivered = within(
        "the bus message to arrive",
        Duration::from_secs(10),
        async {
            loop {
                if let Some(data) = seen
                    .split("\n\n")
                    .find(|block| block.contains("event: message"))
                    .and_then(|block| block.lines().find_map(|l| l.strip_prefix("data: ")))
                {
                    return serde_json::from_str::<Value>(data).expect("message JSON");
                }
                let chunk = stream.next().await.expect("stream open").expect("chunk");
                seen.push_str(&String::from_utf8_lossy(&chunk));
            }
        },
    )
    .await;
    assert_eq!(delivered["message"], json!({ "done": 3, "of": 5 }));
    assert_eq!(delivered["topic"], "progress");
    drop(stream);

    // Review: an annotation on lines of a file.
    let note = api
        .post(
            &format!("/v1/sessions/{id}/annotations"),
            json!({ "path": "src/main.rs", "lineStart": 1, "lineEnd": 2, "author": "reviewer", "body": "print less" }),
        )
        .await;
    assert_eq!(note["resolved"], false);
    let listed = api.get(&format!("/v1/sessions/{id}/annotations")).await;
    assert_eq!(listed["annotations"][0]["body"], "print less");

    // 5. Recoverability: a checkpoint, more edits, a restore.
    let checkpoint = api
        .post(
            &format!("/v1/sessions/{id}/checkpoints"),
            json!({ "name": "before-risk" }),
        )
        .await;
    let checkpoint_id = checkpoint["id"].as_str().unwrap().to_owned();
    let (_, at_checkpoint) = api.manifest(&id).await;
    api.put_file(&id, "src/main.rs", b"fn main() { panic!() }\n")
        .await;
    api.post(
        &format!("/v1/sessions/{id}/delete"),
        json!({ "paths": ["docs"] }),
    )
    .await;
    let (_, edited) = api.manifest(&id).await;
    assert_ne!(edited, at_checkpoint);
    let restored = api
        .post(
            &format!("/v1/sessions/{id}/restore"),
            json!({ "checkpointId": checkpoint_id }),
        )
        .await;
    let (revision, after_restore) = api.manifest(&id).await;
    assert_eq!(after_restore, at_checkpoint);
    assert_eq!(restored["revision"], revision);
    assert_eq!(api.text(&id, "src/main.rs").await, MAIN_RS);
    let checkpoints = api.get(&format!("/v1/sessions/{id}/checkpoints")).await;
    assert_eq!(checkpoints["checkpoints"][0]["name"], "before-risk");

    // 6. A fork has the same tree and its own history.
    let fork = api
        .post(
            &format!("/v1/sessions/{id}/fork"),
            json!({ "labels": { "proposal": "a" } }),
        )
        .await;
    let fork_id = fork["id"].as_str().unwrap().to_owned();
    assert_eq!(api.manifest(&fork_id).await.1, after_restore);
    assert_eq!(fork["parent"]["sessionId"], json!(id));

    // 7. Persistence: a commit onto the template's source.
    let commit = api
        .post(
            &format!("/v1/sessions/{id}/commit"),
            json!({ "message": "add math and a run script", "author": "agent-7" }),
        )
        .await;
    assert_eq!(commit["source"], json!(source));
    assert_eq!(commit["parent"], json!(template_commit));
    assert_eq!(
        commit["root"],
        json!(api.get(&format!("/v1/sessions/{id}")).await["root"])
    );

    // The events list every step, in order, with gapless sequence numbers.
    let page = api
        .get(&format!("/v1/sessions/{id}/events?limit=1000"))
        .await;
    let events = page["events"].as_array().unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "session.created",
            "file.written",
            "dirs.created",
            "path.renamed",
            "paths.deleted",
            "batch.applied",
            "file.patched",
            "cache.set",
            "cache.set",
            "bus.published",
            "annotation.added",
            "checkpoint.created",
            "file.written",
            "paths.deleted",
            "session.restored",
            "session.forked",
            "session.committed",
        ]
    );
    for (i, event) in events.iter().enumerate() {
        assert_eq!(event["seq"], i as u64 + 1);
        assert_eq!(
            event["actor"].as_str().unwrap_or("test-runner"),
            "test-runner"
        );
    }
    assert_eq!(events[1]["detail"]["path"], "src/lib.rs");
    // Pages: two at a time walk the same list.
    let mut after = 0;
    let mut paged = Vec::new();
    loop {
        let page = api
            .get(&format!("/v1/sessions/{id}/events?after={after}&limit=2"))
            .await;
        paged.extend(
            page["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["kind"].clone()),
        );
        match page["next"].as_u64() {
            Some(next) => after = next,
            None => break,
        }
    }
    assert_eq!(paged.len(), kinds.len());
}

/// A session holding `a.txt` and `dir/`, with its manifest and event count, for the tests
/// that check a refused request changes nothing.
struct Guarded {
    id: String,
    before: (u64, BTreeMap<String, String>),
    events_before: u64,
}

async fn guarded(api: &Api, tag: &str) -> Guarded {
    let id = api
        .post("/v1/sessions", json!({ "id": format!("guard-{tag}") }))
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.put_file(&id, "a.txt", b"alpha\n").await;
    api.post(&format!("/v1/sessions/{id}/dirs"), json!({ "path": "dir" }))
        .await;
    let before = api.manifest(&id).await;
    let events_before = api.get(&format!("/v1/sessions/{id}")).await["eventCount"]
        .as_u64()
        .expect("eventCount");
    Guarded {
        id,
        before,
        events_before,
    }
}

impl Guarded {
    /// The tree is as it was, and only `accepted` events were added.
    async fn assert_unchanged(&self, api: &Api, accepted: u64) {
        let after = api.manifest(&self.id).await;
        assert_eq!(after, self.before, "a rejected request changed the tree");
        let session = api.get(&format!("/v1/sessions/{}", self.id)).await;
        assert_eq!(session["eventCount"], self.events_before + accepted);
    }
}

/// A stale revision (If-Match or body) is a 409 `stale_revision`; the current one is taken.
async fn stale_revisions_are_refused_and_the_current_one_taken(api: Api, tag: &'static str) {
    let guarded = guarded(&api, tag).await;
    let id = &guarded.id;
    let stale = api
        .http
        .put(api.url(&format!("/v1/sessions/{id}/files/a.txt")))
        .header("if-match", "\"1\"")
        .body("changed")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let body: Value = stale.json().await.unwrap();
    assert_eq!(body["code"], "conflict");
    assert_eq!(body["reason"], "stale_revision");
    let (status, _) = api
        .call(
            Method::POST,
            &format!("/v1/sessions/{id}/batch"),
            Some(json!({ "expectedRevision": 1, "ops": [{ "op": "delete", "path": "a.txt" }] })),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // The current revision is accepted.
    let current = guarded.before.0;
    let (status, _) = api
        .call(
            Method::POST,
            &format!("/v1/sessions/{id}/checkpoints"),
            Some(json!({ "expectedRevision": current })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Only the accepted checkpoint added an event.
    guarded.assert_unchanged(&api, 1).await;
}

/// A batch with one bad operation applies none of them.
async fn a_batch_with_one_bad_operation_applies_none(api: Api, tag: &'static str) {
    let guarded = guarded(&api, tag).await;
    let id = &guarded.id;
    for bad in [
        json!({ "op": "delete", "path": "missing.txt" }),
        json!({ "op": "write", "path": "../escape.txt", "content": "x" }),
        json!({ "op": "rename", "from": "dir", "to": "dir/inside" }),
        json!({ "op": "write", "path": "dir", "content": "a file over a directory" }),
    ] {
        let (status, err) = api
            .call(
                Method::POST,
                &format!("/v1/sessions/{id}/batch"),
                Some(json!({ "ops": [
                    { "op": "write", "path": "new.txt", "content": "new" },
                    { "op": "delete", "path": "a.txt" },
                    bad.clone(),
                ] })),
            )
            .await;
        assert!(status.is_client_error(), "{bad}: {status} {err}");
        assert!(
            err["code"].is_string() && err["message"].is_string(),
            "{err}"
        );
    }
    guarded.assert_unchanged(&api, 0).await;
}

/// Paths that would leave the session are a 400 `invalid_path`, through every route.
async fn paths_that_would_leave_the_session_are_refused(api: Api, tag: &'static str) {
    let guarded = guarded(&api, tag).await;
    let id = &guarded.id;
    for (route, body) in [
        (
            "rename",
            json!({ "from": "a.txt", "to": "../../etc/passwd" }),
        ),
        ("rename", json!({ "from": "../a.txt", "to": "b.txt" })),
        ("dirs", json!({ "paths": ["/abs"] })),
        ("delete", json!({ "paths": ["dir/../../x"] })),
        ("patchSegments", json!({ "path": "a\u{0}b", "truncate": 0 })),
    ] {
        let (status, err) = api
            .call(
                Method::POST,
                &format!("/v1/sessions/{id}/{route}"),
                Some(body.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{route} {body}: {err}");
        assert_eq!(err["reason"], "invalid_path", "{err}");
    }
    // The same through the file route, as a raw request line (clients would normalise `..`).
    for raw in [
        format!("/v1/sessions/{id}/files/../../outside.txt"),
        format!("/v1/sessions/{id}/files/%2Fetc%2Fpasswd"),
        format!("/v1/sessions/{id}/files/ok/%00nul"),
    ] {
        let status = raw_put(&api.base, &raw, b"x").await;
        assert_eq!(status, 400, "{raw}");
    }
    guarded.assert_unchanged(&api, 0).await;
}

/// A file over the limit is a 413; an unknown session and malformed JSON are JSON errors too.
async fn oversized_unknown_and_malformed_requests_get_json_errors(api: Api, tag: &'static str) {
    let guarded = guarded(&api, tag).await;
    let id = &guarded.id;
    // Too large for the configured limit (1 MiB per file in these tests).
    let big = api
        .http
        .put(api.url(&format!("/v1/sessions/{id}/files/big.bin")))
        .body(vec![0u8; (1 << 20) + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let (status, err) = api
        .call(Method::GET, "/v1/sessions/no-such-session", None)
        .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let malformed = api
        .http
        .post(api.url(&format!("/v1/sessions/{id}/rename")))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        malformed.json::<Value>().await.unwrap()["code"],
        "invalid_argument"
    );
    guarded.assert_unchanged(&api, 0).await;
}

/// An archived session refuses changes with a 422 `session_archived`.
async fn an_archived_session_is_read_only(api: Api, tag: &'static str) {
    let guarded = guarded(&api, tag).await;
    let id = &guarded.id;
    api.post(&format!("/v1/sessions/{id}/archive"), json!({}))
        .await;
    let (status, err) = api
        .call(
            Method::POST,
            &format!("/v1/sessions/{id}/dirs"),
            Some(json!({ "path": "more" })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["reason"], "session_archived");
}

/// Entries of the manifest as path → (kind, mode), for what a mount shows of them.
async fn kinds_and_modes(api: &Api, session: &str) -> BTreeMap<String, (String, u64)> {
    let manifest = api.get(&format!("/v1/sessions/{session}/manifest")).await;
    manifest["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            let kind = e["kind"].as_str().unwrap().to_owned();
            (
                e["path"].as_str().unwrap().to_owned(),
                (kind, e["mode"].as_u64().unwrap()),
            )
        })
        .collect()
}

/// A batch makes symbolic links inside the session and changes modes without re-sending
/// content; a link out of the session or a mode of a missing path refuses the whole batch.
async fn symlinks_and_modes_change_in_a_batch(api: Api, tag: &'static str) {
    let guarded = guarded(&api, tag).await;
    let id = &guarded.id;
    let batch = format!("/v1/sessions/{id}/batch");
    for (bad, status) in [
        (
            json!({ "op": "symlink", "path": "link", "target": "../outside" }),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({ "op": "symlink", "path": "dir/link", "target": "/etc/passwd" }),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({ "op": "chmod", "path": "missing.txt", "mode": 0o600 }),
            StatusCode::NOT_FOUND,
        ),
        (
            json!({ "op": "chmod", "path": "a.txt", "mode": 0o1777 }),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (got, err) = api
            .call(
                Method::POST,
                &batch,
                Some(json!({ "ops": [
                    { "op": "write", "path": "new.txt", "content": "new" },
                    bad.clone(),
                ] })),
            )
            .await;
        assert_eq!(got, status, "{bad}: {err}");
    }
    guarded.assert_unchanged(&api, 0).await;

    let done = api
        .post(
            &batch,
            json!({ "ops": [
                { "op": "symlink", "path": "dir/link", "target": "../a.txt" },
                { "op": "chmod", "path": "a.txt", "mode": 0o755 },
                { "op": "chmod", "path": "dir", "mode": 0o700 },
            ] }),
        )
        .await;
    assert_eq!(done["revision"], guarded.before.0 + 1);
    let entries = kinds_and_modes(&api, id).await;
    let entry = |kind: &str, mode: u64| (kind.to_owned(), mode);
    assert_eq!(entries["a.txt"], entry("file", 0o755));
    assert_eq!(entries["dir"], entry("dir", 0o700));
    assert_eq!(entries["dir/link"], entry("symlink", 0o777));
    // The content is what it was; the link's content is its target.
    assert_eq!(api.text(id, "a.txt").await, "alpha\n");
    let link = api
        .http
        .get(api.url(&format!("/v1/sessions/{id}/files/dir/link")))
        .send()
        .await
        .unwrap();
    assert_eq!(link.headers()["x-aether-kind"], "symlink");
    assert_eq!(link.bytes().await.unwrap().as_ref(), b"../a.txt");

    // The event keeps the batch's summary.
    let page = api
        .get(&format!(
            "/v1/sessions/{id}/events?after={}",
            guarded.events_before
        ))
        .await;
    let detail = &page["events"][0]["detail"];
    assert_eq!(page["events"][0]["kind"], "batch.applied");
    assert_eq!(
        detail["ops"],
        json!([
            { "op": "symlink", "path": "dir/link" },
            { "op": "chmod", "path": "a.txt", "mode": 0o755 },
            { "op": "chmod", "path": "dir", "mode": 0o700 },
        ])
    );
}

/// A checkpoint's tree is read (manifest, whole files, ranges) by its id or name after the
/// session moved on; an unknown checkpoint is a 404.
async fn a_checkpoint_is_read_after_the_session_moved_on(api: Api, tag: &'static str) {
    let guarded = guarded(&api, tag).await;
    let id = &guarded.id;
    let checkpoint = api
        .post(
            &format!("/v1/sessions/{id}/checkpoints"),
            json!({ "name": "v1" }),
        )
        .await;
    let checkpoint_id = checkpoint["id"].as_str().unwrap().to_owned();
    api.put_file(id, "a.txt", b"changed\n").await;
    api.post(
        &format!("/v1/sessions/{id}/delete"),
        json!({ "paths": ["dir"] }),
    )
    .await;
    assert_eq!(api.text(id, "a.txt").await, "changed\n");

    let (before_revision, before_entries) = &guarded.before;
    for reference in ["v1", checkpoint_id.as_str()] {
        let m = api
            .get(&format!(
                "/v1/sessions/{id}/manifest?checkpoint={reference}"
            ))
            .await;
        assert_eq!(m["revision"], *before_revision, "{reference}");
        assert_eq!(m["root"], checkpoint["root"]);
        let entries: BTreeMap<String, String> = m["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["path"].as_str().unwrap().to_owned(),
                    e["hash"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(&entries, before_entries);

        let url = api.url(&format!(
            "/v1/sessions/{id}/files/a.txt?checkpoint={reference}"
        ));
        let whole = api.http.get(&url).send().await.unwrap();
        assert_eq!(whole.status(), StatusCode::OK);
        assert_eq!(
            whole.headers()["x-aether-revision"],
            before_revision.to_string().as_str()
        );
        assert_eq!(whole.bytes().await.unwrap().as_ref(), b"alpha\n");
        let part = api
            .http
            .get(&url)
            .header("range", "bytes=1-3")
            .send()
            .await
            .unwrap();
        assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(part.bytes().await.unwrap().as_ref(), b"lph");
        let offset = api
            .http
            .get(format!("{url}&offset=2&length=2"))
            .send()
            .await
            .unwrap();
        assert_eq!(offset.bytes().await.unwrap().as_ref(), b"ph");
    }

    for route in [
        format!("/v1/sessions/{id}/manifest?checkpoint=no-such"),
        format!("/v1/sessions/{id}/files/a.txt?checkpoint=no-such"),
    ] {
        let response = api.http.get(api.url(&route)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{route}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "not_found", "{route}: {body}");
    }
}

/// A request with the path exactly as given, which HTTP clients would normalise.
async fn raw_put(base: &str, path: &str, body: &[u8]) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "PUT {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

const LINES: &str = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n";

fn replace_line(text: &str, n: usize, with: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == n {
                format!("{with}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

/// A session holding `notes.txt` (ten lines) and `other.txt`, and two forks of it.
async fn base_with_forks(api: &Api, tag: &str, names: [&'static str; 2]) -> (String, String) {
    let base = api
        .post(
            "/v1/sessions",
            json!({ "id": format!("base-{tag}-{}", names[0]) }),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.put_file(&base, "notes.txt", LINES.as_bytes()).await;
    api.put_file(&base, "other.txt", b"untouched\n").await;
    let fork = |labels: &'static str| {
        let api = api.clone();
        let base = base.clone();
        async move {
            api.post(
                &format!("/v1/sessions/{base}/fork"),
                json!({ "labels": { "proposal": labels } }),
            )
            .await["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    (fork(names[0]).await, fork(names[1]).await)
}

/// Forks editing different lines of one file, and different files, merge cleanly.
async fn forks_editing_different_lines_merge_cleanly(api: Api, tag: &'static str) {
    let (a, b) = base_with_forks(&api, tag, ["a", "b"]).await;
    api.put_file(
        &a,
        "notes.txt",
        replace_line(LINES, 2, "TWO (from a)").as_bytes(),
    )
    .await;
    api.put_file(&a, "only-a.txt", b"a\n").await;
    api.put_file(
        &b,
        "notes.txt",
        replace_line(LINES, 9, "NINE (from b)").as_bytes(),
    )
    .await;
    api.put_file(&b, "other.txt", b"changed by b\n").await;

    let merged = api
        .post(&format!("/v1/sessions/{a}/merge"), json!({ "from": b }))
        .await;
    assert_eq!(merged["combined"], json!(["notes.txt"]));
    let expected = replace_line(&replace_line(LINES, 2, "TWO (from a)"), 9, "NINE (from b)");
    assert_eq!(api.text(&a, "notes.txt").await, expected);
    assert_eq!(api.text(&a, "other.txt").await, "changed by b\n");
    assert_eq!(api.text(&a, "only-a.txt").await, "a\n");
}

/// Both forks change the same line: a 409 listing the conflict, and nothing is applied or lost.
async fn the_same_line_changed_twice_is_a_conflict_that_loses_nothing(api: Api, tag: &'static str) {
    let (c, d) = base_with_forks(&api, tag, ["c", "d"]).await;
    // Both change line 5.
    let ours = replace_line(LINES, 5, "FIVE (from c)");
    let theirs = replace_line(LINES, 5, "FIVE (from d)");
    api.put_file(&c, "notes.txt", ours.as_bytes()).await;
    api.put_file(&d, "notes.txt", theirs.as_bytes()).await;
    api.put_file(&d, "clean.txt", b"would merge\n").await;
    let before = api.manifest(&c).await;
    let (status, err) = api
        .call(
            Method::POST,
            &format!("/v1/sessions/{c}/merge"),
            Some(json!({ "from": d })),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["reason"], "merge_conflict");
    let conflicts = err["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{err}");
    assert_eq!(conflicts[0]["path"], "notes.txt");
    assert_eq!(conflicts[0]["reason"], "content");
    assert_eq!(conflicts[0]["ours"], json!(sha256(ours.as_bytes())));
    assert_eq!(conflicts[0]["theirs"], json!(sha256(theirs.as_bytes())));
    let marked = conflicts[0]["marked"].as_str().unwrap();
    assert!(
        marked.contains("FIVE (from c)") && marked.contains("FIVE (from d)"),
        "{marked}"
    );
    // Nothing was applied, and neither side lost its version.
    assert_eq!(api.manifest(&c).await, before);
    assert_eq!(api.text(&c, "notes.txt").await, ours);
    assert_eq!(api.text(&d, "notes.txt").await, theirs);
}

/// Where a test's server keeps its data.
#[derive(Debug, Clone, Copy)]
enum Backend {
    Memory,
    Sqlite,
    Postgres,
}

/// Runs one scenario against its own in-process server on `backend`.
async fn run<F, Fut>(backend: Backend, scenario: F)
where
    F: FnOnce(Api, &'static str) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    let (mode, db, tag) = match backend {
        Backend::Memory => (PersistenceMode::Memory, "unused.db".to_owned(), "mem"),
        Backend::Sqlite => (
            PersistenceMode::StateActionLog,
            dir.path().join("ws.db").to_str().unwrap().to_owned(),
            "sqlite",
        ),
        Backend::Postgres => (
            PersistenceMode::StateActionLog,
            aether_store_sql::testing::fresh_postgres_url().await,
            "pg",
        ),
    };
    let (server, api) = start(mode, &db).await;
    scenario(api, tag).await;
    server.shutdown();
}

/// One test module per backend, one test per scenario in each.
macro_rules! on_backend {
    ($module:ident, $backend:ident, $($scenario:ident),+) => {
        mod $module {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::run(super::Backend::$backend, super::$scenario).await;
                }
            )+
        }
    };
}

macro_rules! on_every_backend {
    ($($scenario:ident),+ $(,)?) => {
        on_backend!(on_memory, Memory, $($scenario),+);
        on_backend!(on_sqlite, Sqlite, $($scenario),+);
        on_backend!(on_postgres, Postgres, $($scenario),+);
    };
}

on_every_backend!(
    an_agent_walk_through_every_route_is_logged_in_order,
    stale_revisions_are_refused_and_the_current_one_taken,
    a_batch_with_one_bad_operation_applies_none,
    paths_that_would_leave_the_session_are_refused,
    oversized_unknown_and_malformed_requests_get_json_errors,
    an_archived_session_is_read_only,
    symlinks_and_modes_change_in_a_batch,
    a_checkpoint_is_read_after_the_session_moved_on,
    forks_editing_different_lines_merge_cleanly,
    the_same_line_changed_twice_is_a_conflict_that_loses_nothing,
);

pub fn git_commit(repo: &git2::Repository, message: &str) -> git2::Oid {
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let signature = git2::Signature::now("Test", "test@example.com").unwrap();
    let parents: Vec<git2::Commit> = repo
        .head()
        .ok()
        .and_then(|h| h.peel_to_commit().ok())
        .into_iter()
        .collect();
    let parents: Vec<&git2::Commit> = parents.iter().collect();
    repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        message,
        &tree,
        &parents,
    )
    .unwrap()
}

/// Path → (kind, mode, sha256 of content) of a git tree, read independently of the server.
fn git_tree(repo: &git2::Repository, rev: &str) -> BTreeMap<String, (String, u64, String)> {
    let tree = repo.revparse_single(rev).unwrap().peel_to_tree().unwrap();
    let mut out = BTreeMap::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        let path = format!("{dir}{}", entry.name().unwrap());
        let value = match entry.kind() {
            Some(git2::ObjectType::Tree) => ("dir".to_owned(), 0o755, String::new()),
            _ => {
                let blob = repo.find_blob(entry.id()).unwrap();
                let (kind, mode) = match entry.filemode() {
                    0o120000 => ("symlink", 0o777),
                    0o100755 => ("file", 0o755),
                    _ => ("file", 0o644),
                };
                (kind.to_owned(), mode, sha256(blob.content()))
            }
        };
        out.insert(path, value);
        git2::TreeWalkResult::Ok
    })
    .unwrap();
    out
}

#[tokio::test]
async fn a_session_from_a_git_repository_has_its_tree_at_the_ref() {
    let dir = tempfile::tempdir().unwrap();
    let repo_dir = dir.path().join("repo");
    let repo = git2::Repository::init(&repo_dir).unwrap();
    let write = |path: &str, content: &str| {
        let full = repo_dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    };
    write("README.md", "# repo\n");
    write("src/lib.rs", "pub fn v1() {}\n");
    write("src/nested/deep/mod.rs", "// deep\n");
    write("scripts/build.sh", "#!/bin/sh\necho build\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            repo_dir.join("scripts/build.sh"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
        std::os::unix::fs::symlink("src/lib.rs", repo_dir.join("lib-link")).unwrap();
    }
    let first = git_commit(&repo, "first");
    repo.tag_lightweight("v1", &repo.find_object(first, None).unwrap(), false)
        .unwrap();
    write("src/lib.rs", "pub fn v2() {}\n");
    std::fs::remove_file(repo_dir.join("README.md")).unwrap();
    write("CHANGELOG.md", "v2\n");
    git_commit(&repo, "second");

    let mut config = Config::default();
    config.server.grpc_port = 0;
    config.server.http_port = 0;
    config.persistence.mode = PersistenceMode::Memory;
    config.workspaces.import_roots = vec![dir.path().to_str().unwrap().to_owned()];
    let server = Server::start(&config).await.expect("server starts");
    let api = Api::new(&format!("http://{}", server.http_addr()));
    for rev in ["v1", "HEAD"] {
        let session = api
            .post(
                "/v1/sessions",
                json!({ "from": { "kind": "git", "path": repo_dir.to_str().unwrap(), "ref": rev } }),
            )
            .await;
        let id = session["id"].as_str().unwrap();
        let manifest = api.get(&format!("/v1/sessions/{id}/manifest")).await;
        let got: BTreeMap<String, (String, u64, String)> = manifest["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let kind = e["kind"].as_str().unwrap().to_owned();
                let hash = if kind == "dir" {
                    String::new()
                } else {
                    e["hash"].as_str().unwrap().to_owned()
                };
                (
                    e["path"].as_str().unwrap().to_owned(),
                    (kind, e["mode"].as_u64().unwrap(), hash),
                )
            })
            .collect();
        assert_eq!(got, git_tree(&repo, rev), "tree at {rev}");
    }
    let (status, err) = api
        .call(
            Method::POST,
            "/v1/sessions",
            Some(json!({ "from": { "kind": "git", "path": repo_dir.to_str().unwrap(), "ref": "no-such-ref" } })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    server.shutdown();
}

/// Every mutation acknowledged before a SIGKILL is there after the restart (L2, SQLite); the
/// kill lands while writers are still sending.
#[tokio::test]
async fn acknowledged_workspace_mutations_survive_a_server_kill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let db = db.to_str().unwrap();
    let server = ServeProcess::start(&["--persistence", "state-action-log", "--db", db]);
    let api = Api::new(&server.http);
    let id = api.post("/v1/sessions", json!({ "id": "crash" })).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.ok(
        Method::PUT,
        &format!("/v1/sessions/{id}/cache/progress"),
        Some(json!({ "value": 100 })),
    )
    .await;
    let checkpoint = api
        .post(
            &format!("/v1/sessions/{id}/checkpoints"),
            json!({ "name": "early" }),
        )
        .await;

    // Four writers race each other until the server dies under them; each records what the
    // server acknowledged.
    let (acks_tx, mut acks_rx) = tokio::sync::mpsc::unbounded_channel::<(String, String)>();
    let mut writers = Vec::new();
    for w in 0..4 {
        let api = api.clone();
        let id = id.clone();
        let acks = acks_tx.clone();
        writers.push(tokio::spawn(async move {
            for i in 0..500 {
                let path = format!("w{w}/file-{i}.txt");
                let content = format!("writer {w} item {i}\n");
                let sent = api
                    .http
                    .put(api.url(&format!("/v1/sessions/{id}/files/{path}")))
                    .body(content.clone())
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status().is_success() => {
                        let _ = acks.send((path, sha256(content.as_bytes())));
                    }
                    _ => return,
                }
            }
        }));
    }
    drop(acks_tx);
    let mut acknowledged = Vec::new();
    while acknowledged.len() < 60 {
        let ack = within(
            "60 acknowledged writes",
            Duration::from_secs(60),
            acks_rx.recv(),
        )
        .await;
        acknowledged.push(ack.expect("writers run until the kill"));
    }
    server.kill();
    for writer in writers {
        writer.await.unwrap();
    }
    while let Some(ack) = acks_rx.recv().await {
        acknowledged.push(ack);
    }

    let restarted = ServeProcess::start(&["--persistence", "state-action-log", "--db", db]);
    let api = Api::new(&restarted.http);
    let (_, entries) = api.manifest(&id).await;
    for (path, hash) in &acknowledged {
        assert_eq!(
            entries.get(path),
            Some(hash),
            "{path} was acknowledged, then lost"
        );
    }
    assert_eq!(
        api.get(&format!("/v1/sessions/{id}/cache/progress")).await["value"],
        100
    );
    let checkpoints = api.get(&format!("/v1/sessions/{id}/checkpoints")).await;
    assert_eq!(checkpoints["checkpoints"][0]["id"], checkpoint["id"]);
    // The event log and the tree agree: one event per file that made it.
    let events = api
        .get(&format!("/v1/sessions/{id}/events?limit=1000"))
        .await;
    let written = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "file.written")
        .count();
    let files = entries.keys().filter(|p| p.contains("/file-")).count();
    assert_eq!(written, files);
    assert!(files >= acknowledged.len());
    // And the session takes new work after the restart.
    api.put_file(&id, "after-restart.txt", b"ok\n").await;
}
