//! The [`WorkspaceStore`] suite: what every backend must do with sessions, their changes and
//! the records changes add. It guards, above all, the rules of `apply` that the memory and SQL
//! backends each write out: the revision check, each [`Effect`]'s own check, and that a refused
//! change leaves everything as it was.

use std::collections::BTreeMap;

use aether_types::Millis;
use serde_json::json;

use crate::workspace::{
    AnnotationRecord, CheckpointRecord, CommitRecord, Effect, Error, EventRecord, Head, Lineage,
    NewEvent, SessionChange, SessionFilter, SessionRecord, SessionState, WorkspaceStore,
};

fn head(root: &str, revision: u64) -> Head {
    Head {
        root: root.into(),
        revision,
        size_bytes: 10 * revision,
        file_count: revision,
    }
}

/// The content every test session starts from; stored before sessions are created, as the
/// workspace service stores a tree before the session that starts from it.
async fn with_root(store: &dyn WorkspaceStore) {
    store
        .put_objects(vec![("root-0".into(), b"root".to_vec())])
        .await
        .unwrap();
}

fn session(id: &str, created_at: Millis) -> SessionRecord {
    SessionRecord {
        id: id.into(),
        head: head("root-0", 0),
        state: SessionState::Active,
        source: None,
        base_commit: None,
        last_commit: None,
        parent: None,
        origin: json!({"kind": "blank"}),
        labels: BTreeMap::new(),
        event_count: 0,
        created_at,
        updated_at: created_at,
    }
}

fn new_event(kind: &str) -> NewEvent {
    NewEvent {
        kind: kind.into(),
        actor: Some("tester".into()),
        detail: json!({"kind": kind}),
    }
}

/// A change that records only its event, at whatever revision the session is.
fn change(session_id: &str, kind: &str, effect: Effect, at: Millis) -> SessionChange {
    SessionChange {
        session_id: session_id.into(),
        expect_revision: None,
        head: None,
        state: None,
        event: new_event(kind),
        effect,
        at,
        activity: None,
    }
}

/// A change that moves the tree from `from` to the next revision.
fn edit(session_id: &str, from: u64, at: Millis) -> SessionChange {
    SessionChange {
        expect_revision: Some(from),
        head: Some(head(&format!("root-{}", from + 1), from + 1)),
        ..change(session_id, "files.written", Effect::None, at)
    }
}

async fn create(store: &dyn WorkspaceStore, record: SessionRecord) -> SessionRecord {
    with_root(store).await;
    store
        .create_session(record.clone(), new_event("session.created"), None)
        .await
        .unwrap();
    store.session(&record.id).await.unwrap().unwrap()
}

async fn stored(store: &dyn WorkspaceStore, id: &str) -> SessionRecord {
    store.session(id).await.unwrap().unwrap()
}

async fn all_events(store: &dyn WorkspaceStore, id: &str) -> Vec<EventRecord> {
    store.events(id, 0, usize::MAX >> 1).await.unwrap()
}

fn commit_record(id: &str, source: &str, parent: Option<&str>, at: Millis) -> CommitRecord {
    CommitRecord {
        id: id.into(),
        source: source.into(),
        session_id: Some("s".into()),
        parent: parent.map(Into::into),
        root: format!("root-of-{id}"),
        size_bytes: 42,
        file_count: 3,
        message: format!("commit {id}"),
        author: "tester".into(),
        created_at: at,
    }
}

/// Everything a refused change must leave as it was.
async fn snapshot(store: &dyn WorkspaceStore, id: &str) -> (SessionRecord, Vec<EventRecord>) {
    (stored(store, id).await, all_events(store, id).await)
}

pub async fn creates_sessions_once_with_their_first_event(store: &dyn WorkspaceStore) {
    store
        .put_objects(vec![("root-2".into(), b"tree".to_vec())])
        .await
        .unwrap();
    let record = SessionRecord {
        labels: BTreeMap::from([("team".to_owned(), "a".to_owned())]),
        parent: Some(Lineage {
            session_id: "origin".into(),
            revision: 3,
            root: "root-3".into(),
        }),
        source: Some("main".into()),
        base_commit: Some("c1".into()),
        head: head("root-2", 2),
        ..session("s", 100)
    };
    let first = store
        .create_session(record.clone(), new_event("session.created"), None)
        .await
        .unwrap();
    assert_eq!(
        first,
        EventRecord {
            session_id: "s".into(),
            seq: 1,
            revision: 2,
            kind: "session.created".into(),
            actor: Some("tester".into()),
            detail: json!({"kind": "session.created"}),
            at: 100,
        }
    );
    assert_eq!(
        stored(store, "s").await,
        SessionRecord {
            event_count: 1,
            ..record.clone()
        }
    );
    let err = store
        .create_session(session("s", 200), new_event("session.created"), None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::SessionExists(ref id) if id == "s"),
        "{err}"
    );
    assert_eq!(stored(store, "s").await.created_at, 100);
    assert_eq!(all_events(store, "s").await, vec![first]);
    assert!(store.session("missing").await.unwrap().is_none());
}

