//! The server killed with SIGKILL and restarted on the same database: what each tier promises
//! survives. The worker is a separate process that rides out the restart.

use std::{path::Path, time::Duration};

use aether_sdk::{Client, HistoryEntry, WorkflowStatus};
use aether_tests::{count, lines};
use serde_json::json;

use crate::{
    support::{ServeProcess, eventually, free_port, within},
    worker_crash::WorkerProcess,
};

const LONG: Duration = Duration::from_secs(60);

/// Serve arguments for a database on a fixed port, so that a restart comes back at the same
/// address the worker keeps calling.
pub(crate) struct Deployment {
    port: String,
    args: Vec<String>,
}

impl Deployment {
    pub(crate) fn new(persistence: &str, db: &str, extra: &[&str]) -> Self {
        let port = free_port().to_string();
        let mut args: Vec<String> = [
            "--persistence",
            persistence,
            "--db",
            db,
            "--heartbeat-timeout-ms",
            "5000",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        Self { port, args }
    }

    pub(crate) fn start(&self) -> ServeProcess {
        let mut args: Vec<&str> = vec!["--grpc-port", &self.port];
        args.extend(self.args.iter().map(String::as_str));
        ServeProcess::start(&args)
    }
}

fn gapless(history: &[HistoryEntry]) -> bool {
    history
        .iter()
        .enumerate()
        .all(|(i, h)| h.seq == i as u64 + 1)
}

async fn five_steps_survive_a_kill_after_the_third(deployment: Deployment, dir: &Path) {
    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let _worker = WorkerProcess::spawn(&server.url, "crash-worker");
    let log = dir.join("effects.log");
    let id = client
        .start_json(
            "counting",
            &json!({ "log": log, "steps": 5, "block_at": 4 }),
            Some("five-steps"),
        )
        .await
        .unwrap();
    // Step 4 only starts once step 3 was acknowledged.
    eventually("step 3 acknowledged", LONG, || async {
        (count(&log.with_extension("started"), "step4") == 1).then_some(())
    })
    .await;
    assert_eq!(lines(&log), ["step1", "step2", "step3"]);
    server.kill();

    let server = deployment.start();
    std::fs::write(log.with_extension("go"), b"").unwrap();
    let client = Client::connect(&server.url).await.unwrap();
    let result: u32 = within("the workflow after the restart", LONG, client.result(&id))
        .await
        .unwrap();
    assert_eq!(result, 5);
    assert_eq!(lines(&log), ["step1", "step2", "step3", "step4", "step5"]);
    let history = client.history(&id).await.unwrap();
    assert!(gapless(&history));
    assert_eq!(
        history
            .iter()
            .filter(|h| h.action == "step_completed")
            .count(),
        5
    );
}

#[tokio::test]
async fn l2_sqlite_keeps_every_acknowledged_step_through_a_server_kill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    five_steps_survive_a_kill_after_the_third(
        Deployment::new("state-action-log", db.to_str().unwrap(), &[]),
        dir.path(),
    )
    .await;
}

#[tokio::test]
async fn l2_postgres_keeps_every_acknowledged_step_through_a_server_kill() {
    let dir = tempfile::tempdir().unwrap();
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    five_steps_survive_a_kill_after_the_third(
        Deployment::new("state-action-log", &url, &[]),
        dir.path(),
    )
    .await;
}

#[tokio::test]
async fn l2_two_hundred_workflows_in_flight_survive_a_server_kill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    let deployment = Deployment::new("state-action-log", db.to_str().unwrap(), &[]);
    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let _worker = WorkerProcess::spawn(&server.url, "busy-worker");
    let logs: Vec<_> = (0..200)
        .map(|i| dir.path().join(format!("wf-{i}.log")))
        .collect();
    let mut ids = Vec::new();
    for (i, log) in logs.iter().enumerate() {
        let job = json!({ "log": log, "steps": 5, "step_ms": 40 });
        ids.push(
            client
                .start_json("counting", &job, Some(&format!("wf-{i}")))
                .await
                .unwrap(),
        );
    }
    // Kill while the workflows are mid-way: some steps done, none finished all five.
    eventually("progress before the kill", LONG, || async {
        let done: usize = logs.iter().map(|l| lines(l).len()).sum();
        (done >= 200).then_some(())
    })
    .await;
    server.kill();

    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let results = within(
        "all 200 workflows",
        LONG,
        futures::future::join_all(ids.iter().map(|id| client.wait_for(id))),
    )
    .await;
    for (i, (result, log)) in results.into_iter().zip(&logs).enumerate() {
        let status = result.unwrap();
        assert_eq!(status.status, WorkflowStatus::Completed, "wf-{i}");
        assert_eq!(
            lines(log),
            ["step1", "step2", "step3", "step4", "step5"],
            "wf-{i} ran a step twice or skipped one"
        );
        let history = client.history(&status.workflow_id).await.unwrap();
        assert!(gapless(&history), "wf-{i}: {history:?}");
        let steps = history
            .iter()
            .filter(|h| h.action == "step_completed")
            .count();
        let ends = history
            .iter()
            .filter(|h| h.action == "workflow_completed")
            .count();
        assert_eq!((steps, ends), (5, 1), "wf-{i}");
    }
    assert_eq!(
        client.list(&Default::default()).await.unwrap().len(),
        200,
        "no workflow ran twice"
    );
}

