//! Bounded workspace inputs: one regression test per finding of the security review
//! (`C2`, `M6`, `H1`, `H2`, `M1`, `M5`, `M7`, `L1`), named after it. Each abusive request gets a
//! clear 4xx and changes nothing; where the finding is about memory, the server runs as its own
//! process and its peak RSS is checked after the request.

use std::path::Path;

use aether_server::Server;
use aether_types::config::{Config, PersistenceMode};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::workspaces::{Api, git_commit};

/// An in-memory server on ephemeral ports, with `configure` applied to its configuration.
async fn serve(configure: impl FnOnce(&mut Config)) -> (Server, Api) {
    let mut config = Config::default();
    config.server.grpc_port = 0;
    config.server.http_port = 0;
    config.persistence.mode = PersistenceMode::Memory;
    configure(&mut config);
    let server = Server::start(&config).await.expect("server starts");
    let api = Api::new(&format!("http://{}", server.http_addr()));
    (server, api)
}

/// How many sessions the server has: a refused request must not have made one.
async fn session_count(api: &Api) -> usize {
    api.get("/v1/sessions").await["sessions"]
        .as_array()
        .expect("sessions")
        .len()
}

/// A repository at `dir` with one commit holding `secret.txt`.
fn repo_with_secret(dir: &Path) -> git2::Repository {
    let repo = git2::Repository::init(dir).unwrap();
    std::fs::write(dir.join("secret.txt"), "the secret\n").unwrap();
    git_commit(&repo, "secret");
    repo
}

async fn create_from_git(api: &Api, path: &Path) -> (StatusCode, Value) {
    api.call(
        Method::POST,
        "/v1/sessions",
        Some(json!({ "from": { "kind": "git", "path": path.to_str().unwrap() } })),
    )
    .await
}

#[tokio::test]
async fn c2_git_import_is_refused_without_import_roots() {
    let dir = tempfile::tempdir().unwrap();
    repo_with_secret(dir.path());
    let (server, api) = serve(|_| {}).await;
    let (status, err) = create_from_git(&api, dir.path()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("import_roots"),
        "{err}"
    );
    assert_eq!(session_count(&api).await, 0);
    server.shutdown();
}

/// A refused import reads the same whether the path is missing, unreadable, not a repository
/// or outside the roots: the error is no oracle for the server's filesystem.
#[tokio::test]
async fn c2_git_import_errors_say_nothing_about_the_filesystem() {
    let allowed = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    repo_with_secret(&outside.path().join("repo"));
    std::fs::create_dir(allowed.path().join("plain")).unwrap();
    let (server, api) = serve(|c| {
        c.workspaces.import_roots = vec![allowed.path().to_str().unwrap().to_owned()];
    })
    .await;
    let probes = [
        allowed.path().join("missing"),
        allowed.path().join("plain"),
        outside.path().join("repo"),
        outside.path().join("missing"),
        Path::new("/root/.ssh").to_path_buf(),
    ];
    for probe in &probes {
        let (status, err) = create_from_git(&api, probe).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{probe:?}: {err}");
        let message = err["message"].as_str().unwrap();
        let shown = message.replace(probe.to_str().unwrap(), "PATH");
        assert_eq!(
            shown,
            "cannot import PATH: not a git repository inside the directories [workspaces] import_roots allows",
            "{probe:?}"
        );
    }
    assert_eq!(session_count(&api).await, 0);
    server.shutdown();
}