pub async fn a_change_applies_only_at_the_revision_it_was_computed_from(
    store: &dyn WorkspaceStore,
) {
    create(store, session("s", 1)).await;
    let applied = store.apply(edit("s", 0, 10)).await.unwrap();
    assert_eq!((applied.event.seq, applied.event.revision), (2, 1));
    assert_eq!(applied.cache_version, None);
    let moved = stored(store, "s").await;
    assert_eq!(moved.head, head("root-1", 1));
    assert_eq!((moved.event_count, moved.updated_at), (2, 10));

    // Computed from revision 0 again: refused, and neither the tree, the events nor the
    // change's record move.
    let before = snapshot(store, "s").await;
    let stale = SessionChange {
        effect: Effect::Checkpoint(CheckpointRecord {
            id: "cp-stale".into(),
            session_id: "s".into(),
            name: None,
            head: head("root-1", 1),
            created_at: 20,
        }),
        ..edit("s", 0, 20)
    };
    let err = store.apply(stale).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::StaleRevision { ref id, expected: 0, actual: 1 } if id == "s"
        ),
        "{err}"
    );
    assert_eq!(snapshot(store, "s").await, before);
    assert!(store.checkpoint("cp-stale").await.unwrap().is_none());

    let err = store.apply(edit("missing", 0, 30)).await.unwrap_err();
    assert!(
        matches!(err, Error::SessionNotFound(ref id) if id == "missing"),
        "{err}"
    );
}

pub async fn changes_without_an_expected_revision_apply_at_any(store: &dyn WorkspaceStore) {
    create(store, session("s", 1)).await;
    store.apply(edit("s", 0, 2)).await.unwrap();
    let applied = store
        .apply(change("s", "bus.published", Effect::None, 3))
        .await
        .unwrap();
    assert_eq!((applied.event.seq, applied.event.revision), (3, 1));
    let archived = store
        .apply(SessionChange {
            state: Some(SessionState::Archived),
            ..change("s", "session.archived", Effect::None, 4)
        })
        .await
        .unwrap();
    assert_eq!(archived.event.seq, 4);
    let s = stored(store, "s").await;
    assert_eq!(s.state, SessionState::Archived);
    assert_eq!(s.head, head("root-1", 1));
    assert_eq!((s.event_count, s.updated_at), (4, 4));
}

pub async fn a_checkpoint_is_recorded_with_its_change(store: &dyn WorkspaceStore) {
    create(store, session("s", 1)).await;
    create(store, session("other", 1)).await;
    let checkpoint = |id: &str, session_id: &str, revision: u64, at: Millis| CheckpointRecord {
        id: id.into(),
        session_id: session_id.into(),
        name: Some(format!("name of {id}")),
        head: head(&format!("root-{revision}"), revision),
        created_at: at,
    };
    store
        .apply(change(
            "s",
            "checkpoint.created",
            Effect::Checkpoint(checkpoint("cp-1", "s", 0, 5)),
            5,
        ))
        .await
        .unwrap();
    store.apply(edit("s", 0, 6)).await.unwrap();
    store
        .apply(change(
            "s",
            "checkpoint.created",
            Effect::Checkpoint(CheckpointRecord {
                name: None,
                ..checkpoint("cp-2", "s", 1, 7)
            }),
            7,
        ))
        .await
        .unwrap();
    store
        .apply(change(
            "other",
            "checkpoint.created",
            Effect::Checkpoint(checkpoint("cp-other", "other", 0, 6)),
            6,
        ))
        .await
        .unwrap();
    assert_eq!(
        store.checkpoint("cp-1").await.unwrap(),
        Some(checkpoint("cp-1", "s", 0, 5))
    );
    let listed: Vec<String> = store
        .checkpoints("s")
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(listed, ["cp-1", "cp-2"]);
    assert_eq!(
        store.checkpoints("s").await.unwrap()[1].name,
        None,
        "an unnamed checkpoint stays unnamed"
    );
    assert!(store.checkpoint("missing").await.unwrap().is_none());
    assert!(store.checkpoints("missing").await.unwrap().is_empty());
}

