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
    assert!(server["cpu_seconds"].as_f64().unwrap() > 0.0, "{server}");
}

#[test]
fn bench_reports_latency_throughput_and_server_figures_in_memory() {
    check(&bench(&[]), "memory", "memory");
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
