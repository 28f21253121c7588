//! `aether mount`: a session as a real FUSE directory, driven by the tools an agent runs (npm,
//! node, git) and by plain file calls, against a real engine. Needs `/dev/fuse` and Debian's
//! `fuse3` (`.ci/run` installs it).
//!
//! File calls into the mount run on blocking threads: the mount answers the kernel from this
//! process's runtime, which must stay free to do so.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use aether_sdk::mount::{MountOptions, Mounted, mount, with_mount};
use aether_sdk::workspace::{BatchOp, CreateSession, EntryKind, WorkspaceClient};
use aether_sdk::{StepError, Worker, WorkflowContext, workflow};

use crate::support::{ServeProcess, TestEngine, eventually, within};
use aether_tests::workspace_bin;

const LONG: Duration = Duration::from_secs(120);
const SHORT: Duration = Duration::from_secs(20);

/// A small real project: its test command builds `dist/` from `src/` and tests the result.
fn project() -> Vec<BatchOp> {
    vec![
        BatchOp::write(
            "package.json",
            r#"{
  "name": "greeter",
  "version": "1.0.0",
  "private": true,
  "scripts": { "build": "node build.js", "test": "node build.js && node --test test/" }
}
"#,
        ),
        BatchOp::write(
            "src/greet.js",
            "exports.greet = (name) => `Hello, ${name}!`;\n",
        ),
        BatchOp::write(
            "build.js",
            r#"const fs = require('node:fs');
fs.mkdirSync('dist', { recursive: true });
const source = fs.readFileSync('src/greet.js', 'utf8');
fs.writeFileSync('dist/greet.js', '// built\n' + source);
fs.writeFileSync('dist/build-info.json', JSON.stringify({ files: 1 }));
"#,
        ),
        BatchOp::write(
            "test/greet.test.js",
            r#"const test = require('node:test');
const assert = require('node:assert');
const { greet } = require('../dist/greet.js');
test('greets', () => assert.strictEqual(greet('Ada'), 'Hello, Ada!'));
"#,
        ),
        BatchOp::write("notes.txt", "v1\n"),
    ]
}

async fn session_with_project(ws: &WorkspaceClient, id: &str) {
    ws.create_session(&CreateSession::blank().id(id))
        .await
        .expect("session");
    ws.batch(id, project(), None)
        .await
        .expect("project written");
}

fn options(cache: &Path, refresh: Duration) -> MountOptions {
    MountOptions {
        cache_dir: Some(cache.to_owned()),
        refresh,
        sync_timeout: SHORT,
        ..MountOptions::default()
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.expect("blocking call")
}

/// Runs a command in `dir`, failing the test with its output if it fails.
async fn run_in(dir: &Path, program: &str, args: &[&str]) -> String {
    let (dir, program_owned) = (dir.to_owned(), program.to_owned());
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let output = blocking(move || {
        Command::new(&program_owned)
            .args(&args)
            .current_dir(&dir)
            .env("npm_config_audit", "false")
            .env("npm_config_fund", "false")
            .env("npm_config_update_notifier", "false")
            .env("npm_config_offline", "true")
            .output()
    })
    .await
    .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "{program} {:?} failed:\n{text}",
        output.status
    );
    text
}

async fn read(path: PathBuf) -> std::io::Result<String> {
    blocking(move || std::fs::read_to_string(path)).await
}

