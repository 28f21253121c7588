//! A worker process killed with SIGKILL mid-workflow; another finishes the workflow, and
//! completed steps do not run again.

use std::time::Duration;

pub use aether_tests::process::WorkerProcess;
use aether_tests::{count, lines};
use serde_json::json;

use crate::support::{TestEngine, eventually, within};

#[tokio::test]
async fn killed_worker_process_is_replaced_and_completed_steps_run_once() {
    let engine = TestEngine::with_heartbeat_timeout(Duration::from_millis(1000)).await;
    let client = engine.client().await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("effects.log");

    let mut first = WorkerProcess::spawn(&engine.url, "worker-a");
    let id = client
        .start_json(
            "counting",
            &json!({ "log": log, "steps": 5, "block_at": 3 }),
            Some("crash-me"),
        )
        .await
        .unwrap();
    eventually(
        "steps 1-2 done and step 3 running on worker-a",
        Duration::from_secs(30),
        || async { (count(&log.with_extension("started"), "step3") == 1).then_some(()) },
    )
    .await;
    first.kill();

    let _second = WorkerProcess::spawn(&engine.url, "worker-b");
    // Step 3 may now run to completion (on worker-b, after worker-a's lease expires).
    std::fs::write(log.with_extension("go"), b"").unwrap();
    let result: u32 = within(
        "the workflow to finish on worker-b",
        Duration::from_secs(30),
        client.result(&id),
    )
    .await
    .unwrap();
    assert_eq!(result, 5);

    let effects = lines(&log);
    for step in ["step1", "step2", "step3", "step4", "step5"] {
        assert_eq!(
            count(&log, step),
            1,
            "{step} ran {} times: {effects:?}",
            count(&log, step)
        );
    }
    assert_eq!(effects.len(), 5, "{effects:?}");
    // Step 3 was in flight when worker-a died: it started again on worker-b (at-least-once).
    assert_eq!(count(&log.with_extension("started"), "step3"), 2);
    let history = client.history(&id).await.unwrap();
    let completed = history
        .iter()
        .filter(|h| h.action == "step_completed")
        .count();
    assert_eq!(completed, 5, "each step is journaled exactly once");
}