fn cache_set(key: &str, value: serde_json::Value, expect: Option<u64>) -> Effect {
    Effect::CacheSet {
        key: key.into(),
        value,
        expect_version: expect,
        expires_at: None,
    }
}

pub async fn cache_writes_compare_and_set_their_version(store: &dyn WorkspaceStore) {
    create(store, session("s", 1)).await;
    create(store, session("other", 1)).await;
    let set = |value, expect, at| change("s", "cache.set", cache_set("k", value, expect), at);

    // 0 means "must not exist".
    let applied = store.apply(set(json!("one"), Some(0), 10)).await.unwrap();
    assert_eq!(applied.cache_version, Some(1));
    let entry = store.cache_get("s", "k", 10).await.unwrap().unwrap();
    assert_eq!(
        (
            entry.key.as_str(),
            &entry.value,
            entry.version,
            entry.expires_at,
            entry.updated_at
        ),
        ("k", &json!("one"), 1, None, 10)
    );

    // A stale version is refused and changes nothing, not even the event log.
    let before = snapshot(store, "s").await;
    let err = store
        .apply(set(json!("lost"), Some(0), 11))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::StaleCacheVersion { ref key, expected: 0, actual: 1 } if key == "k"),
        "{err}"
    );
    assert_eq!(snapshot(store, "s").await, before);
    assert_eq!(store.cache_get("s", "k", 11).await.unwrap().unwrap(), entry);

    let applied = store.apply(set(json!("two"), Some(1), 12)).await.unwrap();
    assert_eq!(applied.cache_version, Some(2));
    // No expectation: any version.
    let applied = store.apply(set(json!({"n": 3}), None, 13)).await.unwrap();
    assert_eq!(applied.cache_version, Some(3));
    assert_eq!(
        store.cache_get("s", "k", 13).await.unwrap().unwrap().value,
        json!({"n": 3})
    );

    // Keys belong to their session.
    assert!(store.cache_get("other", "k", 13).await.unwrap().is_none());
    let applied = store
        .apply(change(
            "other",
            "cache.set",
            cache_set("k", json!(1), Some(0)),
            13,
        ))
        .await
        .unwrap();
    assert_eq!(applied.cache_version, Some(1));

    let delete = |expect, at| {
        change(
            "s",
            "cache.deleted",
            Effect::CacheDelete {
                key: "k".into(),
                expect_version: expect,
            },
            at,
        )
    };
    let before = snapshot(store, "s").await;
    let err = store.apply(delete(Some(2), 14)).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::StaleCacheVersion {
                expected: 2,
                actual: 3,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(snapshot(store, "s").await, before);
    let applied = store.apply(delete(Some(3), 15)).await.unwrap();
    assert_eq!(applied.cache_version, None);
    assert!(store.cache_get("s", "k", 15).await.unwrap().is_none());
    assert_eq!(
        store
            .cache_get("other", "k", 15)
            .await
            .unwrap()
            .unwrap()
            .version,
        1
    );
    // Deleted is absent: "must not exist" holds again, and versions start over.
    let applied = store.apply(set(json!("again"), Some(0), 16)).await.unwrap();
    assert_eq!(applied.cache_version, Some(1));
}

pub async fn cache_entries_expire(store: &dyn WorkspaceStore) {
    create(store, session("s", 1)).await;
    let set = |expect, expires_at, at| {
        change(
            "s",
            "cache.set",
            Effect::CacheSet {
                key: "k".into(),
                value: json!("v"),
                expect_version: expect,
                expires_at,
            },
            at,
        )
    };
    store.apply(set(Some(0), Some(100), 10)).await.unwrap();
    let entry = store.cache_get("s", "k", 99).await.unwrap().unwrap();
    assert_eq!(entry.expires_at, Some(100));
    assert!(store.cache_get("s", "k", 100).await.unwrap().is_none());
    // Before it expires, it exists.
    let err = store.apply(set(Some(0), None, 50)).await.unwrap_err();
    assert!(
        matches!(err, Error::StaleCacheVersion { actual: 1, .. }),
        "{err}"
    );
    // Once expired it counts as absent: "must not exist" succeeds and versions start over.
    let applied = store.apply(set(Some(0), None, 100)).await.unwrap();
    assert_eq!(applied.cache_version, Some(1));
    let entry = store.cache_get("s", "k", 1_000_000).await.unwrap().unwrap();
    assert_eq!((entry.version, entry.expires_at), (1, None));
}

