//! The migrations build the schema the code expects, on an empty database and again on one
//! already migrated (a newer binary opening an older database runs only what is missing).

use aether_store_sql::{Location, SqlStore};

fn expected() -> Vec<(String, Vec<String>)> {
    let cols = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    vec![
        (
            "approvals".into(),
            cols(&[
                "id",
                "workflow_id",
                "position",
                "session_id",
                "reason",
                "state",
                "requested_at",
                "expires_at",
                "version",
                "record",
            ]),
        ),
        (
            "history".into(),
            cols(&[
                "workflow_id",
                "seq",
                "at",
                "kind",
                "position",
                "name",
                "attempt",
                "payload_size",
                "action",
            ]),
        ),
        ("nodes".into(), cols(&["id", "heartbeat_at"])),
        ("schedules".into(), cols(&["id", "version", "record"])),
        (
            "workflows".into(),
            cols(&[
                "id",
                "workflow_type",
                "status",
                "wait",
                "parent_id",
                "parent_position",
                "created_at",
                "updated_at",
                "closed_at",
                "version",
                "history_len",
                "lease_token",
                "lease_worker",
                "leased_at",
                "last_worker",
                "due_at",
                "wait_since",
                "lease_node",
            ]),
        ),
        (
            "ws_activities".into(),
            cols(&["workflow_id", "position", "session_id", "result"]),
        ),
        (
            "ws_annotations".into(),
            cols(&[
                "id",
                "session_id",
                "path",
                "line_start",
                "line_end",
                "author",
                "body",
                "resolved",
                "created_at",
                "updated_at",
            ]),
        ),
        (
            "ws_cache".into(),
            cols(&[
                "session_id",
                "key",
                "value",
                "version",
                "expires_at",
                "updated_at",
            ]),
        ),
        (
            "ws_checkpoints".into(),
            cols(&[
                "id",
                "session_id",
                "name",
                "revision",
                "root",
                "size_bytes",
                "file_count",
                "created_at",
            ]),
        ),
        (
            "ws_commits".into(),
            cols(&[
                "id",
                "source",
                "session_id",
                "parent",
                "root",
                "size_bytes",
                "file_count",
                "message",
                "author",
                "created_at",
            ]),
        ),
        (
            "ws_events".into(),
            cols(&[
                "session_id",
                "seq",
                "revision",
                "kind",
                "actor",
                "detail",
                "at",
            ]),
        ),
        (
            "ws_knowledge".into(),
            cols(&[
                "id",
                "source",
                "title",
                "body",
                "tags",
                "links",
                "author",
                "created_at",
            ]),
        ),
        (
            "ws_objects".into(),
            cols(&["hash", "size", "data", "written_at"]),
        ),
        (
            "ws_sessions".into(),
            cols(&[
                "id",
                "revision",
                "root",
                "size_bytes",
                "file_count",
                "state",
                "source",
                "base_commit",
                "last_commit",
                "parent_id",
                "parent_revision",
                "parent_root",
                "origin",
                "labels",
                "event_count",
                "created_at",
                "updated_at",
            ]),
        ),
        (
            "ws_sources".into(),
            cols(&[
                "name",
                "head_commit",
                "root",
                "size_bytes",
                "file_count",
                "created_at",
                "updated_at",
            ]),
        ),
    ]
}

async fn check(location: Location) {
    let store = SqlStore::open(&location)
        .await
        .expect("migrations apply to an empty database");
    assert_eq!(store.schema().await.unwrap(), expected());
    drop(store);
    let reopened = SqlStore::open(&location)
        .await
        .expect("an up-to-date database opens again");
    assert_eq!(reopened.schema().await.unwrap(), expected());
}

#[tokio::test]
async fn sqlite_schema_matches_the_code() {
    let dir = tempfile::tempdir().unwrap();
    check(Location::Sqlite(dir.path().join("nested/dir/aether.db"))).await;
}

#[tokio::test]
async fn postgres_schema_matches_the_code() {
    check(Location::Postgres(
        aether_store_sql::testing::fresh_postgres_url().await,
    ))
    .await;
}
