//! As a new user would: `aether serve` in one shell, the quickstart in another, then the CLI.

use std::{collections::BTreeMap, io::Read, path::Path, process::Command, time::Duration};

use aether_sdk::{Client, workspace::CreateSession};
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

/// The regular files of a tar.gz archive, by path.
fn files_in_tar_gz(archive: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(archive).expect("the archive exists");
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut files = BTreeMap::new();
    for entry in tar.entries().expect("a tar archive") {
        let mut entry = entry.expect("a tar entry");
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry.path().expect("a path").to_string_lossy().into_owned();
        let mut content = Vec::new();
        entry
            .read_to_end(&mut content)
            .expect("the entry's content");
        files.insert(path.trim_start_matches("./").to_owned(), content);
    }
    files
}

fn json_stdout(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[tokio::test]
async fn session_commands_show_what_an_agent_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    let server = ServeProcess::start(&["--db", db.to_str().unwrap()]);
    let url = server.url.as_str();

    // An agent fills a session through the SDK; an operator then looks at it with the CLI.
    let ws = Client::connect(url)
        .await
        .unwrap()
        .workspace()
        .with_actor("agent");
    let created = ws
        .create_session(&CreateSession::blank().id("agent-1").label("team", "docs"))
        .await
        .unwrap();
    ws.write_file(
        "agent-1",
        "README.md",
        b"# Hello\n",
        None,
        Some(created.revision),
    )
    .await
    .unwrap();
    ws.write_file(
        "agent-1",
        "src/main.rs",
        b"fn main() {}\n",
        Some(0o755),
        None,
    )
    .await
    .unwrap();
    ws.create_session(&CreateSession::blank().id("unlabelled"))
        .await
        .unwrap();

    let listed = json_stdout(&aether(&[
        "session",
        "list",
        "--label",
        "team=docs",
        "--json",
        "--server",
        url,
    ]));
    let listed = listed.as_array().expect("an array");
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["id"], "agent-1");
    assert_eq!(listed[0]["revision"], 3);
    assert_eq!(listed[0]["fileCount"], 2);
    assert_eq!(listed[0]["labels"]["team"], "docs");

    let table = aether(&["session", "list", "--server", url]);
    assert!(table.status.success());
    let table = String::from_utf8_lossy(&table.stdout);
    let mut lines = table.lines();
    assert!(
        lines.next().unwrap_or_default().starts_with("SESSION ID"),
        "{table}"
    );
    assert_eq!(lines.count(), 2, "{table}");
    assert!(
        table.contains("agent-1") && table.contains("team=docs"),
        "{table}"
    );

    let shown = json_stdout(&aether(&[
        "session", "show", "agent-1", "--json", "--server", url,
    ]));
    assert_eq!(shown["id"], "agent-1");
    assert_eq!(shown["state"], "active");
    assert_eq!(shown["revision"], 3);
    assert_eq!(shown["sizeBytes"], 8 + 13);
    assert_eq!(shown["origin"]["kind"], "blank");
    let shown = aether(&["session", "show", "agent-1", "--server", url]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains("Revision:  3") && shown.contains("Labels:    team=docs"),
        "{shown}"
    );

    let manifest = json_stdout(&aether(&[
        "session", "manifest", "agent-1", "--json", "--server", url,
    ]));
    assert_eq!(manifest["revision"], 3);
    let entries: BTreeMap<&str, &serde_json::Value> = manifest["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| (e["path"].as_str().expect("a path"), e))
        .collect();
    assert_eq!(
        entries.keys().copied().collect::<Vec<_>>(),
        ["README.md", "src", "src/main.rs"]
    );
    assert_eq!(entries["README.md"]["kind"], "file");
    assert_eq!(entries["README.md"]["size"], 8);
    assert_eq!(entries["src"]["kind"], "dir");
    assert_eq!(entries["src/main.rs"]["size"], 13);
    assert_eq!(entries["src/main.rs"]["mode"], 0o755);
    let human = aether(&["session", "manifest", "agent-1", "--server", url]);
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(human.starts_with("PATH"), "{human}");
    assert!(
        human
            .lines()
            .any(|l| l.starts_with("src/main.rs") && l.contains("755")),
        "{human}"
    );

    let checkpoint = json_stdout(&aether(&[
        "session",
        "checkpoint",
        "agent-1",
        "--name",
        "reviewed",
        "--json",
        "--server",
        url,
    ]));
    assert_eq!(checkpoint["sessionId"], "agent-1");
    assert_eq!(checkpoint["name"], "reviewed");
    assert_eq!(checkpoint["revision"], 3);
    assert_eq!(checkpoint["fileCount"], 2);
    let checkpoints = ws.list_checkpoints("agent-1").await.unwrap();
    assert_eq!(checkpoints.len(), 1);
    assert_eq!(checkpoint["id"], checkpoints[0].id.as_str());

    let fork = json_stdout(&aether(&[
        "session", "fork", "agent-1", "--id", "agent-2", "--json", "--server", url,
    ]));
    assert_eq!(fork["id"], "agent-2");
    assert_eq!(fork["parent"]["sessionId"], "agent-1");
    assert_eq!(fork["parent"]["revision"], 3);
    assert_eq!(fork["origin"]["kind"], "fork");
    let forked = json_stdout(&aether(&[
        "session", "manifest", "agent-2", "--json", "--server", url,
    ]));
    assert_eq!(forked["entries"], manifest["entries"]);
    assert_eq!(forked["root"], manifest["root"]);

    let archive = dir.path().join("out.tar.gz");
    let export = aether(&[
        "session",
        "export",
        "agent-1",
        "--output",
        archive.to_str().unwrap(),
        "--server",
        url,
    ]);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let size = std::fs::metadata(&archive).unwrap().len();
    let said = String::from_utf8_lossy(&export.stdout);
    assert!(
        said.contains(archive.to_str().unwrap()) && said.contains(&format!("({size} bytes)")),
        "{said}"
    );
    let files = files_in_tar_gz(&archive);
    assert_eq!(
        files,
        BTreeMap::from([
            ("README.md".to_owned(), b"# Hello\n".to_vec()),
            ("src/main.rs".to_owned(), b"fn main() {}\n".to_vec()),
        ])
    );

    // Without --output the archive is named after the session, in the current directory.
    let default = Command::new(workspace_bin("aether"))
        .args(["session", "export", "agent-2", "--server", url])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        default.status.success(),
        "{}",
        String::from_utf8_lossy(&default.stderr)
    );
    assert_eq!(files_in_tar_gz(&dir.path().join("agent-2.tar.gz")), files);

    // The checkpoint's tree stays readable after the session moves on.
    ws.write_file("agent-1", "later.txt", b"later\n", None, None)
        .await
        .unwrap();
    let at_checkpoint = json_stdout(&aether(&[
        "session",
        "manifest",
        "agent-1",
        "--checkpoint",
        "reviewed",
        "--json",
        "--server",
        url,
    ]));
    assert_eq!(at_checkpoint["entries"], manifest["entries"]);
    assert_eq!(at_checkpoint["revision"], 3);
    let missing = aether(&[
        "session",
        "manifest",
        "agent-1",
        "--checkpoint",
        "no-such",
        "--server",
        url,
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("not found"),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );

    let unknown = aether(&["session", "show", "no-such", "--server", url]);
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&unknown.stderr).trim(),
        "error: session no-such not found"
    );
    let unknown = Command::new(workspace_bin("aether"))
        .args(["session", "export", "no-such", "--server", url])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(!dir.path().join("no-such.tar.gz").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aether_signal_resumes_a_waiting_workflow_and_history_shows_it() {
    use aether_sdk::{Signal, Worker, WorkflowContext, workflow};

    let engine = crate::support::TestEngine::start().await;
    let client = engine.client().await;
    let wf = workflow("cli-waiter", |ctx: WorkflowContext, _: ()| async move {
        match ctx.wait_for_signal::<serde_json::Value>("go", None).await? {
            Signal::Received(payload) => Ok(payload),
            Signal::TimedOut => Err(aether_sdk::Error::msg("no timeout was set")),
        }
    });
    let worker = Worker::new(&client).register(&wf).spawn();
    let id = client.start(&wf, &()).await.unwrap();
    crate::support::eventually(
        "the workflow to wait on a signal",
        Duration::from_secs(20),
        || async {
            let status = client.status(&id).await.unwrap();
            (status.waiting_on.as_deref() == Some("signal")).then_some(())
        },
    )
    .await;
    let run = |args: Vec<String>| async move {
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            aether(&args)
        })
        .await
        .unwrap()
    };
    let args = |extra: &[&str]| -> Vec<String> {
        extra
            .iter()
            .map(|s| s.to_string())
            .chain(["--server".to_string(), engine.url.clone()])
            .collect()
    };

    let bad = run(args(&["signal", &id, "go", "--payload", "{not json"])).await;
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--payload is not valid JSON"), "{stderr}");

    let sent = run(args(&[
        "signal",
        &id,
        "go",
        "--payload",
        r#"{"by":"ada"}"#,
        "--idempotency-key",
        "k-1",
        "--json",
    ]))
    .await;
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    let sent: serde_json::Value = serde_json::from_slice(&sent.stdout).expect("JSON");
    assert_eq!(sent["duplicate"], false);

    let result: serde_json::Value = crate::support::within(
        "the workflow after `aether signal`",
        Duration::from_secs(20),
        client.result(&id),
    )
    .await
    .unwrap();
    assert_eq!(result, serde_json::json!({ "by": "ada" }));

    let history = run(args(&["history", &id])).await;
    let shown = String::from_utf8_lossy(&history.stdout);
    let received = shown
        .lines()
        .find(|l| l.contains("signal_received"))
        .unwrap_or_else(|| panic!("no signal_received in {shown}"));
    assert!(
        received.contains(r#"payload {"by":"ada"}"#) && received.contains("idempotency key k-1"),
        "{received}"
    );
    assert!(shown.contains("signal_wait_started"), "{shown}");
    assert!(shown.contains("signal_delivered"), "{shown}");
    let json = run(args(&["history", &id, "--json"])).await;
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON history");
    let events = json.as_array().expect("an array");
    let received: Vec<_> = events
        .iter()
        .filter(|e| e["action"] == "signal_received")
        .collect();
    let [received] = received.as_slice() else {
        panic!("one signal recorded (the invalid payload sent nothing): {received:?}");
    };
    assert_eq!(received["idempotency_key"], "k-1");
    assert_eq!(received["payload"], serde_json::json!({ "by": "ada" }));
    let delivered = events
        .iter()
        .find(|e| e["action"] == "signal_delivered")
        .expect("signal_delivered");
    assert_eq!(delivered["signal_seq"], received["seq"]);

    let finished = run(args(&["signal", &id, "go"])).await;
    assert!(!finished.status.success());
    let stderr = String::from_utf8_lossy(&finished.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&id), "{stderr}");
    let unknown = run(args(&["signal", "no-such-workflow", "go"])).await;
    assert!(!unknown.status.success());
    assert_eq!(
        String::from_utf8_lossy(&unknown.stderr).trim(),
        "error: workflow no-such-workflow not found"
    );
    worker.shutdown().await;
}
