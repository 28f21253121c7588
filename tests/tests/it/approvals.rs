//! Approvals as people meet them: a real `aether serve`, a real worker process, and the `aether`
//! CLI deciding. A workflow waiting on an approval holds no worker slot; the decision resumes it
//! with who decided and why; denial and expiry are branches; a second decision is refused with
//! the first unchanged; cancelling the workflow cancels the approval; and the wait survives a
//! SIGKILL of the server (SQLite and PostgreSQL) and of the worker.

use std::{path::Path, process::Command, time::Duration};

use aether_sdk::Client;
use aether_tests::{lines, workspace_bin};
use serde_json::{Value, json};

use crate::{
    server_crash::Deployment,
    support::{ServeProcess, until_suspended_on, within},
    worker_crash::WorkerProcess,
};

const LONG: Duration = Duration::from_secs(60);

/// Runs the `aether` CLI against `server`; returns (success, stdout, stderr).
fn aether(server: &ServeProcess, args: &[&str]) -> (bool, String, String) {
    let output = Command::new(workspace_bin("aether"))
        .args(args)
        .args(["--server", &server.url])
        .output()
        .expect("aether runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn cli_json(server: &ServeProcess, args: &[&str]) -> Value {
    let (ok, stdout, stderr) = aether(server, args);
    assert!(ok, "aether {args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("aether {args:?} JSON: {e}: {stdout}"))
}

/// Starts a `gated` workflow and waits until it waits on its approval without a worker;
/// returns the approval's id.
async fn gated(client: &Client, id: &str, log: &Path, timeout_ms: Option<u64>) -> String {
    client
        .start_json(
            "gated",
            &json!({ "log": log, "reason": "deploy", "timeout_ms": timeout_ms }),
            Some(id),
        )
        .await
        .unwrap();
    let status = until_suspended_on(client, id, "approval").await;
    status
        .waits
        .iter()
        .find(|w| w.kind == aether_types::WaitKind::Approval)
        .map(|w| w.target.clone())
        .expect("the approval wait names its approval")
}

fn serve(dir: &Path) -> ServeProcess {
    let db = dir.join("aether.db");
    ServeProcess::start(&[
        "--persistence",
        "state-action-log",
        "--db",
        db.to_str().unwrap(),
    ])
}

#[tokio::test]
async fn a_waiting_workflow_holds_no_slot_and_the_cli_decides_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let client = Client::connect(&server.url).await.unwrap();
    let _worker = WorkerProcess::with_capacity(&server.url, "one-slot", 1);
    let log = dir.path().join("gate.log");
    let approval = gated(&client, "release-1", &log, None).await;

    // The only slot is free: another workflow runs to completion meanwhile.
    let other = client
        .start_json(
            "counting",
            &json!({ "log": dir.path().join("other.log"), "steps": 2 }),
            Some("meanwhile"),
        )
        .await
        .unwrap();
    let steps: u32 = within(
        "a workflow run while the first waits",
        LONG,
        client.result(&other),
    )
    .await
    .unwrap();
    assert_eq!(steps, 2);

    let (ok, status, _) = aether(&server, &["status", "release-1"]);
    assert!(ok);
    assert!(
        status.contains(&format!("waiting on approval {approval} (deploy) since")),
        "{status}"
    );
    let pending = cli_json(&server, &["approvals", "--state", "pending", "--json"]);
    let listed = pending
        .as_array()
        .or_else(|| pending["approvals"].as_array())
        .unwrap();
    assert_eq!(listed.len(), 1, "{pending}");
    assert_eq!(listed[0]["id"], approval.as_str());
    assert_eq!(listed[0]["workflowId"], "release-1");

    let (ok, _, stderr) = aether(
        &server,
        &[
            "approve",
            &approval,
            "--by",
            "ana",
            "--comment",
            "ship it",
            "--payload",
            r#"{"replicas":3}"#,
        ],
    );
    assert!(ok, "{stderr}");
    let decision: Value = within("the approved workflow", LONG, client.result("release-1"))
        .await
        .unwrap();
    assert_eq!(decision["outcome"], "approved");
    assert_eq!(decision["by"], "ana");
    assert_eq!(decision["comment"], "ship it");
    assert_eq!(decision["payload"], json!({ "replicas": 3 }));
    assert_eq!(lines(&log), ["before", "approved"]);

    // The first decision stands.
    let (ok, _, stderr) = aether(&server, &["deny", &approval, "--by", "bob"]);
    assert!(!ok, "a second decision must fail");
    assert!(stderr.contains("already approved"), "{stderr}");
    let record = cli_json(&server, &["approval", &approval, "--json"]);
    assert_eq!(
        (&record["state"], &record["decidedBy"]),
        (&json!("approved"), &json!("ana"))
    );

    // The history says who decided what, when and why; and shows each signal.
    let (ok, history, _) = aether(&server, &["history", "release-1"]);
    assert!(ok);
    for needle in [
        "approval_requested",
        "deploy",
        "approval_decided",
        "approved",
        "ana",
        "ship it",
    ] {
        assert!(
            history.contains(needle),
            "history lacks {needle:?}:\n{history}"
        );
    }
    client
        .start_json(
            "awaiting",
            &json!({ "log": dir.path().join("signal.log"), "name": "go" }),
            Some("signalled"),
        )
        .await
        .unwrap();
    let (ok, _, stderr) = aether(
        &server,
        &["signal", "signalled", "go", "--payload", r#"{"n":1}"#],
    );
    assert!(ok, "{stderr}");
    let payload: Value = within("the signalled workflow", LONG, client.result("signalled"))
        .await
        .unwrap();
    assert_eq!(payload, json!({ "n": 1 }));
    let history = cli_json(&server, &["history", "signalled", "--json"]);
    let kinds: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str().or_else(|| e["kind"].as_str()))
        .collect();
    assert!(kinds.contains(&"signal_received"), "{history}");
    assert!(kinds.contains(&"signal_delivered"), "{history}");
}

#[tokio::test]
async fn denial_and_expiry_take_their_branches_and_cancel_cancels_the_approval() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let client = Client::connect(&server.url).await.unwrap();
    let _worker = WorkerProcess::spawn(&server.url, "gates");

    let denied_log = dir.path().join("denied.log");
    let approval = gated(&client, "denied", &denied_log, None).await;
    let (ok, _, stderr) = aether(
        &server,
        &["deny", &approval, "--comment", "not on a Friday"],
    );
    assert!(ok, "{stderr}");
    let decision: Value = within("the denied workflow", LONG, client.result("denied"))
        .await
        .unwrap();
    assert_eq!(decision["outcome"], "denied");
    assert_eq!(decision["comment"], "not on a Friday");
    assert_eq!(lines(&denied_log), ["before", "denied"]);

    let expired_log = dir.path().join("expired.log");
    client
        .start_json(
            "gated",
            &json!({ "log": expired_log, "reason": "deploy", "timeout_ms": 300 }),
            Some("expired"),
        )
        .await
        .unwrap();
    let decision: Value = within("the expired workflow", LONG, client.result("expired"))
        .await
        .unwrap();
    assert_eq!(decision["outcome"], "expired");
    assert!(decision["by"].is_null());
    assert_eq!(lines(&expired_log), ["before", "expired"]);

    let approval = gated(
        &client,
        "cancelled",
        &dir.path().join("cancelled.log"),
        None,
    )
    .await;
    let (ok, _, stderr) = aether(&server, &["cancel", "cancelled"]);
    assert!(ok, "{stderr}");
    let cancelled = cli_json(&server, &["approvals", "--state", "cancelled", "--json"]);
    let listed = cancelled
        .as_array()
        .or_else(|| cancelled["approvals"].as_array())
        .unwrap();
    assert!(
        listed.iter().any(|a| a["id"] == approval.as_str()),
        "{cancelled}"
    );
    let (ok, _, _) = aether(&server, &["approve", &approval]);
    assert!(!ok, "a cancelled approval takes no decision");
}

