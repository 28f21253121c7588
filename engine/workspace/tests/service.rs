//! The workspace service on the in-memory store: tree edits, their refusals, patches and merges.
//! (The HTTP and gRPC tests in `tests/` run the same service on SQLite and PostgreSQL.)

use std::{collections::BTreeMap, sync::Arc};

use aether_store::workspace::MemoryWorkspaceStore;
use aether_types::{
    config::WorkspacesConfig,
    workspace::{BatchOp, CreateSession, EntryKind, Manifest, Segment},
};
use aether_workspace::{Change, Error, Workspaces};

fn service() -> Workspaces {
    Workspaces::new(
        Arc::new(MemoryWorkspaceStore::new()),
        &WorkspacesConfig {
            max_file_bytes: 1024,
            max_session_bytes: 4096,
            max_files: 10,
            ..WorkspacesConfig::default()
        },
    )
}

/// A change by no one in particular, at whatever revision the session is.
fn change(id: &str) -> Change {
    Change::new(id, None, None)
}

async fn session(ws: &Workspaces, id: &str) -> String {
    let request = CreateSession {
        id: Some(id.into()),
        ..CreateSession::default()
    };
    ws.create(request, &None).await.unwrap().id
}

async fn paths(ws: &Workspaces, id: &str) -> Vec<String> {
    ws.manifest(id, None)
        .await
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.path)
        .collect()
}

async fn text(ws: &Workspaces, id: &str, path: &str) -> String {
    String::from_utf8(ws.read(id, path, 0, None, None).await.unwrap().data).unwrap()
}

fn write(path: &str, content: &str) -> BatchOp {
    BatchOp::write(path, content)
}

#[tokio::test]
async fn renaming_a_directory_moves_its_contents() {
    let ws = service();
    let id = session(&ws, "s").await;
    ws.batch(
        &change(&id),
        vec![write("a/b/c.txt", "c"), write("a/d.txt", "d")],
    )
    .await
    .unwrap();
    ws.rename(&change(&id), "a", "z/a").await.unwrap();
    assert_eq!(
        paths(&ws, &id).await,
        ["z", "z/a", "z/a/b", "z/a/b/c.txt", "z/a/d.txt"]
    );
    assert_eq!(text(&ws, &id, "z/a/b/c.txt").await, "c");
    let session = ws.get(&id).await.unwrap();
    assert_eq!((session.file_count, session.size_bytes), (2, 2));
}