async fn mounted(ws: &WorkspaceClient, id: &str, dir: &Path, options: MountOptions) -> Mounted {
    within("mounting", SHORT, mount(ws, id, dir, options))
        .await
        .expect("the session mounts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_projects_own_tests_run_inside_the_mount_and_what_they_wrote_lands_in_the_session() {
    let engine = TestEngine::start().await;
    let ws = engine.client().await.workspace();
    session_with_project(&ws, "project").await;
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mount = mounted(
        &ws,
        "project",
        dir.path(),
        options(cache.path(), Duration::from_secs(1)),
    )
    .await;

    run_in(dir.path(), "npm", &["install", "--no-package-lock=false"]).await;
    let tested = run_in(dir.path(), "npm", &["test"]).await;
    assert!(tested.contains("pass 1"), "{tested}");
    // git: lock files renamed into place, read-only objects, an index of every file.
    run_in(dir.path(), "git", &["init", "-q"]).await;
    run_in(dir.path(), "git", &["add", "-A"]).await;
    run_in(
        dir.path(),
        "git",
        &[
            "-c",
            "user.name=Agent",
            "-c",
            "user.email=agent@example.com",
            "commit",
            "-qm",
            "built",
        ],
    )
    .await;
    let status = run_in(dir.path(), "git", &["status", "--porcelain"]).await;
    assert_eq!(status, "", "a clean tree after the commit");
    // An editor's save: a new file beside the old one, renamed over it.
    let root = dir.path().to_owned();
    blocking(move || {
        std::fs::write(root.join(".notes.txt.swp"), b"saved by an editor\n")?;
        std::fs::rename(root.join(".notes.txt.swp"), root.join("notes.txt"))?;
        // `cp` on Linux: copy_file_range.
        std::fs::copy(root.join("src/greet.js"), root.join("src/greet.copy.js")).map(|_| ())
    })
    .await
    .expect("a save by rename and a copy");

    let conflicts = within("unmounting", LONG, mount.unmount())
        .await
        .expect("unmounts");
    assert!(conflicts.is_empty(), "{conflicts:?}");

    let manifest = ws.manifest("project").await.unwrap();
    let kind_of = |path: &str| {
        manifest
            .entries
            .iter()
            .find(|e| e.path == path)
            .map(|e| e.kind)
    };
    for built in [
        "dist/greet.js",
        "dist/build-info.json",
        "package-lock.json",
        ".git/HEAD",
    ] {
        assert_eq!(
            kind_of(built),
            Some(EntryKind::File),
            "{built} is in the session"
        );
    }
    let saved = ws.read_file("project", "notes.txt").await.unwrap();
    assert_eq!(saved.data, b"saved by an editor\n");
    assert!(
        kind_of(".notes.txt.swp").is_none(),
        "the editor's temporary file is gone"
    );
    let copy = ws.read_file("project", "src/greet.copy.js").await.unwrap();
    assert_eq!(
        copy.data,
        ws.read_file("project", "src/greet.js").await.unwrap().data
    );
    let built = ws.read_file("project", "dist/greet.js").await.unwrap();
    assert_eq!(
        String::from_utf8(built.data).unwrap(),
        "// built\nexports.greet = (name) => `Hello, ${name}!`;\n"
    );
    // The build's files arrived as the session's own changes, with their events.
    let events = ws.events("project", 0, None).await.unwrap();
    let batches: Vec<String> = events
        .events
        .iter()
        .filter(|e| e.kind == "batch.applied")
        .map(|e| e.detail.to_string())
        .collect();
    assert!(
        batches.iter().any(|d| d.contains("dist/greet.js")),
        "no batch event names dist/greet.js: {batches:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_through_the_api_while_mounted_shows_up_in_the_mount() {
    let engine = TestEngine::start().await;
    let ws = engine.client().await.workspace();
    session_with_project(&ws, "live").await;
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mount = mounted(
        &ws,
        "live",
        dir.path(),
        options(cache.path(), Duration::from_millis(100)),
    )
    .await;
    assert_eq!(read(dir.path().join("notes.txt")).await.unwrap(), "v1\n");

    ws.write_file(
        "live",
        "notes.txt",
        b"v2 from the API\n".to_vec(),
        None,
        None,
    )
    .await
    .unwrap();
    ws.write_file("live", "docs/new.md", b"# new\n".to_vec(), None, None)
        .await
        .unwrap();
    ws.delete("live", &["build.js"], None).await.unwrap();
    let notes = dir.path().join("notes.txt");
    eventually("the API's write to show in the mount", SHORT, || {
        let notes = notes.clone();
        async move { (read(notes).await.ok()? == "v2 from the API\n").then_some(()) }
    })
    .await;
    assert_eq!(
        read(dir.path().join("docs/new.md")).await.unwrap(),
        "# new\n"
    );
    let gone = dir.path().join("build.js");
    assert!(
        !blocking(move || gone.exists()).await,
        "a file deleted through the API is gone"
    );
    mount.unmount().await.expect("unmounts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_write_that_conflicts_with_a_remote_one_is_reported_and_both_survive() {
    let engine = TestEngine::start().await;
    let ws = engine.client().await.workspace();
    session_with_project(&ws, "clash").await;
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // No background sends or polls: the mount does not see the API's write coming.
    let mount = mounted(
        &ws,
        "clash",
        dir.path(),
        options(cache.path(), Duration::from_secs(3600)),
    )
    .await;
    // Theirs first, unseen by the mount; then ours, made on the old view. Whenever ours is sent
    // (at the fsync, or when a process another test starts closes an inherited descriptor), it
    // meets theirs.
    let theirs = ws
        .write_file("clash", "notes.txt", b"remote edit\n".to_vec(), None, None)
        .await
        .unwrap();
    let notes = dir.path().join("notes.txt");
    let file = blocking({
        let notes = notes.clone();
        move || {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(notes)?;
            file.write_all(b"local edit\n")?;
            Ok::<_, std::io::Error>(file)
        }
    })
    .await
    .expect("a local write");

    let synced = blocking(move || file.sync_all()).await;
    let err = synced.expect_err("the fsync reports the conflict");
    assert_eq!(err.raw_os_error(), Some(5), "EIO: {err}");
    let conflicts = mount.conflicts();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let kept_as = conflicts[0]
        .kept_as
        .clone()
        .expect("the local version is kept");
    assert_eq!(conflicts[0].path, "notes.txt");
    assert!(kept_as.starts_with("notes.txt.conflict-"), "{kept_as}");

    // Both versions, in the session and in the mount.
    let at_path = ws.read_file("clash", "notes.txt").await.unwrap();
    assert_eq!(at_path.data, b"remote edit\n");
    assert!(at_path.revision > theirs.revision);
    let aside = ws.read_file("clash", &kept_as).await.unwrap();
    assert_eq!(aside.data, b"local edit\n");
    let aside_local = dir.path().join(&kept_as);
    eventually("the mount to show both versions", SHORT, || {
        let (notes, aside_local) = (notes.clone(), aside_local.clone());
        async move {
            let ours = read(aside_local).await.ok()?;
            let theirs = read(notes).await.ok()?;
            (ours == "local edit\n" && theirs == "remote edit\n").then_some(())
        }
    })
    .await;
    mount.unmount().await.expect("unmounts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_elsewhere_while_the_mount_sends_its_own_shows_up_too() {
    let engine = TestEngine::start().await;
    let ws = engine.client().await.workspace();
    session_with_project(&ws, "both").await;
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // No background sends or polls: the API's change is met only as a stale revision.
    let mount = mounted(
        &ws,
        "both",
        dir.path(),
        options(cache.path(), Duration::from_secs(3600)),
    )
    .await;
    ws.write_file("both", "theirs.txt", b"theirs\n".to_vec(), None, None)
        .await
        .unwrap();
    let root = dir.path().to_owned();
    let file = blocking(move || {
        use std::io::Write;
        let mut file = std::fs::File::create(root.join("ours.txt"))?;
        file.write_all(b"ours\n")?;
        Ok::<_, std::io::Error>(file)
    })
    .await
    .unwrap();
    blocking(move || file.sync_all())
        .await
        .expect("no conflict: different paths");
    assert_eq!(
        ws.read_file("both", "ours.txt").await.unwrap().data,
        b"ours\n"
    );
    let theirs = dir.path().join("theirs.txt");
    eventually("their file to show in the mount", SHORT, || {
        let theirs = theirs.clone();
        async move { (read(theirs).await.ok()? == "theirs\n").then_some(()) }
    })
    .await;
    assert!(mount.conflicts().is_empty());
    mount.unmount().await.expect("unmounts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_and_names_from_the_mount_never_reach_outside_the_session() {
    let engine = TestEngine::start().await;
    let ws = engine.client().await.workspace();
    session_with_project(&ws, "links").await;
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mount = mounted(
        &ws,
        "links",
        dir.path(),
        options(cache.path(), Duration::from_secs(1)),
    )
    .await;
    let root = dir.path().to_owned();

    let outcomes = blocking(move || {
        use std::os::unix::fs::symlink;
        std::fs::create_dir(root.join("sub")).unwrap();
        [
            symlink("/etc/passwd", root.join("absolute")),
            symlink("../../outside", root.join("sub/climbs")),
            symlink("..", root.join("parent")),
            symlink("../notes.txt", root.join("sub/inside")),
            symlink("notes.txt", root.join("same-dir")),
            std::fs::write(root.join("bad:name"), b"x"),
            // Each inside by its text; together, `up` then `..` leaves the root.
            symlink("..", root.join("sub/up")),
            symlink("sub/up/../..", root.join("chained")),
        ]
        .map(|r| r.err().and_then(|e| e.raw_os_error()))
    })
    .await;
    // EPERM for links that leave, EINVAL for a name the session cannot hold.
    assert_eq!(
        outcomes,
        [
            Some(1),
            Some(1),
            Some(1),
            None,
            None,
            Some(22),
            None,
            Some(1)
        ],
        "absolute, climbing, parent, inside, same dir, bad name, up, chained"
    );
    let via_link = read(dir.path().join("sub/inside")).await.unwrap();
    assert_eq!(via_link, "v1\n", "a link inside is followed inside");
    mount.sync().await.expect("sent");

    let manifest = ws.manifest("links").await.unwrap();
    let entry = |path: &str| manifest.entries.iter().find(|e| e.path == path).cloned();
    assert_eq!(
        entry("sub/inside").map(|e| e.kind),
        Some(EntryKind::Symlink)
    );
    assert_eq!(entry("same-dir").map(|e| e.kind), Some(EntryKind::Symlink));
    for refused in ["absolute", "sub/climbs", "parent", "bad:name", "chained"] {
        assert!(
            entry(refused).is_none(),
            "{refused} must not be in the session"
        );
    }
    let link = ws.read_file("links", "sub/inside").await.unwrap();
    assert_eq!(
        link.data, b"../notes.txt",
        "stored as a link, not as the file it names"
    );
    mount.unmount().await.expect("unmounts");
}

fn read_file_calls(metrics: &str) -> f64 {
    metrics
        .lines()
        .filter(|l| {
            l.starts_with("aether_grpc_requests_total{") && l.contains("method=\"ReadFile\"")
        })
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

async fn scrape(url: &str) -> String {
    reqwest::get(url).await.unwrap().text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_mount_reads_cached_content_and_a_checkpoint_mounts_read_only() {
    let server = ServeProcess::start(&[
        "--persistence",
        "memory",
        "--metrics",
        "--metrics-port",
        "0",
    ]);
    let metrics = server.metrics.clone().expect("metrics on");
    let client = aether_sdk::Client::connect(&server.url).await.unwrap();
    let ws = client.workspace();
    session_with_project(&ws, "cached").await;
    ws.create_checkpoint("cached", Some("before"), None)
        .await
        .unwrap();
    ws.write_file("cached", "notes.txt", b"after\n".to_vec(), None, None)
        .await
        .unwrap();
    let cache = tempfile::tempdir().unwrap();
    let read_all = |dir: PathBuf| async move {
        blocking(move || {
            [
                "package.json",
                "src/greet.js",
                "build.js",
                "test/greet.test.js",
                "notes.txt",
            ]
            .map(|p| std::fs::read(dir.join(p)).map(|b| b.len()))
        })
        .await
    };

    let before = read_file_calls(&scrape(&metrics).await);
    for round in 0..2 {
        let dir = tempfile::tempdir().unwrap();
        let mount = mounted(
            &ws,
            "cached",
            dir.path(),
            options(cache.path(), Duration::from_secs(1)),
        )
        .await;
        for file in read_all(dir.path().to_owned()).await {
            file.expect("every file reads");
        }
        mount.unmount().await.unwrap();
        let calls = read_file_calls(&scrape(&metrics).await) - before;
        assert_eq!(
            calls, 5.0,
            "after mount {round}: each file's bytes fetched once, ever"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let at_checkpoint = MountOptions {
        checkpoint: Some("before".into()),
        ..options(cache.path(), Duration::from_secs(1))
    };
    let mount = mounted(&ws, "cached", dir.path(), at_checkpoint).await;
    assert_eq!(read(dir.path().join("notes.txt")).await.unwrap(), "v1\n");
    let target = dir.path().join("notes.txt");
    let refused = blocking(move || std::fs::write(target, b"no"))
        .await
        .unwrap_err();
    assert_eq!(refused.raw_os_error(), Some(30), "EROFS: {refused}");
    mount.unmount().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_made_while_the_server_is_down_are_sent_when_it_is_back() {
    let db = tempfile::tempdir().unwrap();
    let db_path = db.path().join("aether.db");
    let deployment =
        crate::server_crash::Deployment::new("state-action-log", db_path.to_str().unwrap(), &[]);
    let server = deployment.start();
    let client = aether_sdk::Client::connect(&server.url).await.unwrap();
    let ws = client.workspace();
    session_with_project(&ws, "offline").await;
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mount = mounted(
        &ws,
        "offline",
        dir.path(),
        options(cache.path(), Duration::from_millis(200)),
    )
    .await;
    assert_eq!(read(dir.path().join("notes.txt")).await.unwrap(), "v1\n");

    server.kill();
    let root = dir.path().to_owned();
    blocking(move || {
        std::fs::write(
            root.join("offline.txt"),
            b"written while the server was down\n",
        )?;
        std::fs::create_dir_all(root.join("more/deep"))?;
        std::fs::rename(root.join("notes.txt"), root.join("more/deep/notes.txt"))
    })
    .await
    .expect("the mount takes changes while the server is down");

    let _server = deployment.start();
    within(
        "the queued changes to reach the restarted server",
        LONG,
        mount.sync(),
    )
    .await
    .expect("sent after the restart");
    let manifest = ws.manifest("offline").await.unwrap();
    let paths: Vec<&str> = manifest.entries.iter().map(|e| e.path.as_str()).collect();
    assert!(paths.contains(&"offline.txt"), "{paths:?}");
    assert!(paths.contains(&"more/deep/notes.txt"), "{paths:?}");
    assert!(!paths.contains(&"notes.txt"), "{paths:?}");
    let offline = ws.read_file("offline", "offline.txt").await.unwrap();
    assert_eq!(offline.data, b"written while the server was down\n");
    mount.unmount().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workflow_step_runs_a_build_inside_a_mount_of_its_session() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let cache = tempfile::tempdir().unwrap();
    let (ws, cache_dir) = (client.workspace(), cache.path().to_owned());
    let build = workflow("build-in-mount", move |ctx: WorkflowContext, _: ()| {
        let (ws, cache_dir) = (ws.clone(), cache_dir.clone());
        async move {
            let session = ctx.workspace().create(CreateSession::blank()).await?.id;
            ctx.workspace().batch(&session, project(), None).await?;
            let id = session.clone();
            // The step's tools see a directory; the session gets what they wrote.
            let output: String = ctx
                .step("build", move || async move {
                    let dir = tempfile::tempdir()?;
                    let options = options(&cache_dir, Duration::from_secs(1));
                    let ran = with_mount(&ws, &id, dir.path(), options, |dir| async move {
                        tokio::process::Command::new("npm")
                            .args(["test"])
                            .current_dir(dir)
                            .output()
                            .await
                    })
                    .await
                    .map_err(|e| StepError::msg(e.to_string()))??;
                    if !ran.status.success() {
                        return Err(StepError::msg(
                            String::from_utf8_lossy(&ran.stderr).into_owned(),
                        ));
                    }
                    Ok::<_, StepError>(String::from_utf8_lossy(&ran.stdout).into_owned())
                })
                .await?;
            Ok::<_, aether_sdk::Error>((session, output))
        }
    });
    let worker = Worker::new(&client).register(&build).spawn();
    let (session, output) = within("the workflow", LONG, client.start_and_wait(&build, &()))
        .await
        .expect("the build step passes");
    assert!(output.contains("pass 1"), "{output}");
    let built = client
        .workspace()
        .read_file(&session, "dist/greet.js")
        .await
        .expect("the build's output is in the session");
    assert!(built.data.starts_with(b"// built"));
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_mounts_until_unmounted_and_sends_what_was_written_first() {
    let engine = TestEngine::start().await;
    let ws = engine.client().await.workspace();
    session_with_project(&ws, "shell").await;
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for stop in ["aether unmount", "SIGINT"] {
        let mut child = tokio::process::Command::new(workspace_bin("aether"))
            .args(["mount", "shell"])
            .arg(dir.path())
            .args(["--server", &engine.url, "--ready-json", "--cache-dir"])
            .arg(cache.path())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("aether mount starts");
        let stdout = child.stdout.take().unwrap();
        let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(stdout));
        let ready = within("the ready line", SHORT, lines.next_line())
            .await
            .unwrap()
            .expect("a ready line");
        let ready: serde_json::Value = serde_json::from_str(&ready).unwrap();
        assert_eq!(ready["session"], "shell");
        let name = format!("from-the-shell-{}.txt", stop.len());
        let file = dir.path().join(&name);
        blocking(move || std::fs::write(file, b"written in a shell\n"))
            .await
            .unwrap();
        if stop == "SIGINT" {
            let pid = child.id().unwrap().to_string();
            let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
            assert!(sent.success());
        } else {
            let unmount = tokio::process::Command::new(workspace_bin("aether"))
                .arg("unmount")
                .arg(dir.path())
                .arg("--cache-dir")
                .arg(cache.path())
                .output()
                .await
                .unwrap();
            assert!(
                unmount.status.success(),
                "{}",
                String::from_utf8_lossy(&unmount.stderr)
            );
        }
        let status = within("aether mount to exit", SHORT, child.wait())
            .await
            .unwrap();
        assert!(status.success(), "{stop}: {status}");
        let sent = ws
            .read_file("shell", &name)
            .await
            .expect("sent before the exit");
        assert_eq!(sent.data, b"written in a shell\n");
        let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
        let dir_text = dir.path().display().to_string();
        assert!(
            !mounts.contains(&dir_text),
            "{stop}: {dir_text} is still mounted"
        );
    }
}