pub async fn annotations_are_added_and_resolved(store: &dyn WorkspaceStore) {
    create(store, session("s", 1)).await;
    create(store, session("other", 1)).await;
    let note = |id: &str, session_id: &str, at: Millis| AnnotationRecord {
        id: id.into(),
        session_id: session_id.into(),
        path: "src/main.rs".into(),
        line_start: Some(3),
        line_end: Some(5),
        author: "reviewer".into(),
        body: format!("body of {id}"),
        resolved: false,
        created_at: at,
        updated_at: at,
    };
    for (id, session_id, at) in [("a1", "s", 10), ("a2", "s", 11), ("b1", "other", 12)] {
        store
            .apply(change(
                session_id,
                "annotation.added",
                Effect::Annotate(note(id, session_id, at)),
                at,
            ))
            .await
            .unwrap();
    }
    let unplaced = AnnotationRecord {
        line_start: None,
        line_end: None,
        ..note("a3", "s", 13)
    };
    store
        .apply(change(
            "s",
            "annotation.added",
            Effect::Annotate(unplaced.clone()),
            13,
        ))
        .await
        .unwrap();
    assert_eq!(
        store.annotations("s").await.unwrap(),
        vec![note("a1", "s", 10), note("a2", "s", 11), unplaced]
    );

    let resolve = |session_id: &str, annotation_id: &str, resolved: bool, at: Millis| {
        change(
            session_id,
            "annotation.resolved",
            Effect::Resolve {
                annotation_id: annotation_id.into(),
                resolved,
            },
            at,
        )
    };
    store.apply(resolve("s", "a2", true, 20)).await.unwrap();
    let a2 = store.annotations("s").await.unwrap().remove(1);
    assert_eq!((a2.resolved, a2.updated_at, a2.created_at), (true, 20, 11));
    store.apply(resolve("s", "a2", false, 21)).await.unwrap();
    assert!(!store.annotations("s").await.unwrap()[1].resolved);

    // Unknown, or another session's: refused, nothing changes.
    for (session_id, annotation_id) in [("s", "missing"), ("s", "b1")] {
        let before = snapshot(store, session_id).await;
        let err = store
            .apply(resolve(session_id, annotation_id, true, 22))
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::AnnotationNotFound(ref id) if id == annotation_id),
            "{err}"
        );
        assert_eq!(snapshot(store, session_id).await, before);
    }
    assert!(!store.annotations("other").await.unwrap()[0].resolved);
    assert!(store.annotations("missing").await.unwrap().is_empty());
}

pub async fn a_commit_becomes_the_sessions_last(store: &dyn WorkspaceStore) {
    create(store, session("s", 1)).await;
    let first = commit_record("c1", "main", None, 10);
    let second = commit_record("c2", "main", Some("c1"), 11);
    let elsewhere = commit_record("c3", "docs", None, 12);
    for (commit, at) in [(&first, 10), (&second, 11), (&elsewhere, 12)] {
        store
            .apply(change("s", "committed", Effect::Commit(commit.clone()), at))
            .await
            .unwrap();
    }
    let s = stored(store, "s").await;
    assert_eq!(s.last_commit.as_deref(), Some("c3"));
    // A commit records history; it does not move a source or the session's baseline.
    assert_eq!((s.source, s.base_commit), (None, None));
    assert!(store.source("main").await.unwrap().is_none());
    assert_eq!(store.commit("c2").await.unwrap(), Some(second.clone()));
    assert_eq!(store.commits("main").await.unwrap(), vec![second, first]);
    assert_eq!(store.commits("docs").await.unwrap(), vec![elsewhere]);
    assert!(store.commit("missing").await.unwrap().is_none());
    assert!(store.commits("missing").await.unwrap().is_empty());
}

