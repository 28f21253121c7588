//! Workspace activities (`ctx.workspace()`): run by the engine, journaled like steps, and applied
//! to the session exactly once, through server kills at random moments (SQLite and PostgreSQL
//! at L2), a worker killed mid-workflow, and replays; a changed call is a non-determinism
//! error; and a 10 MB file leaves only a hash and a digest in the history.

use std::{collections::BTreeMap, time::Duration};

use aether_sdk::Client;
use aether_types::{
    StopReason, WorkflowStatus,
    workspace::{Activity, CreateSession},
};
use serde_json::{Value, json};

use crate::{
    server_crash::Deployment,
    support::{TestEngine, eventually, start_and_lease, within},
    worker_crash::WorkerProcess,
};

const LONG: Duration = Duration::from_secs(120);

/// The HTTP API, to watch the session from outside the workflow.
struct Http {
    client: reqwest::Client,
    base: String,
}

impl Http {
    fn new(base: &str) -> Self {
        Self {
            client: reqwest::Client::new(),
            base: base.to_owned(),
        }
    }

    async fn get(&self, path: &str) -> Option<Value> {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .ok()?;
        response.status().is_success().then_some(())?;
        response.json().await.ok()
    }

    /// The one session the scribe made, once it exists.
    async fn session(&self) -> Option<String> {
        let listed = self.get("/v1/sessions").await?;
        listed["sessions"][0]["id"].as_str().map(str::to_owned)
    }

    async fn events(&self, session: &str) -> Vec<Value> {
        let page = self
            .get(&format!("/v1/sessions/{session}/events?limit=1000"))
            .await
            .unwrap_or(Value::Null);
        page["events"].as_array().cloned().unwrap_or_default()
    }
}

/// How many of the session's events each workflow position made.
fn events_per_position(events: &[Value], workflow: &str) -> BTreeMap<u64, usize> {
    let mut counts = BTreeMap::new();
    for event in events {
        let made_by = &event["detail"]["workflow"];
        if made_by["id"] == workflow
            && let Some(position) = made_by["position"].as_u64()
        {
            *counts.entry(position).or_default() += 1;
        }
    }
    counts
}

/// After the scribe finished: every one of its `activities` calls changed the session exactly
/// once, the revision counts each tree change once, and the compare-and-sets ran once each.
async fn assert_exactly_once(http: &Http, client: &Client, workflow: &str, activities: u64) {
    let result: Value = within("the scribe's result", LONG, client.result(workflow))
        .await
        .unwrap();
    let session = result["session"].as_str().unwrap();
    let events = http.events(session).await;
    let counts = events_per_position(&events, workflow);
    assert_eq!(
        counts.len() as u64,
        activities,
        "every call left an event: {counts:?}"
    );
    assert!(
        counts.values().all(|n| *n == 1),
        "a call applied twice: {counts:?}"
    );
    let created = events[0]["revision"].as_u64().unwrap();
    let now = http.get(&format!("/v1/sessions/{session}")).await.unwrap();
    assert_eq!(
        now["revision"].as_u64().unwrap(),
        created + result["mutations"].as_u64().unwrap(),
        "the revision counts each tree change once"
    );
    let counter = http
        .get(&format!("/v1/sessions/{session}/cache/counter"))
        .await
        .unwrap();
    assert_eq!(counter["version"], result["swaps"], "{counter}");
    assert_eq!(counter["value"], result["swaps"], "{counter}");
    let history = client.history(workflow).await.unwrap();
    assert_eq!(
        history
            .iter()
            .filter(|h| h.action == "workspace_activity")
            .count() as u64,
        activities,
        "each call journaled once"
    );
}

