//! Approvals over the HTTP API, against a real server: a workflow asks, waits without holding a
//! worker, and resumes with the decision; the first decision wins (409 for the second, with the
//! approval as it stands); expiry and cancellation end an approval; an approval about a session
//! outside any workflow is waited on by id. The worker side drives the in-process engine directly,
//! as the SDKs do over gRPC, so these tests depend on no SDK.

use aether_types::{
    ApprovalRequest, ApprovalWait, Decision, EntryKind, EntryStatus, Evidence, Outcome, TaskRef,
    WaitKind,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestEngine, next_task, start_and_lease};

struct Harness {
    test: TestEngine,
    http: reqwest::Client,
    base: String,
}

impl Harness {
    async fn start() -> Self {
        let test = TestEngine::start().await;
        let base = format!("http://{}", test.server.http_addr());
        Self {
            test,
            http: reqwest::Client::new(),
            base,
        }
    }

    fn engine(&self) -> &aether_core::Engine {
        self.test.server.engine()
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (
            response.status(),
            response.json().await.unwrap_or(Value::Null),
        )
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        (
            response.status(),
            response.json().await.unwrap_or(Value::Null),
        )
    }
}

fn deploy(timeout_ms: Option<u64>) -> ApprovalRequest {
    ApprovalRequest {
        reason: "deploy.prod".into(),
        detail: "Ship **v2** to production?".into(),
        evidence: vec![Evidence::Url {
            url: "https://ci.example/run/7".into(),
            label: Some("CI run".into()),
        }],
        session_id: None,
        timeout_ms,
    }
}

/// The decision the journal holds at `position` of a dispatched task.
fn journaled_decision(task: &aether_core::Task, position: u32) -> Decision {
    let entry = task
        .journal
        .iter()
        .find(|e| e.position == position)
        .expect("the approval is in the journal");
    assert_eq!(
        (entry.kind, entry.status),
        (EntryKind::Approval, EntryStatus::Succeeded)
    );
    serde_json::from_slice(entry.result.as_deref().unwrap_or_default()).unwrap()
}

/// A worker that asks for an approval at position 0 and lets go of the workflow while it waits.
/// Each case uses its own workflow type, so that its worker is the only one that can take it.
async fn waiting_on_approval(
    h: &Harness,
    workflow_type: &str,
    timeout_ms: Option<u64>,
) -> (aether_types::WorkflowId, String, aether_core::TaskStream) {
    let engine = h.engine();
    let (id, task, tasks) = start_and_lease(engine, workflow_type).await;
    let wait = engine
        .request_approval(&task, 0, deploy(timeout_ms))
        .await
        .unwrap();
    let Ok(ApprovalWait::Waiting(approval)) = wait else {
        panic!("a new approval is pending, got {wait:?}");
    };
    assert_eq!(engine.suspend(&task).await.unwrap(), None);
    (id, approval.to_string(), tasks)
}