/// A workflow waits on an approval when the server is SIGKILLed: after the restart the pending
/// approval is still listed, approving it completes the workflow, and the step before the wait
/// ran once.
async fn approval_wait_survives_a_server_kill(deployment: Deployment, dir: &Path) {
    let log = dir.join("gate.log");
    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let _worker = WorkerProcess::spawn(&server.url, "gate-worker");
    let approval = gated(&client, "crash-gate", &log, None).await;
    server.kill();

    let server = deployment.start();
    let http = reqwest::Client::new();
    let pending: Value = http
        .get(format!("{}/v1/approvals?state=pending", server.http))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = pending["approvals"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert_eq!(ids, [approval.as_str()], "{pending}");
    let response = http
        .post(format!("{}/v1/approvals/{approval}/approve", server.http))
        .json(&json!({ "by": "ana" }))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    let client = Client::connect(&server.url).await.unwrap();
    let decision: Value = within(
        "the workflow after the restart",
        LONG,
        client.result("crash-gate"),
    )
    .await
    .unwrap();
    assert_eq!(decision["outcome"], "approved");
    assert_eq!(lines(&log), ["before", "approved"], "a step ran twice");
}

#[tokio::test]
async fn l2_sqlite_approval_wait_survives_a_server_kill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    let deployment = Deployment::new("state-action-log", db.to_str().unwrap(), &[]);
    approval_wait_survives_a_server_kill(deployment, dir.path()).await;
}

#[tokio::test]
async fn l2_postgres_approval_wait_survives_a_server_kill() {
    let dir = tempfile::tempdir().unwrap();
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    let deployment = Deployment::new("state-action-log", &url, &[]);
    approval_wait_survives_a_server_kill(deployment, dir.path()).await;
}

#[tokio::test]
async fn a_decision_made_while_the_worker_is_dead_is_finished_by_another() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let client = Client::connect(&server.url).await.unwrap();
    let mut first = WorkerProcess::spawn(&server.url, "first");
    let log = dir.path().join("gate.log");
    let approval = gated(&client, "orphan", &log, None).await;
    first.kill();

    let (ok, _, stderr) = aether(&server, &["approve", &approval, "--by", "ana"]);
    assert!(ok, "{stderr}");
    let _second = WorkerProcess::spawn(&server.url, "second");
    let decision: Value = within(
        "the workflow finished by another worker",
        LONG,
        client.result("orphan"),
    )
    .await
    .unwrap();
    assert_eq!(decision["by"], "ana");
    assert_eq!(
        lines(&log),
        ["before", "approved"],
        "the step before the wait ran twice"
    );
}