pub async fn promotion_moves_a_source_only_from_the_head_expected(store: &dyn WorkspaceStore) {
    create(store, session("s", 1)).await;
    let promote = |commit: &CommitRecord, expect_head: Option<&str>, at| {
        change(
            "s",
            "promoted",
            Effect::Promote {
                commit: commit.clone(),
                expect_head: expect_head.map(Into::into),
            },
            at,
        )
    };
    let first = commit_record("c1", "main", None, 10);
    store.apply(promote(&first, None, 10)).await.unwrap();
    let source = store.source("main").await.unwrap().unwrap();
    assert_eq!(
        (
            source.name.as_str(),
            source.head_commit.as_str(),
            source.root.as_str(),
            source.size_bytes,
            source.file_count,
            source.created_at,
            source.updated_at,
        ),
        ("main", "c1", "root-of-c1", 42, 3, 10, 10)
    );
    let s = stored(store, "s").await;
    assert_eq!(
        (
            s.source.as_deref(),
            s.base_commit.as_deref(),
            s.last_commit.as_deref()
        ),
        (Some("main"), Some("c1"), Some("c1"))
    );

    // The source exists (and is at c1): "must not exist" and "at c0" are both refused, and
    // nothing is recorded.
    let second = commit_record("c2", "main", Some("c1"), 11);
    for expect in [None, Some("c0")] {
        let before = snapshot(store, "s").await;
        let err = store.apply(promote(&second, expect, 11)).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::SourceMoved { ref source_name, ref actual, .. }
                    if source_name == "main" && actual == "c1"
            ),
            "{err}"
        );
        assert_eq!(snapshot(store, "s").await, before);
        assert_eq!(store.source("main").await.unwrap(), Some(source.clone()));
        assert!(store.commit("c2").await.unwrap().is_none());
    }

    store.apply(promote(&second, Some("c1"), 12)).await.unwrap();
    let moved = store.source("main").await.unwrap().unwrap();
    assert_eq!(
        (
            moved.head_commit.as_str(),
            moved.created_at,
            moved.updated_at
        ),
        ("c2", 10, 12)
    );
    assert_eq!(stored(store, "s").await.base_commit.as_deref(), Some("c2"));
    assert_eq!(store.commits("main").await.unwrap(), vec![second, first]);

    store
        .apply(promote(&commit_record("d1", "docs", None, 13), None, 13))
        .await
        .unwrap();
    let names: Vec<String> = store
        .sources()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["docs", "main"]);
}

pub async fn events_are_gapless_and_paged(store: &dyn WorkspaceStore) {
    create(store, session("s", 1)).await;
    create(store, session("other", 1)).await;
    for revision in 0..4 {
        store
            .apply(edit("s", revision, 10 + revision as i64))
            .await
            .unwrap();
        store
            .apply(change(
                "s",
                "bus.published",
                Effect::None,
                20 + revision as i64,
            ))
            .await
            .unwrap();
    }
    store
        .apply(change("other", "bus.published", Effect::None, 30))
        .await
        .unwrap();
    let events = all_events(store, "s").await;
    assert_eq!(
        events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=9).collect::<Vec<u64>>()
    );
    // Each event carries the session's revision after it.
    assert_eq!(
        events.iter().map(|e| e.revision).collect::<Vec<_>>(),
        [0, 1, 1, 2, 2, 3, 3, 4, 4]
    );
    assert!(events.iter().all(|e| e.session_id == "s"));
    assert_eq!(stored(store, "s").await.event_count, 9);
    let page = store.events("s", 2, 3).await.unwrap();
    assert_eq!(page, events[2..5].to_vec());
    assert_eq!(
        store.events("s", 8, 10).await.unwrap(),
        events[8..].to_vec()
    );
    assert!(store.events("s", 9, 10).await.unwrap().is_empty());
    assert!(store.events("s", 0, 0).await.unwrap().is_empty());
    assert_eq!(all_events(store, "other").await.len(), 2);
    assert!(all_events(store, "missing").await.is_empty());
}

pub async fn objects_are_immutable_and_idempotent(store: &dyn WorkspaceStore) {
    store
        .put_objects(vec![
            ("h1".into(), b"first".to_vec()),
            ("h2".into(), Vec::new()),
            ("h1".into(), b"first".to_vec()),
        ])
        .await
        .unwrap();
    assert_eq!(store.object("h1").await.unwrap(), Some(b"first".to_vec()));
    assert_eq!(store.object("h2").await.unwrap(), Some(Vec::new()));
    // A hash names its content: what is stored under it stays.
    store
        .put_objects(vec![("h1".into(), b"other".to_vec())])
        .await
        .unwrap();
    assert_eq!(store.object("h1").await.unwrap(), Some(b"first".to_vec()));
    store.put_objects(Vec::new()).await.unwrap();
    let binary: Vec<u8> = (0..=255).collect();
    store
        .put_objects(vec![("h3".into(), binary.clone())])
        .await
        .unwrap();
    assert_eq!(store.object("h3").await.unwrap(), Some(binary));
    assert!(store.object("missing").await.unwrap().is_none());
}