#[tokio::test]
async fn refused_edits_name_the_problem_and_change_nothing() {
    let ws = service();
    let id = session(&ws, "s").await;
    ws.batch(
        &change(&id),
        vec![write("dir/f.txt", "f"), write("g.txt", "g")],
    )
    .await
    .unwrap();
    let before = ws.manifest(&id, None).await.unwrap();
    let refusals = [
        ws.rename(&change(&id), "g.txt", "dir/f.txt").await,
        ws.rename(&change(&id), "dir", "dir/sub/dir").await,
        ws.write(&change(&id), "dir", b"x".to_vec(), None).await,
        ws.write(&change(&id), "g.txt/inside", b"x".to_vec(), None)
            .await,
        ws.delete(&change(&id), &["missing".into()]).await,
        ws.write(&change(&id), "big", vec![0; 1025], None).await,
        ws.write(&change(&id), "x", vec![0; 10], Some(0o1777)).await,
    ];
    let kinds: Vec<String> = refusals
        .into_iter()
        .map(|r| match r {
            Err(Error::AlreadyExists(_)) => "exists".into(),
            Err(Error::InvalidArgument(_)) => "invalid".into(),
            Err(Error::IsADirectory(_)) => "is-dir".into(),
            Err(Error::NotADirectory(_)) => "not-dir".into(),
            Err(Error::NotFound(_)) => "not-found".into(),
            Err(Error::TooLarge(_)) => "too-large".into(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "exists",
            "invalid",
            "is-dir",
            "not-dir",
            "not-found",
            "too-large",
            "invalid"
        ]
    );
    assert_eq!(ws.manifest(&id, None).await.unwrap(), before);
}

#[tokio::test]
async fn session_limits_count_every_file() {
    let ws = service();
    let id = session(&ws, "s").await;
    let many: Vec<BatchOp> = (0..11).map(|i| write(&format!("f{i}"), "x")).collect();
    assert!(matches!(
        ws.batch(&change(&id), many).await,
        Err(Error::TooLarge(_))
    ));
    let heavy: Vec<BatchOp> = (0..5)
        .map(|i| write(&format!("f{i}"), &"x".repeat(1000)))
        .collect();
    assert!(matches!(
        ws.batch(&change(&id), heavy).await,
        Err(Error::TooLarge(_))
    ));
    assert!(paths(&ws, &id).await.is_empty());
}

#[tokio::test]
async fn patches_write_ranges_grow_with_zeros_and_truncate() {
    let ws = service();
    let id = session(&ws, "s").await;
    ws.write(&change(&id), "f", b"hello world".to_vec(), None)
        .await
        .unwrap();
    let segment = |offset, text: &str| Segment::new(offset, text);
    ws.patch_segments(
        &change(&id),
        "f",
        vec![segment(0, "J"), segment(13, "!")],
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        ws.read(&id, "f", 0, None, None).await.unwrap().data,
        b"Jello world\0\0!"
    );
    ws.patch_segments(&change(&id), "f", vec![], Some(5))
        .await
        .unwrap();
    assert_eq!(text(&ws, &id, "f").await, "Jello");
    let part = ws.read(&id, "f", 1, Some(3), None).await.unwrap();
    assert_eq!((part.data.as_slice(), part.size), (&b"ell"[..], 5));
}

#[tokio::test]
async fn merges_keep_one_sided_changes_and_report_modify_delete() {
    let ws = service();
    let base = session(&ws, "base").await;
    ws.batch(
        &change(&base),
        vec![
            write("keep.txt", "k\n"),
            write("gone.txt", "g\n"),
            write("edit.txt", "e\n"),
        ],
    )
    .await
    .unwrap();
    let ours = ws
        .fork(&base, Some("ours".into()), BTreeMap::new(), &None)
        .await
        .unwrap()
        .id;
    let theirs = ws
        .fork(&base, Some("theirs".into()), BTreeMap::new(), &None)
        .await
        .unwrap()
        .id;
    ws.delete(&change(&theirs), &["gone.txt".into()])
        .await
        .unwrap();
    ws.write(&change(&theirs), "same.txt", b"both\n".to_vec(), None)
        .await
        .unwrap();
    ws.write(&change(&ours), "same.txt", b"both\n".to_vec(), None)
        .await
        .unwrap();
    let merged = ws.merge(&change(&ours), &theirs).await.unwrap();
    assert_eq!(merged.changed, ["gone.txt"]);
    assert_eq!(
        paths(&ws, &ours).await,
        ["edit.txt", "keep.txt", "same.txt"]
    );

    // One side edits what the other deleted: a conflict, and nothing moves.
    let left = ws
        .fork(&base, Some("left".into()), BTreeMap::new(), &None)
        .await
        .unwrap()
        .id;
    let right = ws
        .fork(&base, Some("right".into()), BTreeMap::new(), &None)
        .await
        .unwrap()
        .id;
    ws.write(&change(&left), "edit.txt", b"changed\n".to_vec(), None)
        .await
        .unwrap();
    ws.delete(&change(&right), &["edit.txt".into()])
        .await
        .unwrap();
    let before = ws.manifest(&left, None).await.unwrap();
    match ws.merge(&change(&left), &right).await {
        Err(Error::MergeConflict(conflicts)) => {
            assert_eq!(conflicts.len(), 1);
            assert_eq!(
                (conflicts[0].path.as_str(), conflicts[0].reason.as_str()),
                ("edit.txt", "modify-delete")
            );
            assert!(conflicts[0].ours.is_some() && conflicts[0].theirs.is_none());
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(ws.manifest(&left, None).await.unwrap(), before);
}

#[tokio::test]
async fn forks_and_checkpoints_share_the_tree() {
    let ws = service();
    let id = session(&ws, "s").await;
    ws.batch(
        &change(&id),
        vec![write("a/x.txt", "x"), write("b/y.txt", "y")],
    )
    .await
    .unwrap();
    let root = ws.get(&id).await.unwrap().root;
    let fork = ws.fork(&id, None, BTreeMap::new(), &None).await.unwrap();
    let checkpoint = ws.checkpoint(&change(&id), Some("c".into())).await.unwrap();
    assert_eq!(
        (fork.root.as_str(), checkpoint.root.as_str()),
        (root.as_str(), root.as_str())
    );
    // An edit in one directory keeps the other directory's object.
    ws.write(&change(&id), "a/x.txt", b"x2".to_vec(), None)
        .await
        .unwrap();
    let hash_of = |m: &Manifest, p: &str| {
        m.entries
            .iter()
            .find(|e| e.path == p)
            .map(|e| e.hash.clone())
    };
    let (before, after) = (
        ws.manifest(&fork.id, None).await.unwrap(),
        ws.manifest(&id, None).await.unwrap(),
    );
    assert_eq!(hash_of(&before, "b"), hash_of(&after, "b"));
    assert_ne!(hash_of(&before, "a"), hash_of(&after, "a"));
}

#[tokio::test]
async fn an_archived_session_takes_no_changes_but_can_be_forked() {
    let ws = service();
    let id = session(&ws, "s").await;
    ws.write(&change(&id), "f", b"kept".to_vec(), None)
        .await
        .unwrap();
    ws.archive(&change(&id)).await.unwrap();
    assert!(matches!(
        ws.checkpoint(&change(&id), None).await,
        Err(Error::Archived(_))
    ));
    assert!(matches!(
        ws.write(&change(&id), "g", vec![], None).await,
        Err(Error::Archived(_))
    ));
    assert!(matches!(
        ws.cache_put(&id, "k", 1.into(), None, None, &None).await,
        Err(Error::Archived(_))
    ));
    let revived = ws.fork(&id, None, BTreeMap::new(), &None).await.unwrap();
    assert_eq!(text(&ws, &revived.id, "f").await, "kept");
    ws.write(&change(&revived.id), "g", b"new".to_vec(), None)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_diff_lists_what_a_fork_changed_and_what_changed_between_checkpoints() {
    use aether_types::workspace::{FileChange, TreeRef};

    let ws = service();
    let id = session(&ws, "d").await;
    ws.batch(
        &change(&id),
        vec![
            write("src/keep.txt", "same"),
            write("src/edit.txt", "one\ntwo\n"),
            write("gone.txt", "bye"),
        ],
    )
    .await
    .unwrap();
    let first = ws.checkpoint(&change(&id), None).await.unwrap();
    let fork = ws.fork(&id, None, BTreeMap::new(), &None).await.unwrap();
    ws.batch(
        &change(&fork.id),
        vec![
            write("src/edit.txt", "one\n2\n"),
            write("new/deep/file.bin", "a\0b"),
        ],
    )
    .await
    .unwrap();
    ws.delete(&change(&fork.id), &["gone.txt".into()])
        .await
        .unwrap();

    let diff = ws
        .diff(&fork.id, &TreeRef::Base, &TreeRef::Head)
        .await
        .unwrap();
    let listed: Vec<(&str, FileChange, bool)> = diff
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.change, f.binary))
        .collect();
    assert_eq!(
        listed,
        [
            ("gone.txt", FileChange::Deleted, false),
            ("new/deep/file.bin", FileChange::Added, true),
            ("src/edit.txt", FileChange::Modified, false),
        ],
        "unchanged files are not listed; a binary file says so"
    );
    let edit = &diff.files[2];
    assert_eq!(
        (edit.before.as_deref(), edit.after.as_deref()),
        (Some("one\ntwo\n"), Some("one\n2\n"))
    );
    assert_eq!(
        (
            diff.files[1].before.as_deref(),
            diff.files[1].after.as_deref()
        ),
        (None, None)
    );

    // Between a checkpoint and the head of the session it belongs to.
    ws.write(&change(&id), "src/keep.txt", b"changed".to_vec(), None)
        .await
        .unwrap();
    let since = ws
        .diff(&id, &TreeRef::Checkpoint(first.id.clone()), &TreeRef::Head)
        .await
        .unwrap();
    assert_eq!(
        since
            .files
            .iter()
            .map(|f| f.path.as_str())
            .collect::<Vec<_>>(),
        ["src/keep.txt"]
    );
    // A blank session's base is the empty tree: everything is added.
    let all = ws.diff(&id, &TreeRef::Base, &TreeRef::Head).await.unwrap();
    assert!(all.files.iter().all(|f| f.change == FileChange::Added));
    assert_eq!(all.files.len(), 3);

    // Another session's checkpoint is not this session's.
    let err = ws
        .diff(&fork.id, &TreeRef::Checkpoint(first.id), &TreeRef::Head)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err}");
}

#[tokio::test]
async fn a_symlink_op_stores_a_link_whose_content_is_its_target() {
    let ws = service();
    let id = session(&ws, "s").await;
    ws.batch(
        &change(&id),
        vec![
            write("docs/guide.md", "guide"),
            write("docs/old", "a file the link replaces"),
            BatchOp::symlink("docs/latest", "guide.md"),
            BatchOp::symlink("docs/old", "../docs/guide.md"),
        ],
    )
    .await
    .unwrap();
    for (path, target) in [
        ("docs/latest", "guide.md"),
        ("docs/old", "../docs/guide.md"),
    ] {
        let link = ws.read(&id, path, 0, None, None).await.unwrap();
        assert_eq!(
            (link.kind, link.mode, link.data.as_slice()),
            (EntryKind::Symlink, 0o777, target.as_bytes()),
            "{path}"
        );
    }
    // A link never replaces a directory, as a write does not.
    let over_dir = ws
        .batch(&change(&id), vec![BatchOp::symlink("docs", "elsewhere")])
        .await;
    assert!(
        matches!(over_dir, Err(Error::IsADirectory(_))),
        "{over_dir:?}"
    );
}

#[tokio::test]
async fn a_link_target_outside_the_session_refuses_the_whole_batch() {
    let ws = service();
    let id = session(&ws, "s").await;
    ws.batch(&change(&id), vec![write("a/f.txt", "f")])
        .await
        .unwrap();
    let before = ws.manifest(&id, None).await.unwrap();
    for (link, target) in [
        ("link", "../outside"),
        ("a/link", "../../outside"),
        ("a/link", "../a/../../x"),
        ("a/link", "/etc/passwd"),
        ("link", "C:/x"),
        ("link", "a\\b"),
        ("link", ""),
    ] {
        let refused = ws
            .batch(
                &change(&id),
                vec![write("new.txt", "new"), BatchOp::symlink(link, target)],
            )
            .await;
        assert!(
            matches!(refused, Err(Error::InvalidArgument(_))),
            "{link} -> {target:?}: {refused:?}"
        );
    }
    assert_eq!(ws.manifest(&id, None).await.unwrap(), before);
}

#[tokio::test]
async fn chmod_changes_the_mode_of_a_file_or_directory_and_keeps_the_content() {
    let ws = service();
    let id = session(&ws, "s").await;
    ws.batch(
        &change(&id),
        vec![
            write("bin/tool", "#!/bin/sh\n"),
            write("bin/sub/x", "x"),
            BatchOp::symlink("bin/link", "tool"),
        ],
    )
    .await
    .unwrap();
    let before = ws.manifest(&id, None).await.unwrap();
    ws.batch(
        &change(&id),
        vec![
            BatchOp::chmod("bin/tool", 0o755),
            BatchOp::chmod("bin", 0o700),
            BatchOp::chmod("bin/sub", 0o750),
        ],
    )
    .await
    .unwrap();
    let after = ws.manifest(&id, None).await.unwrap();
    let mode = |m: &Manifest, path: &str| {
        let entry = m.entries.iter().find(|e| e.path == path).unwrap();
        (entry.mode, entry.hash.clone())
    };
    for (path, expected) in [
        ("bin", 0o700),
        ("bin/sub", 0o750),
        ("bin/tool", 0o755),
        ("bin/sub/x", 0o644),
        ("bin/link", 0o777),
    ] {
        assert_eq!(mode(&after, path).0, expected, "{path}");
    }
    // Only modes changed: the content was not sent again, and is the same object.
    for path in ["bin/tool", "bin/sub/x", "bin/link", "bin/sub"] {
        assert_eq!(mode(&after, path).1, mode(&before, path).1, "{path}");
    }
    assert_eq!(text(&ws, &id, "bin/tool").await, "#!/bin/sh\n");
    // The mode stays through a later edit inside the directory, and a rename.
    ws.batch(
        &change(&id),
        vec![write("bin/sub/y", "y"), BatchOp::rename("bin", "tools")],
    )
    .await
    .unwrap();
    let moved = ws.manifest(&id, None).await.unwrap();
    assert_eq!(mode(&moved, "tools").0, 0o700);
    assert_eq!(mode(&moved, "tools/sub").0, 0o750);
    assert_eq!(mode(&moved, "tools/tool").0, 0o755);
}

#[tokio::test]
async fn chmod_of_a_missing_path_a_link_or_a_bad_mode_changes_nothing() {
    let ws = service();
    let id = session(&ws, "s").await;
    ws.batch(
        &change(&id),
        vec![write("f", "f"), BatchOp::symlink("l", "f")],
    )
    .await
    .unwrap();
    let before = ws.manifest(&id, None).await.unwrap();
    let kind = |r: Result<_, Error>| match r {
        Err(Error::NotFound(_)) => "not-found".to_owned(),
        Err(Error::InvalidArgument(_)) => "invalid".to_owned(),
        other => format!("{other:?}"),
    };
    let mut kinds = Vec::new();
    for op in [
        BatchOp::chmod("missing", 0o600),
        BatchOp::chmod("f/inside", 0o600),
        BatchOp::chmod("l", 0o600),
        BatchOp::chmod("f", 0o1777),
        BatchOp::chmod("../f", 0o600),
    ] {
        kinds.push(kind(
            ws.batch(&change(&id), vec![BatchOp::chmod("f", 0o600), op])
                .await,
        ));
    }
    assert_eq!(
        kinds,
        ["not-found", "not-found", "invalid", "invalid", "invalid"]
    );
    assert_eq!(ws.manifest(&id, None).await.unwrap(), before);
}

#[tokio::test]
async fn a_checkpoint_is_read_by_id_or_name_after_the_session_moved_on() {
    let ws = service();
    let id = session(&ws, "s").await;
    ws.batch(
        &change(&id),
        vec![write("a.txt", "first"), write("gone", "g")],
    )
    .await
    .unwrap();
    let at_checkpoint = ws.manifest(&id, None).await.unwrap();
    let checkpoint = ws
        .checkpoint(&change(&id), Some("before-edit".into()))
        .await
        .unwrap();
    ws.batch(
        &change(&id),
        vec![write("a.txt", "second"), BatchOp::delete("gone")],
    )
    .await
    .unwrap();
    let head = ws.manifest(&id, None).await.unwrap();
    assert_ne!(head.root, at_checkpoint.root);

    for reference in [checkpoint.id.as_str(), "before-edit"] {
        let manifest = ws.manifest(&id, Some(reference)).await.unwrap();
        assert_eq!(manifest, at_checkpoint, "{reference}");
        assert_eq!(manifest.revision, checkpoint.revision);
        let file = ws
            .read(&id, "a.txt", 0, None, Some(reference))
            .await
            .unwrap();
        assert_eq!(
            (file.data.as_slice(), file.revision),
            (&b"first"[..], checkpoint.revision)
        );
        let part = ws
            .read(&id, "a.txt", 1, Some(3), Some(reference))
            .await
            .unwrap();
        assert_eq!(part.data, b"irs");
        assert!(ws.read(&id, "gone", 0, None, Some(reference)).await.is_ok());
    }
    assert_eq!(text(&ws, &id, "a.txt").await, "second");

    // Restore takes a name as well.
    let restored = ws.restore(&change(&id), "before-edit").await.unwrap();
    assert_eq!(restored.root, checkpoint.root);

    // A second checkpoint of the same name is the one the name now means.
    ws.write(&change(&id), "b.txt", b"b".to_vec(), None)
        .await
        .unwrap();
    ws.checkpoint(&change(&id), Some("before-edit".into()))
        .await
        .unwrap();
    let current = ws.manifest(&id, None).await.unwrap();
    assert_ne!(current.root, checkpoint.root);
    assert_eq!(
        ws.manifest(&id, Some("before-edit")).await.unwrap(),
        current
    );
    assert_eq!(head.revision, checkpoint.revision + 1);

    // Unknown, and another session's, checkpoints are not found.
    let other = session(&ws, "other").await;
    for (session, reference) in [(&id, "no-such"), (&other, checkpoint.id.as_str())] {
        assert!(
            matches!(
                ws.manifest(session, Some(reference)).await,
                Err(Error::NotFound(_))
            ),
            "{session} {reference}"
        );
        assert!(matches!(
            ws.read(session, "a.txt", 0, None, Some(reference)).await,
            Err(Error::NotFound(_))
        ));
    }
}