/// Inside an allowed root, a repository whose `.git` is a `gitdir:` file, whose alternates or
/// `commondir` lead outside the root, or a path that would only be found by searching parent
/// directories, is refused; a plain repository next to them imports.
#[tokio::test]
async fn m6_git_import_refuses_gitdir_alternates_and_commondir_outside_the_root() {
    let allowed = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let secret_dir = outside.path().join("secret");
    let secret = repo_with_secret(&secret_dir);
    let secret_head = secret.head().unwrap().peel_to_commit().unwrap().id();
    let root = allowed.path();

    // A `.git` file pointing at the secret repository.
    let gitdir = root.join("gitdir");
    std::fs::create_dir(&gitdir).unwrap();
    std::fs::write(
        gitdir.join(".git"),
        format!("gitdir: {}\n", secret_dir.join(".git").display()),
    )
    .unwrap();

    // A repository that borrows the secret's objects through alternates.
    let borrowed = root.join("alternates");
    let repo = git2::Repository::init(&borrowed).unwrap();
    std::fs::create_dir_all(borrowed.join(".git/objects/info")).unwrap();
    std::fs::write(
        borrowed.join(".git/objects/info/alternates"),
        format!("{}\n", secret_dir.join(".git/objects").display()),
    )
    .unwrap();
    repo.reference("refs/heads/main", secret_head, true, "borrow")
        .unwrap();
    repo.set_head("refs/heads/main").unwrap();

    // A worktree-style git dir whose commondir is the secret repository's.
    let worktree = root.join("worktree");
    std::fs::create_dir_all(worktree.join(".git")).unwrap();
    std::fs::write(
        worktree.join(".git/commondir"),
        secret_dir.join(".git").display().to_string(),
    )
    .unwrap();
    std::fs::write(worktree.join(".git/HEAD"), format!("{secret_head}\n")).unwrap();

    // A subdirectory of an allowed repository: only a parent search would find the repository.
    let fine = root.join("fine");
    repo_with_secret(&fine);
    let nested = fine.join("sub");
    std::fs::create_dir(&nested).unwrap();

    let (server, api) = serve(|c| {
        c.workspaces.import_roots = vec![root.to_str().unwrap().to_owned()];
    })
    .await;
    for refused in [&gitdir, &borrowed, &worktree, &nested] {
        let (status, err) = create_from_git(&api, refused).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused:?}: {err}");
        assert!(
            !err.to_string().contains("secret.txt"),
            "{refused:?}: {err}"
        );
    }
    assert_eq!(session_count(&api).await, 0);
    let (status, session) = create_from_git(&api, &fine).await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    server.shutdown();
}

#[tokio::test]
async fn l1_range_overflow_is_a_416_with_the_size_and_suffix_ranges_work() {
    let (server, api) = serve(|_| {}).await;
    api.post("/v1/sessions", json!({ "id": "ranges" })).await;
    api.put_file("ranges", "a.txt", b"0123456789").await;
    let url = api.url("/v1/sessions/ranges/files/a.txt");
    let get = |range: &'static str| api.http.get(&url).header("range", range).send();

    let whole = get("bytes=0-18446744073709551615").await.unwrap();
    assert_eq!(whole.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(whole.headers()["content-range"], "bytes 0-9/10");
    assert_eq!(whole.bytes().await.unwrap().as_ref(), b"0123456789");

    let last = get("bytes=-3").await.unwrap();
    assert_eq!(last.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(last.headers()["content-range"], "bytes 7-9/10");
    assert_eq!(last.bytes().await.unwrap().as_ref(), b"789");

    for outside in ["bytes=10-", "bytes=18446744073709551615-", "bytes=-0"] {
        let refused = get(outside).await.unwrap();
        assert_eq!(
            refused.status(),
            StatusCode::RANGE_NOT_SATISFIABLE,
            "{outside}"
        );
        assert_eq!(
            refused.headers()["content-range"],
            "bytes */10",
            "{outside}"
        );
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["code"], "invalid_argument", "{outside}: {body}");
    }
    server.shutdown();
}

/// `If-Match` takes the revision in entity-tag form (`"2"`, `W/"2"`) or `*`; a file's ETag (a
/// content hash) is a clear 400 and changes nothing.
#[tokio::test]
async fn l1_if_match_takes_the_revision_as_an_entity_tag() {
    let (server, api) = serve(|_| {}).await;
    api.post("/v1/sessions", json!({ "id": "tags" })).await;
    api.put_file("tags", "a.txt", b"one").await;
    let url = api.url("/v1/sessions/tags/files/a.txt");
    let read = api.http.get(&url).send().await.unwrap();
    let etag = read.headers()["etag"].to_str().unwrap().to_owned();
    let revision = read.headers()["x-aether-revision"]
        .to_str()
        .unwrap()
        .to_owned();
    let put = |tag: String, body: &'static str| {
        api.http.put(&url).header("if-match", tag).body(body).send()
    };
    let refused = put(etag, "two").await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api.text("tags", "a.txt").await, "one");
    let taken = put(format!("W/\"{revision}\""), "two").await.unwrap();
    assert_eq!(taken.status(), StatusCode::OK);
    let any = put("*".to_owned(), "three").await.unwrap();
    assert_eq!(any.status(), StatusCode::OK);
    assert_eq!(api.text("tags", "a.txt").await, "three");
    server.shutdown();
}