pub async fn sessions_are_listed_newest_first_with_filters(store: &dyn WorkspaceStore) {
    let labels = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let child_of = |parent: &str| {
        Some(Lineage {
            session_id: parent.into(),
            revision: 0,
            root: "root-0".into(),
        })
    };
    for record in [
        SessionRecord {
            source: Some("main".into()),
            labels: labels(&[("team", "a"), ("env", "dev")]),
            ..session("s1", 1)
        },
        SessionRecord {
            source: Some("main".into()),
            parent: child_of("s1"),
            labels: labels(&[("team", "a")]),
            ..session("s2", 2)
        },
        SessionRecord {
            parent: child_of("s1"),
            labels: labels(&[("team", "b"), ("env", "dev")]),
            ..session("s3", 3)
        },
        SessionRecord {
            source: Some("docs".into()),
            labels: labels(&[("team", "a"), ("env", "dev")]),
            ..session("s4", 4)
        },
        // Same creation time as s4: the id breaks the tie, newest (greatest) first.
        session("s5", 4),
    ] {
        create(store, record).await;
    }
    store
        .apply(SessionChange {
            state: Some(SessionState::Archived),
            ..change("s2", "session.archived", Effect::None, 5)
        })
        .await
        .unwrap();

    let listed = |filter: SessionFilter| async move {
        store
            .sessions(&filter)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        listed(SessionFilter::default()).await,
        ["s5", "s4", "s3", "s2", "s1"]
    );
    assert_eq!(
        listed(SessionFilter {
            limit: Some(2),
            ..SessionFilter::default()
        })
        .await,
        ["s5", "s4"]
    );
    assert_eq!(
        listed(SessionFilter {
            state: Some(SessionState::Archived),
            ..SessionFilter::default()
        })
        .await,
        ["s2"]
    );
    assert_eq!(
        listed(SessionFilter {
            state: Some(SessionState::Active),
            ..SessionFilter::default()
        })
        .await,
        ["s5", "s4", "s3", "s1"]
    );
    assert_eq!(
        listed(SessionFilter {
            source: Some("main".into()),
            ..SessionFilter::default()
        })
        .await,
        ["s2", "s1"]
    );
    assert_eq!(
        listed(SessionFilter {
            parent: Some("s1".into()),
            ..SessionFilter::default()
        })
        .await,
        ["s3", "s2"]
    );
    let team_a_dev = labels(&[("team", "a"), ("env", "dev")]);
    assert_eq!(
        listed(SessionFilter {
            labels: team_a_dev.clone(),
            ..SessionFilter::default()
        })
        .await,
        ["s4", "s1"]
    );
    // The limit counts matching sessions, not the ones read before the labels were checked.
    assert_eq!(
        listed(SessionFilter {
            labels: team_a_dev,
            limit: Some(1),
            ..SessionFilter::default()
        })
        .await,
        ["s4"]
    );
    assert_eq!(
        listed(SessionFilter {
            source: Some("main".into()),
            state: Some(SessionState::Active),
            labels: labels(&[("team", "a")]),
            ..SessionFilter::default()
        })
        .await,
        ["s1"]
    );
    assert!(
        listed(SessionFilter {
            labels: labels(&[("team", "c")]),
            ..SessionFilter::default()
        })
        .await
        .is_empty()
    );
}

fn activity(workflow: &str, position: u32) -> crate::workspace::Activity {
    crate::workspace::Activity {
        origin: crate::workspace::Origin {
            workflow_id: workflow.into(),
            position,
        },
        result: std::sync::Arc::new(
            |applied: &crate::workspace::Applied| json!({ "seq": applied.event.seq, "version": applied.cache_version }),
        ),
    }
}

/// A workflow activity's change applies at most once for its origin, keeps its result in the
/// same transaction, and a repeat gets that result and changes nothing.
pub async fn an_activity_applies_once_per_origin(store: &dyn WorkspaceStore) {
    create(store, session("s", 1)).await;
    let mut first = change("s", "cache.set", cache_set("k", json!(1), Some(0)), 10);
    first.activity = Some(activity("wf", 3));
    store.apply(first.clone()).await.unwrap();
    let kept = json!({ "seq": 2, "version": 1 });
    assert_eq!(
        store
            .activity_result(&activity("wf", 3).origin)
            .await
            .unwrap(),
        Some(kept.clone())
    );

    // The repeat is refused with the first result, even though its compare-and-set (expecting
    // version 0 again) would have failed on its own: nothing is checked or applied twice.
    let before = snapshot(store, "s").await;
    match store.apply(first).await {
        Err(Error::AlreadyApplied {
            result,
            position: 3,
            ..
        }) => assert_eq!(result, kept),
        other => panic!("expected AlreadyApplied, got {other:?}"),
    }
    assert_eq!(snapshot(store, "s").await, before);
    assert_eq!(
        store
            .cache_get("s", "k", 11)
            .await
            .unwrap()
            .unwrap()
            .version,
        1
    );

    // A session an activity created is created once too.
    let created = store
        .create_session(
            session("t", 2),
            new_event("session.created"),
            Some(activity("wf", 4)),
        )
        .await
        .unwrap();
    assert_eq!(created.seq, 1);
    assert!(matches!(
        store
            .create_session(
                session("t2", 3),
                new_event("session.created"),
                Some(activity("wf", 4))
            )
            .await,
        Err(Error::AlreadyApplied { .. })
    ));
    assert!(store.session("t2").await.unwrap().is_none());
    // Another position of the same workflow is another activity.
    let mut next = change("s", "cache.set", cache_set("k", json!(2), Some(1)), 12);
    next.activity = Some(activity("wf", 5));
    assert_eq!(store.apply(next).await.unwrap().cache_version, Some(2));
    assert_eq!(
        store
            .activity_result(&activity("wf", 6).origin)
            .await
            .unwrap(),
        None
    );
}

