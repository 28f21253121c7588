//! Workspaces through the Rust SDK against a real engine: the typed calls, the bus's live
//! subscription, and the errors a client branches on.

use std::{collections::BTreeMap, time::Duration};

use aether_sdk::{
    Error, RpcCode,
    workspace::{BatchOp, CreateSession, EventKind, NewAnnotation, Reason, Segment, SessionFilter},
};
use futures::StreamExt;
use serde_json::json;

use crate::support::{TestEngine, within};

const SHORT: Duration = Duration::from_secs(10);

fn rpc_code(err: &Error) -> RpcCode {
    match err {
        Error::Rpc(status) => status.code(),
        other => panic!("expected an RPC error, got {other:?}"),
    }
}

#[tokio::test]
async fn files_change_only_from_the_revision_the_caller_read() {
    let engine = TestEngine::start().await;
    let ws = engine.client().await.workspace().with_actor("agent-7");
    let session = ws
        .create_session(&CreateSession::blank().id("edits").label("kind", "test"))
        .await
        .unwrap();
    assert_eq!(session.revision, 1);
    assert_eq!(session.labels["kind"], "test");

    let written = ws
        .write_file("edits", "notes.txt", b"hello world", None, Some(1))
        .await
        .unwrap();
    assert_eq!(written.revision, 2);

    // A writer that still believes the session is at revision 1 is refused; nothing changes.
    let stale = ws
        .write_file("edits", "notes.txt", b"lost update", None, Some(1))
        .await
        .unwrap_err();
    assert_eq!(rpc_code(&stale), RpcCode::Aborted, "{stale}");
    assert_eq!(stale.reason(), Some(Reason::StaleRevision));
    assert!(stale.to_string().contains("revision 2"), "{stale}");
    let read = ws.read_file("edits", "notes.txt").await.unwrap();
    assert_eq!(read.data, b"hello world");
    assert_eq!(read.revision, 2);

    let range = ws
        .read_range("edits", "notes.txt", 6, Some(3))
        .await
        .unwrap();
    assert_eq!(
        (range.data.as_slice(), range.size, range.offset),
        (&b"wor"[..], 11, 6)
    );

    let batched = ws
        .batch(
            "edits",
            vec![
                BatchOp::mkdir("docs"),
                BatchOp::rename("notes.txt", "docs/notes.txt"),
                BatchOp::write("docs/todo.md", "- ship"),
            ],
            Some(2),
        )
        .await
        .unwrap();
    assert_eq!(batched.revision, 3);
    ws.patch_segments(
        "edits",
        "docs/notes.txt",
        vec![Segment::new(0, b"HELLO")],
        Some(8),
        None,
    )
    .await
    .unwrap();
    let patched = ws.read_file("edits", "docs/notes.txt").await.unwrap();
    assert_eq!(patched.data, b"HELLO wo");

    let manifest = ws.manifest("edits").await.unwrap();
    let paths: Vec<&str> = manifest.entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["docs", "docs/notes.txt", "docs/todo.md"]);
    assert_eq!(manifest.revision, 4);

    // The event log names who did what, page by page.
    let first = ws.events("edits", 0, Some(2)).await.unwrap();
    assert_eq!(first.events.len(), 2);
    assert_eq!(first.events[0].kind, "session.created");
    assert_eq!(first.events[0].kind(), Some(EventKind::SessionCreated));
    assert_eq!(first.events[0].actor.as_deref(), Some("agent-7"));
    let rest = ws
        .events("edits", first.next.expect("a next page"), None)
        .await
        .unwrap();
    assert!(rest.next.is_none());
    assert_eq!(first.events.len() + rest.events.len(), 4);

    let missing = ws.session("no-such").await.unwrap_err();
    assert_eq!(rpc_code(&missing), RpcCode::NotFound);
    assert!(
        matches!(&missing, Error::Rpc(s) if s.message() == "session no-such not found"),
        "{missing}"
    );
}

#[tokio::test]
async fn a_subscriber_receives_what_is_published_after_it_subscribed() {
    let engine = TestEngine::start().await;
    let client = engine.client().await;
    let ws = client.workspace();
    ws.create_session(&CreateSession::blank().id("bus"))
        .await
        .unwrap();

    let mut messages = ws.subscribe("bus", "progress").await.unwrap();
    let publisher = client.workspace().with_actor("builder");
    let sent = publisher
        .publish("bus", "progress", &json!({ "step": "tests", "passed": 12 }))
        .await
        .unwrap();
    publisher
        .publish("bus", "elsewhere", &json!("not for this subscriber"))
        .await
        .unwrap();

    let received = within("the published message", SHORT, messages.next())
        .await
        .expect("the stream stays open")
        .unwrap();
    assert_eq!(received, sent);
    assert_eq!(received.message["passed"], 12);
    assert_eq!(received.actor.as_deref(), Some("builder"));
    assert_eq!(received.topic, "progress");

    let subscribe_unknown = ws.subscribe("no-such", "progress").await.err().unwrap();
    assert_eq!(rpc_code(&subscribe_unknown), RpcCode::NotFound);
}