/// The scribe makes 50 workspace calls while the server is SIGKILLed `kills` times, each time
/// once the session has moved on since the last restart.
async fn exactly_once_through_server_kills(deployment: Deployment, kills: usize) {
    const ACTIVITIES: u64 = 50;
    let mut server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let _worker = WorkerProcess::spawn(&server.url, "scribe");
    client
        .start_json(
            "scribe",
            &json!({ "activities": ACTIVITIES, "pause_ms": 25 }),
            Some("scribe"),
        )
        .await
        .unwrap();
    let mut seen = 0;
    let mut killed = 0;
    while killed < kills {
        let http = Http::new(&server.http);
        let progress = eventually("the session to move on", LONG, || async {
            let session = http.session().await?;
            let count = http.events(&session).await.len();
            (count > seen).then_some(count)
        })
        .await;
        seen = progress;
        if seen as u64 >= ACTIVITIES {
            break;
        }
        server.kill();
        killed += 1;
        server = deployment.start();
    }
    assert!(
        killed >= kills,
        "only {killed} kills before the workflow ended"
    );
    let client = Client::connect(&server.url).await.unwrap();
    assert_exactly_once(&Http::new(&server.http), &client, "scribe", ACTIVITIES).await;
}

#[tokio::test]
async fn l2_sqlite_workspace_activities_apply_once_through_server_kills() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    let deployment = Deployment::new("state-action-log", db.to_str().unwrap(), &[]);
    exactly_once_through_server_kills(deployment, 10).await;
}

#[tokio::test]
async fn l2_postgres_workspace_activities_apply_once_through_server_kills() {
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    let deployment = Deployment::new("state-action-log", &url, &[]);
    exactly_once_through_server_kills(deployment, 10).await;
}

#[tokio::test]
async fn a_worker_killed_after_ten_calls_is_replaced_and_nothing_applies_twice() {
    const ACTIVITIES: u64 = 30;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    let deployment = Deployment::new("state-action-log", db.to_str().unwrap(), &[]);
    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let http = Http::new(&server.http);
    let mut first = WorkerProcess::spawn(&server.url, "first");
    client
        .start_json(
            "scribe",
            &json!({ "activities": ACTIVITIES, "pause_ms": 40 }),
            Some("scribe"),
        )
        .await
        .unwrap();
    eventually("ten calls", LONG, || async {
        let session = http.session().await?;
        (http.events(&session).await.len() >= 10).then_some(())
    })
    .await;
    first.kill();
    let _second = WorkerProcess::spawn(&server.url, "second");
    assert_exactly_once(&http, &client, "scribe", ACTIVITIES).await;
}

/// A blank session, created by the workflow's first call (position 0); its id.
async fn create_session(engine: &aether_core::Engine, task: &aether_types::TaskRef) -> String {
    let created = engine
        .workspace_activity(
            task,
            0,
            Activity::Create {
                request: CreateSession::blank(),
            },
            vec![],
        )
        .await
        .unwrap()
        .unwrap();
    created.outcome.unwrap()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_changed_call_at_a_journaled_position_is_non_deterministic() {
    let test = TestEngine::start().await;
    let engine = test.server.engine().clone();
    let (id, task, _tasks) = start_and_lease(&engine, "editor").await;
    let session = create_session(&engine, &task).await;
    let write = |path: &str| Activity::Write {
        session_id: session.clone(),
        path: path.into(),
        mode: None,
        expected_revision: None,
    };
    let first = engine
        .workspace_activity(&task, 1, write("a.txt"), b"one".to_vec())
        .await
        .unwrap()
        .unwrap();
    // The same call again (a repeated report) gets the journaled outcome.
    let again = engine
        .workspace_activity(&task, 1, write("a.txt"), b"one".to_vec())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again, first);
    // Other bytes for the same path are another call.
    let changed = engine
        .workspace_activity(&task, 1, write("a.txt"), b"two".to_vec())
        .await
        .unwrap();
    assert_eq!(changed, Err(StopReason::Closed));
    let status = engine.status(&id).await.unwrap();
    assert_eq!(status.row.status, WorkflowStatus::Failed);
    let failure = status.failure.unwrap();
    assert!(
        failure.message.contains("non-deterministic")
            && failure.message.contains("workspace.write"),
        "{}",
        failure.message
    );
}