/// Racing calls of one activity, each creating another session: one creates its session; each
/// other is refused with the winner's result and leaves nothing behind. On PostgreSQL the calls
/// overlap, and a loser is stopped either by the check before its change or, when it read
/// before the winner committed, by the unique origin at the end; which, varies by run, so
/// there are several rounds.
pub async fn racing_repeats_of_an_activity_apply_once(store: &dyn WorkspaceStore) {
    with_root(store).await;
    for round in 0..5u32 {
        let racer = || crate::workspace::Activity {
            origin: crate::workspace::Origin {
                workflow_id: "wf".into(),
                position: round,
            },
            result: std::sync::Arc::new(
                |applied: &crate::workspace::Applied| json!({ "session": applied.event.session_id }),
            ),
        };
        let ids: Vec<String> = (0..8).map(|i| format!("race-{round}-{i}")).collect();
        let outcomes = futures::future::join_all(ids.iter().map(|id| {
            store.create_session(session(id, 1), new_event("session.created"), Some(racer()))
        }))
        .await;
        let winners: Vec<&String> = ids
            .iter()
            .zip(&outcomes)
            .filter(|(_, outcome)| outcome.is_ok())
            .map(|(id, _)| id)
            .collect();
        assert_eq!(winners.len(), 1, "{outcomes:?}");
        let winner = json!({ "session": winners[0] });
        for outcome in &outcomes {
            match outcome {
                Ok(_) => {}
                Err(Error::AlreadyApplied { result, .. }) => assert_eq!(result, &winner),
                Err(other) => panic!("expected AlreadyApplied, got {other}"),
            }
        }
        for id in &ids {
            assert_eq!(
                store.session(id).await.unwrap().is_some(),
                id == winners[0],
                "{id}"
            );
        }
    }
}

/// Directory objects in the collector tests: `dir:` then the children, `d` or `f` before each.
fn fake_children(bytes: &[u8]) -> Option<Vec<(String, bool)>> {
    let text = std::str::from_utf8(bytes).ok()?.strip_prefix("dir:")?;
    Some(
        text.split(',')
            .filter(|c| !c.is_empty())
            .map(|c| (c[1..].to_owned(), c.starts_with('d')))
            .collect(),
    )
}