/// The server process's peak resident memory so far (`VmHWM`), in bytes.
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc status");
    kib * 1024
}

const MIB: u64 = 1 << 20;

/// `aether serve` in its own process (so its memory is its own), in memory, with glibc held to
/// two arenas so that the peak reflects what the server allocates.
fn serve_process() -> (crate::support::ServeProcess, Api) {
    // SAFETY: set before any process is spawned; the variable is only read by the child.
    unsafe { std::env::set_var("MALLOC_ARENA_MAX", "2") };
    let server = crate::support::ServeProcess::start(&["--persistence", "memory"]);
    let api = Api::new(&server.http);
    (server, api)
}

/// A gzip stream of one tar header claiming `size` bytes followed by `size` zero bytes,
/// compressed once per MiB and repeated (a full flush makes each MiB an independent, byte-aligned
/// piece), so a bomb of a GiB costs a few MB and no time to build. The stream has no trailer: a
/// reader that gets that far has already lost.
fn gzip_bomb(header: &tar::Header, size: u64) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let mut deflate = Compress::new(Compression::fast(), false);
    let mut piece = |input: &[u8]| {
        let mut out = Vec::with_capacity(input.len() + 1024);
        deflate
            .compress_vec(input, &mut out, FlushCompress::Full)
            .unwrap();
        out
    };
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    gz.extend(piece(header.as_bytes()));
    let zeros = piece(&vec![0u8; MIB as usize]);
    for _ in 0..size / MIB {
        gz.extend_from_slice(&zeros);
    }
    gz
}

fn archive_body(gz: &[u8]) -> Value {
    use base64::Engine;
    json!({ "from": { "kind": "archive", "tarGzBase64": base64::engine::general_purpose::STANDARD.encode(gz) } })
}

/// A response's status line and headers, up to the blank line.
async fn read_head(reader: &mut (impl tokio::io::AsyncBufRead + Unpin)) -> Vec<String> {
    use tokio::io::AsyncBufReadExt;
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.unwrap();
        if line.trim().is_empty() {
            return lines;
        }
        lines.push(line);
    }
}

/// One HTTP/1.1 request with `Expect: 100-continue` over a raw connection, so that a server that
/// refuses a body from its headers answers without the body being sent at all (and one that
/// reads it gets it). Returns the final status and the JSON body.
async fn expect_continue(base: &str, method: &str, path: &str, body: &[u8]) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://").trim_end_matches('/');
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (reader, mut writer) = stream.into_split();
    let mut reader = tokio::io::BufReader::new(reader);
    let head = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nexpect: 100-continue\r\nconnection: close\r\n\r\n",
        body.len()
    );
    writer.write_all(head.as_bytes()).await.unwrap();
    let status = |lines: &[String]| -> u16 {
        lines[0]
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap()
    };
    let mut response = read_head(&mut reader).await;
    if status(&response) == 100 {
        writer.write_all(body).await.unwrap();
        response = read_head(&mut reader).await;
    }
    let mut text = Vec::new();
    reader.read_to_end(&mut text).await.unwrap();
    (
        status(&response),
        serde_json::from_slice(&text).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn h1_tar_long_name_header_bomb_is_refused_in_bounded_memory() {
    let (server, api) = serve_process();
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::GNULongName);
    header.as_old_mut().name[..13].copy_from_slice(b"././@LongLink");
    header.set_size(1 << 30);
    header.set_cksum();
    let body = archive_body(&gzip_bomb(&header, 1 << 30));
    let (status, err) = api.call(Method::POST, "/v1/sessions", Some(body)).await;
    let peak = peak_rss(server.pid());
    assert!(peak < 200 * MIB, "peak RSS {} MiB", peak / MIB);
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("extension header"),
        "{err}"
    );
    assert_eq!(session_count(&api).await, 0);
}

