//! A signal sent over the HTTP API reaches a workflow that waits on it without holding a worker
//! slot. The worker side drives the in-process engine directly (register, poll, wait, suspend,
//! complete), as the SDK does over gRPC, so the test depends on no SDK's signal support; the
//! signal goes through the server's real HTTP listener.

use std::time::Duration;

use aether_types::{EntryKind, EntryStatus, SignalWait, WaitKind, WorkflowStatus};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestEngine, next_task, start_on};

#[tokio::test]
async fn a_signal_sent_over_http_resumes_the_waiting_workflow_with_its_payload() {
    let test = TestEngine::start().await;
    let engine = test.server.engine().clone();
    let http = reqwest::Client::new();
    let base = format!("http://{}", test.server.http_addr());

    let worker = engine
        .register_worker(None, vec!["gate".into()], 1, vec![])
        .unwrap();
    let mut tasks = engine.poll(&worker).unwrap();
    let id = start_on(&engine, "gate").await;
    let (_, task) = next_task(&mut tasks, "the first dispatch").await;
    let wait = engine
        .wait_for_signal(&task, 0, "approved".into(), None)
        .await
        .unwrap();
    assert_eq!(wait, Ok(SignalWait::Waiting));
    // Nothing else in flight: the worker lets go of the workflow while it waits.
    assert_eq!(engine.suspend(&task).await.unwrap(), None);
    let status = engine.status(&id).await.unwrap();
    assert_eq!(status.row.wait, Some(WaitKind::Signal));
    assert!(
        status.row.lease.is_none(),
        "a waiting workflow holds no lease"
    );

    let signal = format!("{base}/v1/workflows/{id}/signals/approved");
    let body =
        json!({ "payload": { "by": "ana", "comment": "ship it" }, "idempotencyKey": "decision-1" });
    let response = http.post(&signal).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "duplicate": false })
    );

    // The signal re-dispatches the workflow with the wait resolved in its journal.
    let (resumed, resumed_task) = next_task(&mut tasks, "the dispatch after the signal").await;
    let entry = resumed
        .journal
        .iter()
        .find(|e| e.position == 0)
        .expect("the wait is in the journal");
    assert_eq!(
        (entry.kind, entry.status, entry.name.as_str()),
        (EntryKind::Signal, EntryStatus::Succeeded, "approved")
    );
    let payload: Value =
        serde_json::from_slice(entry.result.as_deref().unwrap_or_default()).unwrap();
    assert_eq!(payload, body["payload"]);

    // The same key again is accepted and not recorded a second time.
    let response = http.post(&signal).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "duplicate": true })
    );

    let result = entry.result.clone().unwrap_or_default();
    assert_eq!(
        engine
            .complete_workflow(&resumed_task, Ok(result.clone()))
            .await
            .unwrap(),
        None
    );
    let done = engine
        .await_result(&id, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(done.row.status, WorkflowStatus::Completed);
    assert_eq!(done.result, Some(result));

    // A finished workflow refuses further signals; an unknown one is not found.
    let response = http.post(&signal).json(&json!({})).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json::<Value>().await.unwrap()["code"],
        "failed_precondition"
    );
    let response = http
        .post(format!(
            "{base}/v1/workflows/no-such-workflow/signals/approved"
        ))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let received = engine
        .history(&id)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e.action, aether_types::Action::SignalReceived { .. }))
        .count();
    assert_eq!(
        received, 1,
        "the duplicate and the refused signal recorded nothing"
    );
}