#[tokio::test]
async fn l2_sleep_spanning_a_restart_fires_once_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    let deployment = Deployment::new("state-action-log", db.to_str().unwrap(), &[]);
    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let _worker = WorkerProcess::spawn(&server.url, "sleepy-worker");
    let log = dir.path().join("sleep.log");
    let started = std::time::Instant::now();
    let id = client
        .start_json("sleeper", &json!({ "log": log, "seconds": 5 }), Some("nap"))
        .await
        .unwrap();
    eventually("the timer to be set", LONG, || async {
        (client.status(&id).await.ok()?.waiting_on.as_deref() == Some("timer")).then_some(())
    })
    .await;
    server.kill();
    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let slept: i64 = within("the sleeper after the restart", LONG, client.result(&id))
        .await
        .unwrap();
    assert!(slept >= 5000, "woke after {slept} ms");
    assert!(started.elapsed() >= Duration::from_secs(5));
    assert_eq!(count(&log, "woke"), 1);
    let history = client.history(&id).await.unwrap();
    let fired = history.iter().filter(|h| h.action == "timer_fired").count();
    assert_eq!(fired, 1, "{history:?}");
    assert!(gapless(&history));
}

/// README: at L1, the state of the last snapshot survives; what was acknowledged in the last
/// `snapshot_interval_ms` (plus the time to write that snapshot) may be lost.
#[tokio::test]
async fn l1_snapshot_loses_at_most_the_last_interval() {
    const INTERVAL_MS: i64 = 300;
    // How long writing one snapshot may take on a loaded machine.
    const WRITE_SLACK_MS: i64 = 1000;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    let deployment = Deployment::new(
        "snapshot",
        db.to_str().unwrap(),
        &["--snapshot-interval-ms", &INTERVAL_MS.to_string()],
    );
    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let mut worker = WorkerProcess::spawn(&server.url, "l1-worker");
    let log = dir.path().join("effects.log");
    let id = client
        .start_json(
            "counting",
            &json!({ "log": log, "steps": 40, "step_ms": 100 }),
            Some("l1"),
        )
        .await
        .unwrap();
    // Long enough that some steps are older than the bound when the server dies.
    eventually("25 steps done", LONG, || async {
        (lines(&log).len() >= 25).then_some(())
    })
    .await;
    let before = client.history(&id).await.unwrap();
    let killed_at = aether_types::now_millis();
    server.kill();
    worker.kill();

    // No worker while we look: the recovered history is exactly what the snapshot held.
    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let after = client.history(&id).await.unwrap();
    assert!(after.len() <= before.len());
    assert_eq!(
        after,
        before[..after.len()],
        "the snapshot is a prefix of what was acknowledged"
    );
    let bound = killed_at - INTERVAL_MS - WRITE_SLACK_MS;
    let must_survive = before.iter().filter(|h| h.at_ms <= bound).count();
    assert!(
        must_survive >= 5,
        "the run before the kill was too short to test the bound"
    );
    assert!(
        after.len() >= must_survive,
        "lost actions older than the bound: kept {} of {must_survive}",
        after.len()
    );

    let _worker = WorkerProcess::spawn(&server.url, "l1-worker-2");
    let result: u32 = within("the workflow after the restart", LONG, client.result(&id))
        .await
        .unwrap();
    assert_eq!(result, 40);
    // Steps recorded before the bound never ran again; only lost ones could.
    for h in before
        .iter()
        .filter(|h| h.action == "step_completed" && h.at_ms <= bound)
    {
        let step = h.name.replace("step-", "step");
        assert_eq!(
            count(&log, &step),
            1,
            "{step} re-ran although it was in the snapshot"
        );
    }
}
