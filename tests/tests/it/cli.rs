//! As a new user would: `aether serve` in one shell, the quickstart in another, then the CLI.

use std::{process::Command, time::Duration};

use aether_tests::workspace_bin;

use crate::support::ServeProcess;

fn aether(args: &[&str]) -> std::process::Output {
    Command::new(workspace_bin("aether"))
        .args(args)
        .output()
        .expect("aether runs")
}

#[test]
fn quickstart_then_cli_as_a_new_user_would() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    let server = ServeProcess::start(&["--db", db.to_str().unwrap()]);

    let quickstart = Command::new(workspace_bin("quickstart"))
        .args(["--server", &server.url])
        .output()
        .expect("quickstart runs");
    assert!(
        quickstart.status.success(),
        "{}",
        String::from_utf8_lossy(&quickstart.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&quickstart.stdout).trim(),
        "Hello, World!"
    );

    let list = aether(&[
        "workflow",
        "list",
        "--state",
        "completed",
        "--json",
        "--server",
        &server.url,
    ]);
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&list.stdout).expect("JSON list");
    let listed = listed.as_array().expect("an array");
    assert_eq!(listed.len(), 1, "{listed:?}");
    let run = &listed[0];
    assert_eq!(run["workflow_type"], "greet");
    assert_eq!(run["state"], "COMPLETED");
    let id = run["workflow_id"].as_str().expect("an id");
    assert!(!id.is_empty());
    for stamp in ["created_at", "updated_at", "closed_at"] {
        let text = run[stamp].as_str().unwrap_or_default();
        assert!(text.ends_with('Z') && text.len() == 24, "{stamp}: {text:?}");
    }

    let status = aether(&["status", id, "--server", &server.url]);
    assert!(status.status.success());
    let shown = String::from_utf8_lossy(&status.stdout);
    assert!(
        shown.contains("COMPLETED") && shown.contains("Hello, World!"),
        "{shown}"
    );

    let history = aether(&["history", id, "--server", &server.url]);
    let shown = String::from_utf8_lossy(&history.stdout);
    assert!(
        shown.contains("step_completed") && shown.contains("create-message"),
        "{shown}"
    );

    let unknown = aether(&["status", "no-such-workflow", "--server", &server.url]);
    assert!(!unknown.status.success());
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert_eq!(stderr.trim(), "error: workflow no-such-workflow not found");
}

#[test]
fn client_commands_explain_an_unreachable_server() {
    // Bind and drop a listener to get a port that nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let started = std::time::Instant::now();
    let out = aether(&["workflow", "list", "--server", &url]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("cannot reach the Aether server"),
        "{stderr}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn serve_rejects_bad_configuration_with_a_clear_error() {
    let out = aether(&["serve", "--persistence", "durable"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown persistence mode"), "{stderr}");

    let out = aether(&["serve", "--print-config", "--grpc-port", "9999"]);
    assert!(out.status.success());
    let config = String::from_utf8_lossy(&out.stdout);
    assert!(config.contains("grpc_port = 9999"), "{config}");
}