#[tokio::test]
async fn a_ten_megabyte_write_adds_less_than_a_kilobyte_to_the_history() {
    let test = TestEngine::start().await;
    let engine = test.server.engine().clone();
    let (id, task, _tasks) = start_and_lease(&engine, "big").await;
    let session = create_session(&engine, &task).await;
    let size = |history: &[aether_types::HistoryEvent]| serde_json::to_vec(history).unwrap().len();
    let before = size(&engine.history(&id).await.unwrap());
    let big: Vec<u8> = (0..10 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    let write = Activity::Write {
        session_id: session.clone(),
        path: "data.bin".into(),
        mode: None,
        expected_revision: None,
    };
    engine
        .workspace_activity(&task, 1, write, big.clone())
        .await
        .unwrap()
        .unwrap();
    let read = engine
        .workspace_activity(
            &task,
            2,
            Activity::Read {
                session_id: session.clone(),
                path: "data.bin".into(),
            },
            vec![],
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.content.as_deref(), Some(&big[..]));
    let after = size(&engine.history(&id).await.unwrap());
    assert!(
        after - before < 1024,
        "a 10 MB write and read grew the history by {} bytes",
        after - before
    );
    // A replayed read gets the same bytes, by the hash the journal kept.
    let replayed = engine
        .workspace_activity(
            &task,
            2,
            Activity::Read {
                session_id: session,
                path: "data.bin".into(),
            },
            vec![],
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(replayed.content.as_deref(), Some(&big[..]));
}

/// `ctx.request_approval` about a session pins the revision under review as evidence, read with
/// a journaled call, and `ctx.workspace()` resolves annotations and deletes cache keys.
#[tokio::test]
async fn an_approval_about_a_session_pins_its_revision() {
    use aether_sdk::{ApprovalRequest, Evidence, Worker, WorkflowContext, workflow};
    let test = TestEngine::start().await;
    let client = test.client().await;
    let wf = workflow("reviewed", |ctx: WorkflowContext, _: ()| async move {
        let ws = ctx.workspace();
        let session = ws.create(CreateSession::blank()).await?.id;
        ws.write(&session, "a.txt", "one", None).await?;
        let note = ws
            .annotate(
                &session,
                aether_types::workspace::NewAnnotation {
                    path: "a.txt".into(),
                    author: "bot".into(),
                    body: "check me".into(),
                    ..Default::default()
                },
            )
            .await?;
        ws.resolve(&session, &note.id, true).await?;
        ws.cache_put(&session, "k", json!(1), Some(0)).await?;
        ws.cache_delete(&session, "k", Some(1)).await?;
        let decision = ctx
            .request_approval(ApprovalRequest {
                reason: "review".into(),
                session_id: Some(session.clone()),
                ..Default::default()
            })
            .await?;
        Ok::<_, aether_sdk::Error>(json!({ "session": session, "outcome": decision.outcome }))
    });
    let worker = Worker::new(&client).register(&wf).spawn();
    let id = client.start(&wf, &()).await.unwrap();
    let approval = eventually("the approval", LONG, || async {
        let (pending, _) = client
            .approvals()
            .list(&aether_sdk::ApprovalListOptions {
                workflow_id: Some(id.clone()),
                ..Default::default()
            })
            .await
            .ok()?;
        pending.into_iter().next()
    })
    .await;
    let session = approval.request.session_id.clone().unwrap();
    let revision = client.workspace().session(&session).await.unwrap().revision;
    assert_eq!(
        approval.request.evidence,
        vec![Evidence::Session {
            session_id: session.clone(),
            revision: Some(revision),
        }]
    );
    client
        .approvals()
        .approve(&approval.id, Default::default())
        .await
        .unwrap();
    let result: Value = within("the reviewed workflow", LONG, client.result(&id))
        .await
        .unwrap();
    assert_eq!(result["outcome"], "approved");
    let notes = client.workspace().list_annotations(&session).await.unwrap();
    assert!(notes[0].resolved);
    assert!(client.workspace().cache_get(&session, "k").await.is_err());
    worker.shutdown().await;
}