/// A 48 MiB JSON array as a cache value or a bus message is refused by its length, before a
/// parse that would take about 16 times that.
#[tokio::test]
async fn h1_json_value_bodies_are_refused_before_they_are_parsed() {
    let (server, api) = serve_process();
    api.post("/v1/sessions", json!({ "id": "j" })).await;
    let mut body = String::with_capacity(48 << 20);
    body.push_str("{\"value\":[");
    while body.len() < (48 << 20) {
        body.push_str("0,");
    }
    body.push_str("0]}");
    for (method, path) in [
        ("PUT", "/v1/sessions/j/cache/k"),
        ("POST", "/v1/sessions/j/bus/t"),
    ] {
        let sent = body.replacen("value", "message", usize::from(method == "POST"));
        let (status, err) = expect_continue(&server.http, method, path, sent.as_bytes()).await;
        assert_eq!(status, 413, "{path}: {err}");
        assert_eq!(err["code"], "too_large", "{path}: {err}");
    }
    let session = api.get("/v1/sessions/j").await;
    assert_eq!(session["eventCount"], 1, "{session}");
    let peak = peak_rss(server.pid());
    assert!(peak < 300 * MIB, "peak RSS {} MiB", peak / MIB);
}

/// `dirs` and `delete` take at most 10,000 paths; more is a 413 that changes nothing.
#[tokio::test]
async fn h1_path_lists_have_their_own_small_limit() {
    let (server, api) = serve(|_| {}).await;
    api.post("/v1/sessions", json!({ "id": "p" })).await;
    let paths: Vec<String> = (0..10_001).map(|i| format!("d{i}")).collect();
    for route in ["dirs", "delete"] {
        let (status, err) = api
            .call(
                Method::POST,
                &format!("/v1/sessions/p/{route}"),
                Some(json!({ "paths": paths })),
            )
            .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{route}: {err}");
    }
    let session = api.get("/v1/sessions/p").await;
    assert_eq!(session["revision"], 1, "{session}");
    assert_eq!(session["eventCount"], 1, "{session}");
    server.shutdown();
}

/// A page of large bus messages stops at about 8 MiB and says where to go on.
#[tokio::test]
async fn h1_event_pages_are_bounded_by_bytes_as_well_as_count() {
    let (server, api) = serve(|_| {}).await;
    api.post("/v1/sessions", json!({ "id": "e" })).await;
    let big = "x".repeat(900 << 10);
    for _ in 0..20 {
        api.post("/v1/sessions/e/bus/t", json!({ "message": big }))
            .await;
    }
    let mut seen = 0;
    let mut after = 0;
    loop {
        let page = api
            .get(&format!("/v1/sessions/e/events?after={after}&limit=1000"))
            .await;
        let events = page["events"].as_array().unwrap();
        let bytes: usize = events.iter().map(|e| e["detail"].to_string().len()).sum();
        assert!(bytes <= (8 << 20) + (1 << 20), "a page of {bytes} bytes");
        seen += events.len();
        match page["next"].as_u64() {
            Some(next) => {
                assert!(events.len() < 21, "a full page cannot have a next");
                after = next;
            }
            None => break,
        }
    }
    assert_eq!(seen, 21, "every event is on some page");
    server.shutdown();
}

/// Exporting a session of about 96 MiB of incompressible files holds one file at a time, not
/// the session and the archive whole.
#[tokio::test]
async fn h1_export_is_streamed_in_bounded_memory() {
    let (server, api) = serve_process();
    api.post("/v1/sessions", json!({ "id": "x" })).await;
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for i in 0..24 {
        let content: Vec<u8> = (0..(4 * MIB as usize) / 8)
            .flat_map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()
            })
            .collect();
        api.put_file("x", &format!("f{i}.bin"), &content).await;
    }
    let before = peak_rss(server.pid());
    let mut response = api
        .http
        .get(api.url("/v1/sessions/x/export"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut total = 0u64;
    while let Some(chunk) = response.chunk().await.unwrap() {
        total += chunk.len() as u64;
    }
    assert!(total > 96 * MIB, "an archive of {total} bytes");
    let grown = peak_rss(server.pid()).saturating_sub(before);
    assert!(
        grown < 64 * MIB,
        "the export raised the peak by {} MiB",
        grown / MIB
    );
}

#[tokio::test]
async fn m1_ten_thousand_subscribe_and_disconnects_on_new_topics_keep_memory_flat() {
    // A topic costs a 256-slot channel; before the fix each one outlived its last subscriber.
    // At most 256 topics of a session may have subscribers at once, so 10,000 subscriptions in
    // a row also show that each disconnect gives its topic back.
    let (server, api) = serve_process();
    api.post("/v1/sessions", json!({ "id": "x" })).await;
    let subscribe = |topic: String| {
        let api = &api;
        async move {
            let mut response = api
                .http
                .get(api.url(&format!("/v1/sessions/x/bus/{topic}")))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK, "subscribing to {topic}");
            // The `ready` event: the subscription is registered. Then hang up.
            let first = response.chunk().await.unwrap().unwrap_or_default();
            assert!(
                String::from_utf8_lossy(&first).contains("ready"),
                "{first:?}"
            );
        }
    };
    for i in 0..500 {
        subscribe(format!("warm-{i}")).await;
    }
    let before = peak_rss(server.pid());
    for i in 0..10_000 {
        subscribe(format!("t{i}")).await;
    }
    let grown = peak_rss(server.pid()).saturating_sub(before);
    assert!(
        grown < 32 * MIB,
        "10,000 topics raised the peak by {} MiB",
        grown / MIB
    );
}

