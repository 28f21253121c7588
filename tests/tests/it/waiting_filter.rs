//! `aether workflow list --waiting KIND` and `ListOptions.waiting` list the running workflows
//! whose current wait is of that kind. The waits are made by driving the in-process engine as a
//! worker would (no SDK support for signals is needed), then listed over gRPC by the Rust client
//! and by the CLI binary.

use std::time::Duration;

use aether_core::Engine;
use aether_sdk::{ListOptions, WaitKind};
use aether_tests::workspace_bin;
use aether_types::{SignalWait, WorkflowId};

use crate::support::{TestEngine, next_task, start_on, within};

/// Starts a `gate` workflow, takes its task from `tasks`, and leaves it waiting: on a signal
/// when `signal`, else on a one-hour sleep. The worker suspends it, so it holds no slot.
async fn waiting_workflow(
    engine: &Engine,
    tasks: &mut aether_core::TaskStream,
    signal: bool,
) -> WorkflowId {
    let id = start_on(engine, "gate").await;
    let (_, task) = next_task(tasks, "the dispatch").await;
    assert_eq!(task.workflow_id, id);
    if signal {
        let wait = engine
            .wait_for_signal(&task, 0, "go".into(), None)
            .await
            .unwrap();
        assert_eq!(wait, Ok(SignalWait::Waiting));
    } else {
        let stop = engine
            .schedule_timer(&task, 0, "nap".into(), 3_600_000)
            .await
            .unwrap();
        assert_eq!(stop, None);
    }
    assert_eq!(engine.suspend(&task).await.unwrap(), None);
    id
}

#[tokio::test]
async fn listings_filter_on_what_a_workflow_waits_on() {
    let test = TestEngine::start().await;
    let engine = test.server.engine().clone();
    let worker = engine
        .register_worker(None, vec!["gate".into()], 1, vec![])
        .unwrap();
    let mut tasks = engine.poll(&worker).unwrap();
    let older_signal = waiting_workflow(&engine, &mut tasks, true).await;
    let sleeping = waiting_workflow(&engine, &mut tasks, false).await;
    let newer_signal = waiting_workflow(&engine, &mut tasks, true).await;

    let client = test.client().await;
    let listed = |waiting| {
        let client = client.clone();
        async move {
            client
                .list(&ListOptions {
                    waiting,
                    ..ListOptions::default()
                })
                .await
                .unwrap()
                .into_iter()
                .map(|w| w.workflow_id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        listed(Some(WaitKind::Signal)).await,
        [newer_signal.to_string(), older_signal.to_string()]
    );
    assert_eq!(listed(Some(WaitKind::Timer)).await, [sleeping.to_string()]);
    assert!(listed(Some(WaitKind::Approval)).await.is_empty());
    assert_eq!(listed(None).await.len(), 3);

    // Asynchronously: the engine under test answers the CLI on this test's runtime thread.
    let cli = |kind: &str| {
        tokio::process::Command::new(workspace_bin("aether"))
            .args(["workflow", "list", "--waiting", kind, "--json"])
            .args(["--server", &test.url])
            .output()
    };
    let out = within("the CLI", Duration::from_secs(30), cli("signal"))
        .await
        .expect("aether runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON list");
    let ids: Vec<&str> = json
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|w| w["workflow_id"].as_str())
        .collect();
    assert_eq!(ids, [newer_signal.as_str(), older_signal.as_str()]);
    let out = within("the CLI", Duration::from_secs(30), cli("meditation"))
        .await
        .expect("aether runs");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("meditation"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
