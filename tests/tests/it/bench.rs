//! `aether bench` at a tiny size, so that it cannot rot: it runs, and its figures are sane.

use std::process::Command;

use aether_tests::workspace_bin;
use serde_json::Value;

fn bench(args: &[&str]) -> Value {
    let out = Command::new(workspace_bin("aether"))
        .args(["bench", "--workflows", "20", "--concurrency", "4", "--json"])
        .args(args)
        .output()
        .expect("aether bench runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

fn check(report: &Value, persistence: &str, backend: &str) {
    assert_eq!(report["persistence"], persistence);
    assert_eq!(report["backend"], backend);
    assert_eq!(report["workflows"], 20);
    assert_eq!(report["steps"], 3);
    let latency = &report["latency_ms"];
    let p50 = latency["p50"].as_f64().unwrap();
    let p99 = latency["p99"].as_f64().unwrap();
    assert!(
        p50 > 0.0 && p50 <= p99 && p99 <= latency["max"].as_f64().unwrap(),
        "{latency}"
    );
    let throughput = &report["throughput"];
    let per_sec = throughput["workflows_per_sec"].as_f64().unwrap();
    assert!(per_sec > 0.0, "{throughput}");
    let steps = throughput["steps_per_sec"].as_f64().unwrap();
    assert!((steps - per_sec * 3.0).abs() < 1.0, "{throughput}");
    let server = &report["server"];
    assert!(server["peak_rss_mb"].as_f64().unwrap() > 1.0, "{server}");
    assert!(server["rss_mb"].as_f64().unwrap() > 1.0, "{server}");
    assert!(server["cpu_seconds"].as_f64().unwrap() > 0.0, "{server}");
}

#[test]
fn bench_reports_latency_throughput_and_server_figures_in_memory() {
    let report = bench(&[]);
    check(&report, "memory", "memory");
    assert_eq!(report["secure"], false);
}

#[test]
fn secure_bench_runs_over_tls_with_a_key_across_a_restart() {
    // The server admits only the run's key over TLS: the workload and the restarted server
    // (started again with the same certificate and key) finish only if every call carries both.
    let report = bench(&[
        "--secure",
        "--persistence",
        "state-action-log",
        "--restart-with",
        "3",
    ]);
    check(&report, "state-action-log", "sqlite");
    assert_eq!(report["secure"], true);
    assert_eq!(report["restart"]["workflows_running"], 3, "{report}");
}

#[test]
fn bench_runs_against_the_durable_tier() {
    check(
        &bench(&["--persistence", "state-action-log"]),
        "state-action-log",
        "sqlite",
    );
}

#[test]
fn workspace_bench_reports_fork_checkpoint_and_write_times_per_tree_shape() {
    let figures = bench(&[
        "--persistence",
        "state-action-log",
        "--workspace",
        "10x100,300x100",
        "--workspace-rounds",
        "3",
    ]);
    let shapes = figures.as_array().expect("one entry per shape");
    assert_eq!(shapes.len(), 2);
    assert_eq!(
        (shapes[0]["files"].as_u64(), shapes[1]["files"].as_u64()),
        (Some(10), Some(300))
    );
    for shape in shapes {
        for figure in [
            "fork_p50_ms",
            "fork_p99_ms",
            "checkpoint_p50_ms",
            "checkpoint_p99_ms",
            "write_p50_ms",
        ] {
            assert!(shape[figure].as_f64().unwrap() > 0.0, "{figure}: {shape}");
        }
        assert!(
            shape["fork_p50_ms"].as_f64() <= shape["fork_p99_ms"].as_f64(),
            "{shape}"
        );
    }
}

/// `--preload-only` writes real workflows: on a server started on that database the finished
/// ones are served, and a signal resumes a waiting one like any other.
#[tokio::test]
async fn preloaded_waiting_workflows_resume_on_a_signal() {
    use aether_sdk::{Error, Signal, Worker, WorkflowContext, WorkflowStatus, workflow};

    use crate::support::{TestEngine, within};

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seed.db").display().to_string();
    let out = Command::new(workspace_bin("aether"))
        .args(["bench", "--persistence", "state-action-log", "--db", &db])
        .args(["--preload-only", "--preload-completed", "5"])
        .args(["--preload-waiting", "3"])
        .output()
        .expect("aether bench runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let engine = TestEngine::with_config(|config| {
        config.persistence.mode = aether_types::config::PersistenceMode::StateActionLog;
        config.server.db_path = db.clone();
    })
    .await;
    let client = engine.client().await;
    let finished = client.status("preloaded-4").await.unwrap();
    assert_eq!(finished.status, WorkflowStatus::Completed);
    let waiting = client.status("waiting-1").await.unwrap();
    assert_eq!(
        (waiting.status, waiting.waiting_on.as_deref()),
        (WorkflowStatus::Running, Some("signal"))
    );

    let wf = workflow(
        "aether-bench-waiting",
        |ctx: WorkflowContext, _: serde_json::Value| async move {
            match ctx.wait_for_signal::<String>("go", None).await? {
                Signal::Received(word) => Ok(word),
                Signal::TimedOut => Err(Error::msg("no timeout was set")),
            }
        },
    );
    let worker = Worker::new(&client).register(&wf).spawn();
    client.signal("waiting-1", "go", "now", None).await.unwrap();
    let result: String = within(
        "the preloaded workflow",
        std::time::Duration::from_secs(20),
        client.result("waiting-1"),
    )
    .await
    .unwrap();
    assert_eq!(result, "now");
    let still = client.status("waiting-2").await.unwrap();
    assert_eq!(still.status, WorkflowStatus::Running);
    worker.shutdown().await;
}