/// Fully diverged text on both sides: the line merge's worst case.
fn lines(tag: &str, count: usize) -> String {
    (0..count).map(|i| format!("{tag} line {i}\n")).collect()
}

/// Merges run off the async runtime and under a cost bound: three worst-case merges at once
/// leave `/healthz` answering promptly, and a file over the bound is a `too-large` conflict at
/// once rather than minutes of CPU.
#[tokio::test]
async fn h2_merges_are_bounded_and_the_server_keeps_answering() {
    let (_server, api) = serve_process();
    for (name, size) in [("big", 30_000), ("mid", 4_000)] {
        let base = format!("{name}-base");
        api.post("/v1/sessions", json!({ "id": base })).await;
        api.put_file(&base, "f.txt", lines("base", size).as_bytes())
            .await;
        for side in ["a", "b", "c", "d"] {
            let id = format!("{name}-{side}");
            api.post(&format!("/v1/sessions/{base}/fork"), json!({ "id": id }))
                .await;
            api.put_file(&id, "f.txt", lines(side, size).as_bytes())
                .await;
        }
    }
    let started = std::time::Instant::now();
    let (status, err) = crate::support::within(
        "a merge over the cost bound",
        std::time::Duration::from_secs(20),
        api.call(
            Method::POST,
            "/v1/sessions/big-a/merge",
            Some(json!({ "from": "big-b" })),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["conflicts"][0]["reason"], "too-large", "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));

    let merges = ["a", "b", "c"].map(|side| {
        let api = api.clone();
        tokio::spawn(async move {
            api.call(
                Method::POST,
                &format!("/v1/sessions/mid-{side}/merge"),
                Some(json!({ "from": "mid-d" })),
            )
            .await
        })
    });
    let health = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(1))
        .build()
        .unwrap();
    let mut answered = 0;
    while !merges.iter().all(|m| m.is_finished()) {
        let ok = health
            .get(api.url("/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        assert!(ok, "/healthz did not answer within 1 s during the merges");
        answered += 1;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for merge in merges {
        let (status, outcome) = merge.await.unwrap();
        assert_eq!(status, StatusCode::CONFLICT, "{outcome}");
        assert_eq!(outcome["conflicts"][0]["reason"], "content", "{outcome}");
    }
    assert!(answered > 0);
}

/// A bus message nested 127 deep (gRPC's parser allows it; the stored event would be 128 deep
/// and unreadable) is refused, and the event log stays readable.
#[tokio::test]
async fn m7_deep_json_is_refused_and_events_stay_readable() {
    let (server, api) = serve(|_| {}).await;
    api.post("/v1/sessions", json!({ "id": "deep" })).await;
    let deep = format!("{}{}", "[".repeat(127), "]".repeat(127));
    let mut client = aether_proto::v1::workspace_service_client::WorkspaceServiceClient::connect(
        format!("http://{}", server.grpc_addr()),
    )
    .await
    .unwrap();
    let refused = client
        .publish(aether_proto::v1::PublishRequest {
            session_id: "deep".into(),
            topic: "t".into(),
            message_json: deep.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), tonic::Code::InvalidArgument, "{refused:?}");
    let http_body = format!("{{\"message\":{}}}", "[".repeat(100) + &"]".repeat(100));
    let response = api
        .http
        .post(api.url("/v1/sessions/deep/bus/t"))
        .header("content-type", "application/json")
        .body(http_body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let page = api.get("/v1/sessions/deep/events").await;
    assert_eq!(page["events"].as_array().unwrap().len(), 1, "{page}");
    server.shutdown();
}