#[tokio::test]
async fn cache_checkpoints_forks_and_annotations() {
    let engine = TestEngine::start().await;
    let ws = engine.client().await.workspace();
    ws.create_session(&CreateSession::blank().id("main"))
        .await
        .unwrap();
    ws.write_file("main", "a.txt", b"one\n", None, None)
        .await
        .unwrap();

    // Compare-and-set: a create (version 0) wins once, then only the current version may write.
    let first = ws
        .cache_put("main", "lock", &json!({ "owner": "a" }), Some(0), None)
        .await
        .unwrap();
    let lost = ws
        .cache_put("main", "lock", &json!({ "owner": "b" }), Some(0), None)
        .await
        .unwrap_err();
    assert_eq!(rpc_code(&lost), RpcCode::Aborted, "{lost}");
    let next = ws
        .cache_put(
            "main",
            "lock",
            &json!({ "owner": "a", "n": 2 }),
            Some(first.version),
            None,
        )
        .await
        .unwrap();
    assert!(next.version > first.version);
    assert_eq!(ws.cache_get("main", "lock").await.unwrap().value["n"], 2);
    ws.cache_delete("main", "lock", Some(next.version))
        .await
        .unwrap();
    let gone = ws.cache_get("main", "lock").await.unwrap_err();
    assert_eq!(rpc_code(&gone), RpcCode::NotFound);

    let checkpoint = ws
        .create_checkpoint("main", Some("one"), None)
        .await
        .unwrap();
    ws.write_file("main", "a.txt", b"two\n", None, None)
        .await
        .unwrap();
    let fork = ws
        .fork(
            "main",
            Some("side"),
            &BTreeMap::from([("by".into(), "test".into())]),
        )
        .await
        .unwrap();
    assert_eq!(
        fork.parent.as_ref().map(|p| p.session_id.as_str()),
        Some("main")
    );
    assert_eq!(
        ws.list_sessions(&SessionFilter {
            parent: Some("main".into()),
            ..SessionFilter::default()
        })
        .await
        .unwrap()
        .iter()
        .map(|s| s.id.as_str())
        .collect::<Vec<_>>(),
        ["side"]
    );

    ws.restore("main", &checkpoint.id, None).await.unwrap();
    assert_eq!(ws.read_file("main", "a.txt").await.unwrap().data, b"one\n");
    assert_eq!(ws.read_file("side", "a.txt").await.unwrap().data, b"two\n");

    let note = ws
        .add_annotation(
            "side",
            &NewAnnotation {
                path: "a.txt".into(),
                line_start: Some(1),
                line_end: Some(1),
                author: "reviewer".into(),
                body: "why two?".into(),
            },
        )
        .await
        .unwrap();
    assert!(!note.resolved);
    let resolved = ws.resolve_annotation("side", &note.id, true).await.unwrap();
    assert!(resolved.resolved);
    assert_eq!(ws.list_annotations("side").await.unwrap(), vec![resolved]);

    // An export re-imported as a new session holds the same tree.
    let export = ws.export("side").await.unwrap();
    let copy = ws
        .create_session(&CreateSession::from_tar_gz(export.tar_gz))
        .await
        .unwrap();
    assert_eq!(
        ws.manifest(&copy.id).await.unwrap().entries,
        ws.manifest("side").await.unwrap().entries
    );

    let archived = ws.archive("side", None).await.unwrap();
    assert_eq!(archived.state, "archived");
    let refused = ws
        .write_file("side", "b.txt", b"late", None, None)
        .await
        .unwrap_err();
    assert_eq!(refused.reason(), Some(Reason::SessionArchived));
}