async fn finish(engine: &aether_core::Engine, task: &TaskRef) {
    assert_eq!(
        engine
            .complete_workflow(task, Ok(b"\"done\"".to_vec()))
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn an_approval_is_listed_decided_once_and_resumes_its_workflow() {
    let h = Harness::start().await;
    let (id, approval, mut tasks) = waiting_on_approval(&h, "release", None).await;
    let status = h.engine().status(&id).await.unwrap();
    assert_eq!(status.row.wait, Some(WaitKind::Approval));
    assert_eq!(status.waits[0].target, approval);
    assert!(
        status.row.lease.is_none(),
        "a waiting workflow holds no lease"
    );

    let (code, page) = h
        .get(&format!("/v1/approvals?state=pending&workflowId={id}"))
        .await;
    assert_eq!(code, StatusCode::OK);
    let listed = &page["approvals"][0];
    assert_eq!(listed["id"], approval.as_str());
    assert_eq!(listed["reason"], "deploy.prod");
    assert_eq!(listed["detail"], "Ship **v2** to production?");
    assert_eq!(listed["evidence"][0]["kind"], "url");
    assert_eq!(listed["position"], 0);
    assert_eq!(listed["state"], "pending");

    let decision = json!({ "by": "ana", "comment": "ship it", "payload": { "replicas": 3 } });
    let (code, approved) = h
        .post(&format!("/v1/approvals/{approval}/approve"), decision)
        .await;
    assert_eq!(code, StatusCode::OK, "{approved}");
    assert_eq!(approved["state"], "approved");
    assert_eq!(approved["decidedBy"], "ana");

    // The decision re-dispatches the workflow with it in the journal.
    let (resumed, task) = next_task(&mut tasks, "the dispatch after the approval").await;
    let journaled = journaled_decision(&resumed, 0);
    assert_eq!(journaled.outcome, Outcome::Approved);
    assert_eq!(journaled.by.as_deref(), Some("ana"));
    assert_eq!(journaled.comment.as_deref(), Some("ship it"));
    assert_eq!(journaled.payload, Some(json!({ "replicas": 3 })));

    // A second decision, either way, is refused and the first stands.
    for route in ["deny", "approve"] {
        let (code, error) = h
            .post(
                &format!("/v1/approvals/{approval}/{route}"),
                json!({ "by": "bob" }),
            )
            .await;
        assert_eq!(code, StatusCode::CONFLICT, "{error}");
        assert_eq!(error["code"], "conflict");
        assert_eq!(error["approval"]["state"], "approved");
        assert_eq!(error["approval"]["decidedBy"], "ana");
    }
    let (_, now) = h.get(&format!("/v1/approvals/{approval}")).await;
    assert_eq!(now["decidedBy"], "ana");

    finish(h.engine(), &task).await;
    let history = h.engine().history(&id).await.unwrap();
    let kinds: Vec<&str> = history.iter().map(|e| e.action.kind().as_str()).collect();
    assert!(kinds.contains(&"approval_requested"), "{kinds:?}");
    assert_eq!(
        kinds.iter().filter(|k| **k == "approval_decided").count(),
        1,
        "{kinds:?}"
    );
}

#[tokio::test]
async fn denial_and_expiry_are_outcomes_and_cancel_cancels_the_approval() {
    let h = Harness::start().await;

    let (_, denied, mut tasks) = waiting_on_approval(&h, "denied", None).await;
    let (code, _) = h
        .post(
            &format!("/v1/approvals/{denied}/deny"),
            json!({ "by": "ana", "comment": "not on a Friday" }),
        )
        .await;
    assert_eq!(code, StatusCode::OK);
    let (resumed, task) = next_task(&mut tasks, "the dispatch after the denial").await;
    let decision = journaled_decision(&resumed, 0);
    assert_eq!(
        (decision.outcome, decision.comment.as_deref()),
        (Outcome::Denied, Some("not on a Friday"))
    );
    finish(h.engine(), &task).await;

    // A short timeout: the engine expires it by itself.
    let (_, expiring, mut tasks) = waiting_on_approval(&h, "expiring", Some(200)).await;
    let (resumed, task) = next_task(&mut tasks, "the dispatch after the expiry").await;
    let decision = journaled_decision(&resumed, 0);
    assert_eq!((decision.outcome, decision.by), (Outcome::Expired, None));
    let (_, record) = h.get(&format!("/v1/approvals/{expiring}")).await;
    assert_eq!(record["state"], "expired");
    let (code, _) = h
        .post(&format!("/v1/approvals/{expiring}/approve"), json!({}))
        .await;
    assert_eq!(code, StatusCode::CONFLICT);
    finish(h.engine(), &task).await;

    let (id, cancelled, _tasks) = waiting_on_approval(&h, "cancelled", None).await;
    h.engine().cancel(&id, "not needed".into()).await.unwrap();
    let (_, record) = h.get(&format!("/v1/approvals/{cancelled}")).await;
    assert_eq!(record["state"], "cancelled");
    let (_, pending) = h.get("/v1/approvals?state=pending").await;
    assert_eq!(pending["approvals"], json!([]));
    let (code, error) = h
        .post(&format!("/v1/approvals/{cancelled}/approve"), json!({}))
        .await;
    assert_eq!(code, StatusCode::CONFLICT);
    assert_eq!(error["approval"]["state"], "cancelled");
}

#[tokio::test]
async fn a_workflow_waits_by_id_on_an_approval_about_a_session() {
    let h = Harness::start().await;
    let (code, session) = h.post("/v1/sessions", json!({})).await;
    assert_eq!(code, StatusCode::CREATED, "{session}");
    let session_id = session["id"].as_str().unwrap().to_owned();
    let (code, approval) = h
        .post(
            &format!("/v1/sessions/{session_id}/request-approval"),
            json!({
                "reason": "review",
                "detail": "Check the diff",
                "evidence": [{ "kind": "session", "sessionId": session_id, "revision": 0 }],
            }),
        )
        .await;
    assert_eq!(code, StatusCode::CREATED, "{approval}");
    assert_eq!(approval["sessionId"], session_id.as_str());
    assert!(approval.get("workflowId").is_none_or(Value::is_null));
    let approval_id = aether_types::ApprovalId::parse(approval["id"].as_str().unwrap()).unwrap();

    let engine = h.engine();
    let (_, task, mut tasks) = start_and_lease(engine, "merge").await;
    let wait = engine
        .wait_for_approval(&task, 0, &approval_id, None)
        .await
        .unwrap();
    assert_eq!(wait, Ok(ApprovalWait::Waiting(approval_id.clone())));
    engine.suspend(&task).await.unwrap();

    let (code, _) = h
        .post(
            &format!("/v1/approvals/{approval_id}/approve"),
            json!({ "by": "lee" }),
        )
        .await;
    assert_eq!(code, StatusCode::OK);
    let (resumed, task) = next_task(&mut tasks, "the dispatch after the approval").await;
    let decision = journaled_decision(&resumed, 0);
    assert_eq!(
        (decision.outcome, decision.by.as_deref()),
        (Outcome::Approved, Some("lee"))
    );
    finish(engine, &task).await;

    // Bad input changes nothing and says why.
    let cases = [
        (
            "/v1/sessions/no-such-session/request-approval",
            json!({ "reason": "review" }),
            StatusCode::NOT_FOUND,
        ),
        (
            &format!("/v1/sessions/{session_id}/request-approval"),
            json!({ "reason": "has spaces" }),
            StatusCode::BAD_REQUEST,
        ),
        (
            &format!("/v1/sessions/{session_id}/request-approval"),
            json!({ "reason": "ok", "colour": "blue" }),
            StatusCode::BAD_REQUEST,
        ),
        (
            "/v1/approvals/00000000-0000-4000-8000-000000000000/approve",
            json!({}),
            StatusCode::NOT_FOUND,
        ),
        (
            "/v1/approvals/not-a-uuid/deny",
            json!({}),
            StatusCode::BAD_REQUEST,
        ),
        (
            &format!("/v1/approvals/{approval_id}/approve"),
            json!({ "by": "x".repeat(300) }),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (path, body, expected) in cases {
        let (code, error) = h.post(path, body).await;
        assert_eq!(code, expected, "{path}: {error}");
        assert!(error["code"].is_string(), "{path}: {error}");
    }
    let (code, _) = h.get("/v1/approvals?state=maybe").await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
    let (_, all) = h
        .get(&format!("/v1/approvals?sessionId={session_id}"))
        .await;
    assert_eq!(all["approvals"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn listings_page_with_a_cursor() {
    let h = Harness::start().await;
    let (_, session) = h.post("/v1/sessions", json!({})).await;
    let session_id = session["id"].as_str().unwrap().to_owned();
    let mut requested = Vec::new();
    for i in 0..5 {
        let (_, approval) = h
            .post(
                &format!("/v1/sessions/{session_id}/request-approval"),
                json!({ "reason": format!("step-{i}") }),
            )
            .await;
        requested.push(approval["id"].as_str().unwrap().to_owned());
    }
    let mut seen = Vec::new();
    let mut cursor = String::new();
    for _ in 0..10 {
        let (code, page) = h
            .get(&format!("/v1/approvals?limit=2&cursor={cursor}"))
            .await;
        assert_eq!(code, StatusCode::OK);
        let approvals = page["approvals"].as_array().unwrap();
        assert!(approvals.len() <= 2);
        seen.extend(
            approvals
                .iter()
                .map(|a| a["id"].as_str().unwrap().to_owned()),
        );
        match page["nextCursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
    }
    seen.sort();
    requested.sort();
    assert_eq!(seen, requested, "each approval once, over the pages");
}