/// The collector removes old content that nothing live references (an archived session's
/// tree, an orphan), keeps what a live session, its checkpoints or a workflow activity's result
/// reference, spares recent objects, and a session can no longer start from removed content.
pub async fn the_collector_removes_only_old_unreferenced_content(store: &dyn WorkspaceStore) {
    let objects = [
        ("live-root", "dir:dlive-sub,flive-file"),
        ("live-sub", "dir:fshared"),
        ("live-file", "a"),
        ("shared", "s"),
        ("gone-root", "dir:fgone-file,fshared"),
        ("gone-file", "g"),
        ("checkpoint-root", "dir:fkept-by-checkpoint"),
        ("kept-by-checkpoint", "k"),
        ("read-by-workflow", "r"),
        ("orphan", "o"),
    ];
    store
        .put_objects(
            objects
                .iter()
                .map(|(h, d)| ((*h).to_owned(), d.as_bytes().to_vec()))
                .collect(),
        )
        .await
        .unwrap();
    let live = SessionRecord {
        head: head("live-root", 1),
        ..session("live", 1)
    };
    let gone = SessionRecord {
        head: head("gone-root", 1),
        ..session("gone", 1)
    };
    store
        .create_session(live, new_event("session.created"), None)
        .await
        .unwrap();
    store
        .create_session(gone, new_event("session.created"), None)
        .await
        .unwrap();
    let mut checkpoint = change(
        "live",
        "checkpoint.created",
        Effect::Checkpoint(CheckpointRecord {
            id: "cp".into(),
            session_id: "live".into(),
            name: None,
            head: head("checkpoint-root", 1),
            created_at: 2,
        }),
        2,
    );
    checkpoint.activity = Some(crate::workspace::Activity {
        origin: crate::workspace::Origin {
            workflow_id: "wf".into(),
            position: 1,
        },
        result: std::sync::Arc::new(
            |_: &crate::workspace::Applied| json!({ "hash": "read-by-workflow" }),
        ),
    });
    store.apply(checkpoint).await.unwrap();
    let mut archive = change("gone", "session.archived", Effect::None, 3);
    archive.state = Some(SessionState::Archived);
    store.apply(archive).await.unwrap();

    // Everything was written just now: nothing is old enough to go.
    let spared = store.collect_garbage(0, &fake_children).await.unwrap();
    assert_eq!(spared.removed, 0);

    let far_future = aether_types::now_millis() + 3_600_000;
    let collected = store
        .collect_garbage(far_future, &fake_children)
        .await
        .unwrap();
    assert_eq!(
        (collected.removed, collected.removed_bytes),
        (3, ("dir:fgone-file,fshared".len() + 1 + 1) as u64),
        "the archived session's tree, its own file and the orphan"
    );
    for (hash, _) in objects {
        let kept = store.object(hash).await.unwrap().is_some();
        assert_eq!(
            kept,
            !["gone-root", "gone-file", "orphan"].contains(&hash),
            "{hash}"
        );
    }
    // A fork of the archived session now finds its content gone, and creates nothing.
    let fork = SessionRecord {
        head: head("gone-root", 1),
        ..session("fork", 4)
    };
    assert!(matches!(
        store
            .create_session(fork, new_event("session.created"), None)
            .await,
        Err(Error::ContentGone(_))
    ));
    assert!(store.session("fork").await.unwrap().is_none());
}

fn knowledge(
    id: &str,
    source: &str,
    title: &str,
    tags: &[&str],
    at: Millis,
) -> crate::workspace::KnowledgeRecord {
    crate::workspace::KnowledgeRecord {
        id: id.into(),
        source: source.into(),
        title: title.into(),
        body: format!("Notes about {title}."),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        links: json!([{ "path": "src/lib.rs" }]),
        author: Some("ana".into()),
        created_at: at,
    }
}

/// Knowledge entries are kept per source (no session needed), listed newest first, filtered by
/// an exact tag and by text in the title or body, read and deleted by id.
pub async fn knowledge_is_kept_per_source_and_searched(store: &dyn WorkspaceStore) {
    let entries = [
        knowledge("k1", "app", "Build steps", &["build", "ci"], 1),
        knowledge("k2", "app", "Flaky test in parser", &["tests"], 2),
        knowledge("k3", "app", "Release checklist", &["ci-release"], 3),
        knowledge("k4", "other", "Build steps", &["build"], 4),
    ];
    for entry in &entries {
        store.add_knowledge(entry.clone()).await.unwrap();
    }
    let ids = |found: Vec<crate::workspace::KnowledgeRecord>| {
        found.into_iter().map(|k| k.id).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(store.knowledge("app", None, None, 10).await.unwrap()),
        ["k3", "k2", "k1"]
    );
    // A tag matches exactly: `ci` is not `ci-release`.
    assert_eq!(
        ids(store.knowledge("app", Some("ci"), None, 10).await.unwrap()),
        ["k1"]
    );
    assert_eq!(
        ids(store
            .knowledge("app", None, Some("parser"), 10)
            .await
            .unwrap()),
        ["k2"]
    );
    assert_eq!(
        ids(store
            .knowledge("app", None, Some("notes about"), 2)
            .await
            .unwrap()),
        ["k3", "k2"]
    );
    assert_eq!(
        ids(store
            .knowledge("app", Some("build"), Some("steps"), 10)
            .await
            .unwrap()),
        ["k1"]
    );
    assert_eq!(
        store.knowledge_entry("k4").await.unwrap(),
        Some(entries[3].clone())
    );
    assert!(store.delete_knowledge("k4").await.unwrap());
    assert!(!store.delete_knowledge("k4").await.unwrap());
    assert_eq!(store.knowledge_entry("k4").await.unwrap(), None);
    assert!(
        store
            .knowledge("other", None, None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}