/// What `aether mount` does to a session through the SDK: check names by the server's own
/// rules, make links, change modes; a refused batch changes nothing.
#[tokio::test]
async fn links_and_modes_change_through_the_sdk_and_paths_are_checked_by_the_servers_rules() {
    use aether_sdk::workspace::{EntryKind, WsPath, check_link_target};

    let engine = TestEngine::start().await;
    let ws = engine.client().await.workspace();
    ws.create_session(&CreateSession::blank().id("mount"))
        .await
        .unwrap();
    ws.batch(
        "mount",
        vec![BatchOp::write("bin/tool", "#!/bin/sh\n")],
        None,
    )
    .await
    .unwrap();

    // The client refuses what the server would, without a round trip.
    let link = WsPath::parse("bin/current").unwrap();
    assert!(WsPath::parse("../escape").is_err());
    assert!(check_link_target(&link, "tool").is_ok());
    for target in ["../../outside", "/etc/passwd"] {
        assert!(check_link_target(&link, target).is_err(), "{target}");
        let refused = ws
            .batch(
                "mount",
                vec![
                    BatchOp::chmod("bin/tool", 0o700),
                    BatchOp::symlink("bin/current", target),
                ],
                None,
            )
            .await
            .unwrap_err();
        assert_eq!(rpc_code(&refused), RpcCode::InvalidArgument, "{refused}");
    }
    let missing = ws
        .batch("mount", vec![BatchOp::chmod("bin/missing", 0o600)], None)
        .await
        .unwrap_err();
    assert_eq!(rpc_code(&missing), RpcCode::NotFound, "{missing}");
    assert_eq!(ws.session("mount").await.unwrap().revision, 2);

    let changed = ws
        .batch(
            "mount",
            vec![
                BatchOp::symlink("bin/current", "tool"),
                BatchOp::chmod("bin/tool", 0o755),
                BatchOp::chmod("bin", 0o750),
            ],
            Some(2),
        )
        .await
        .unwrap();
    assert_eq!(changed.revision, 3);
    let manifest = ws.manifest("mount").await.unwrap();
    let found: Vec<(&str, EntryKind, u32)> = manifest
        .entries
        .iter()
        .map(|e| (e.path.as_str(), e.kind, e.mode))
        .collect();
    assert_eq!(
        found,
        [
            ("bin", EntryKind::Dir, 0o750),
            ("bin/current", EntryKind::Symlink, 0o777),
            ("bin/tool", EntryKind::File, 0o755),
        ]
    );
    let current = ws.read_file("mount", "bin/current").await.unwrap();
    assert_eq!(
        (current.kind, current.data.as_slice()),
        (EntryKind::Symlink, &b"tool"[..])
    );
}

/// A read-only mount of a checkpoint: its manifest and files through the SDK, by id or name,
/// after the session moved on; an unknown checkpoint is `NotFound`.
#[tokio::test]
async fn a_checkpoints_tree_is_read_through_the_sdk_after_the_session_moved_on() {
    let engine = TestEngine::start().await;
    let ws = engine.client().await.workspace();
    ws.create_session(&CreateSession::blank().id("snap"))
        .await
        .unwrap();
    ws.batch(
        "snap",
        vec![
            BatchOp::write("notes.txt", "first draft"),
            BatchOp::write("old.txt", "old"),
        ],
        None,
    )
    .await
    .unwrap();
    let then = ws.manifest("snap").await.unwrap();
    let checkpoint = ws
        .create_checkpoint("snap", Some("draft"), None)
        .await
        .unwrap();
    ws.batch(
        "snap",
        vec![
            BatchOp::write("notes.txt", "final"),
            BatchOp::delete("old.txt"),
        ],
        None,
    )
    .await
    .unwrap();

    for reference in [checkpoint.id.as_str(), "draft"] {
        let manifest = ws.manifest_at("snap", Some(reference)).await.unwrap();
        assert_eq!(manifest, then, "{reference}");
        let part = ws
            .read_range_at("snap", "notes.txt", 6, Some(5), Some(reference))
            .await
            .unwrap();
        assert_eq!(
            (part.data.as_slice(), part.revision, part.size),
            (&b"draft"[..], checkpoint.revision, 11)
        );
        let old = ws
            .read_range_at("snap", "old.txt", 0, None, Some(reference))
            .await
            .unwrap();
        assert_eq!(old.data, b"old");
    }
    assert_eq!(
        ws.read_file("snap", "notes.txt").await.unwrap().data,
        b"final"
    );
    assert_eq!(ws.manifest_at("snap", None).await.unwrap().entries.len(), 1);

    let unknown = ws.manifest_at("snap", Some("no-such")).await.unwrap_err();
    assert_eq!(rpc_code(&unknown), RpcCode::NotFound, "{unknown}");
    let unknown = ws
        .read_range_at("snap", "notes.txt", 0, None, Some("no-such"))
        .await
        .unwrap_err();
    assert_eq!(rpc_code(&unknown), RpcCode::NotFound, "{unknown}");
}
