//! Workspaces in SQL, written once for SQLite and PostgreSQL (`$n` placeholders work in both).
//! The session row is the lock: every change reads it (`FOR UPDATE` on PostgreSQL; SQLite has a
//! single writer) and moves it in the transaction that appends the event.

use std::sync::Arc;

use aether_store::workspace::WorkspaceStore;

/// The workspace store of a SQL database, sharing the engine store's connections.
pub struct SqlWorkspaceStore;

impl SqlWorkspaceStore {
    pub(crate) fn sqlite(
        write: sqlx::SqlitePool,
        read: sqlx::SqlitePool,
        bus: Option<Arc<crate::bus::BusRelay>>,
    ) -> Arc<dyn WorkspaceStore> {
        Arc::new(sqlite::Impl { write, read, bus })
    }

    pub(crate) fn postgres(
        pool: sqlx::PgPool,
        bus: Option<Arc<crate::bus::BusRelay>>,
    ) -> Arc<dyn WorkspaceStore> {
        Arc::new(postgres::Impl {
            write: pool.clone(),
            read: pool,
            bus,
        })
    }
}

pub(crate) fn backend(err: sqlx::Error) -> aether_store::workspace::Error {
    // PostgreSQL refuses NUL in text (22021) and `\u0000` in JSON (22P05): a bad request,
    // not an outage.
    if let sqlx::Error::Database(db) = &err
        && matches!(db.code().as_deref(), Some("22021" | "22P05"))
    {
        return aether_store::workspace::Error::Rejected(
            "text must not contain NUL characters".into(),
        );
    }
    aether_store::workspace::Error::Backend(err.to_string())
}

fn corrupt(what: impl std::fmt::Display) -> aether_store::workspace::Error {
    aether_store::workspace::Error::Backend(format!("corrupt workspace row: {what}"))
}

/// About how many bytes of objects one transaction of `put_objects` writes (at least one
/// object, however large): small enough that a workflow commit waiting for the connection waits
/// for a fraction of a second, large enough that an import does not pay a commit per file.
const OBJECT_CHUNK_BYTES: usize = 4 << 20;

fn int(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn uint(value: i64) -> Result<u64, aether_store::workspace::Error> {
    u64::try_from(value).map_err(corrupt)
}

macro_rules! workspace_queries {
    ($db:ty, $for_update:literal, $lock_references:literal) => {
        use std::{collections::BTreeMap, sync::Arc};

        use aether_types::Millis;
        use async_trait::async_trait;
        use sqlx::{Pool, Row, Transaction};

        use super::{backend, corrupt, int, uint};
        use crate::transaction::in_transaction;
        use aether_store::workspace::{
            Activity, AnnotationRecord, Applied, CacheEntry, CheckpointRecord, CommitRecord,
            Effect, Error, EventRecord, Head, KnowledgeRecord, Lineage, NewEvent, Origin, Result,
            SessionChange,
            SessionFilter, SessionRecord, SessionState, SourceRecord, WorkspaceStore,
        };
        use serde_json::Value;

        type Db = $db;
        type DbRow = <Db as sqlx::Database>::Row;
        type Conn = <Db as sqlx::Database>::Connection;

        pub(super) struct Impl {
            pub(super) write: Pool<Db>,
            pub(super) read: Pool<Db>,
            /// Bus messages between the nodes sharing the database (PostgreSQL).
            pub(super) bus: Option<Arc<crate::bus::BusRelay>>,
        }

        /// The refusal that ends a transaction whose activity another call recorded first:
        /// what that call stored is read by `answer_repeat` once the transaction has rolled
        /// back (on SQLite it holds the one write connection).
        fn lost_race(activity: &Activity) -> Error {
            activity.already_applied(Value::Null)
        }

        impl Impl {
            /// Answers a change that lost the race to record its activity with the result the
            /// winner stored; any other outcome as it is.
            async fn answer_repeat<T>(&self, activity: Option<&Activity>, done: Result<T>) -> Result<T> {
                match (done, activity) {
                    (Err(Error::AlreadyApplied { result: Value::Null, .. }), Some(activity)) => {
                        Err(self.repeated(activity).await)
                    }
                    (done, _) => done,
                }
            }

            /// The error for a repeat of an activity whose change another call committed first.
            async fn repeated(&self, activity: &Activity) -> Error {
                let stored = match self.write.acquire().await {
                    Ok(mut conn) => activity_result_in(&mut conn, &activity.origin).await,
                    Err(err) => Err(backend(err)),
                };
                match stored {
                    Ok(Some(result)) => activity.already_applied(result),
                    Ok(None) => Error::Backend(format!(
                        "activity {}@{} was recorded and then vanished",
                        activity.origin.workflow_id, activity.origin.position
                    )),
                    Err(err) => err,
                }
            }
        }

        const SESSION_COLUMNS: &str = "id, revision, root, size_bytes, file_count, state, source, \
            base_commit, last_commit, parent_id, parent_revision, parent_root, origin, labels, \
            event_count, created_at, updated_at";

        fn text(r: &DbRow, col: &str) -> Result<String> {
            r.try_get::<String, _>(col).map_err(backend)
        }
        fn opt_text(r: &DbRow, col: &str) -> Result<Option<String>> {
            r.try_get::<Option<String>, _>(col).map_err(backend)
        }
        fn big(r: &DbRow, col: &str) -> Result<i64> {
            r.try_get::<i64, _>(col).map_err(backend)
        }
        fn count(r: &DbRow, col: &str) -> Result<u64> {
            uint(big(r, col)?)
        }
        fn opt_count(r: &DbRow, col: &str) -> Result<Option<u64>> {
            r.try_get::<Option<i64>, _>(col)
                .map_err(backend)?
                .map(uint)
                .transpose()
        }
        fn json(r: &DbRow, col: &str) -> Result<serde_json::Value> {
            serde_json::from_str(&text(r, col)?).map_err(corrupt)
        }

        fn decode_session(r: &DbRow) -> Result<SessionRecord> {
            let parent = match (opt_text(r, "parent_id")?, opt_count(r, "parent_revision")?, opt_text(r, "parent_root")?) {
                (Some(session_id), Some(revision), Some(root)) => Some(Lineage { session_id, revision, root }),
                _ => None,
            };
            let labels: BTreeMap<String, String> =
                serde_json::from_str(&text(r, "labels")?).map_err(corrupt)?;
            Ok(SessionRecord {
                id: text(r, "id")?,
                head: Head {
                    root: text(r, "root")?,
                    revision: count(r, "revision")?,
                    size_bytes: count(r, "size_bytes")?,
                    file_count: count(r, "file_count")?,
                },
                state: SessionState::parse(&text(r, "state")?).ok_or_else(|| corrupt("state"))?,
                source: opt_text(r, "source")?,
                base_commit: opt_text(r, "base_commit")?,
                last_commit: opt_text(r, "last_commit")?,
                parent,
                origin: json(r, "origin")?,
                labels,
                event_count: count(r, "event_count")?,
                created_at: big(r, "created_at")?,
                updated_at: big(r, "updated_at")?,
            })
        }

        fn decode_event(r: &DbRow) -> Result<EventRecord> {
            Ok(EventRecord {
                session_id: text(r, "session_id")?,
                seq: count(r, "seq")?,
                revision: count(r, "revision")?,
                kind: text(r, "kind")?,
                actor: opt_text(r, "actor")?,
                detail: json(r, "detail")?,
                at: big(r, "at")?,
            })
        }

        fn decode_checkpoint(r: &DbRow) -> Result<CheckpointRecord> {
            Ok(CheckpointRecord {
                id: text(r, "id")?,
                session_id: text(r, "session_id")?,
                name: opt_text(r, "name")?,
                head: Head {
                    root: text(r, "root")?,
                    revision: count(r, "revision")?,
                    size_bytes: count(r, "size_bytes")?,
                    file_count: count(r, "file_count")?,
                },
                created_at: big(r, "created_at")?,
            })
        }

        fn decode_annotation(r: &DbRow) -> Result<AnnotationRecord> {
            Ok(AnnotationRecord {
                id: text(r, "id")?,
                session_id: text(r, "session_id")?,
                path: text(r, "path")?,
                line_start: opt_count(r, "line_start")?,
                line_end: opt_count(r, "line_end")?,
                author: text(r, "author")?,
                body: text(r, "body")?,
                resolved: r.try_get::<bool, _>("resolved").map_err(backend)?,
                created_at: big(r, "created_at")?,
                updated_at: big(r, "updated_at")?,
            })
        }

        fn decode_source(r: &DbRow) -> Result<SourceRecord> {
            Ok(SourceRecord {
                name: text(r, "name")?,
                head_commit: text(r, "head_commit")?,
                root: text(r, "root")?,
                size_bytes: count(r, "size_bytes")?,
                file_count: count(r, "file_count")?,
                created_at: big(r, "created_at")?,
                updated_at: big(r, "updated_at")?,
            })
        }

        fn decode_commit(r: &DbRow) -> Result<CommitRecord> {
            Ok(CommitRecord {
                id: text(r, "id")?,
                source: text(r, "source")?,
                session_id: opt_text(r, "session_id")?,
                parent: opt_text(r, "parent")?,
                root: text(r, "root")?,
                size_bytes: count(r, "size_bytes")?,
                file_count: count(r, "file_count")?,
                message: text(r, "message")?,
                author: text(r, "author")?,
                created_at: big(r, "created_at")?,
            })
        }

        async fn insert_event(conn: &mut Conn, e: &EventRecord) -> Result<()> {
            sqlx::query(
                "INSERT INTO ws_events (session_id, seq, revision, kind, actor, detail, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&e.session_id)
            .bind(int(e.seq))
            .bind(int(e.revision))
            .bind(&e.kind)
            .bind(&e.actor)
            .bind(e.detail.to_string())
            .bind(e.at)
            .execute(conn)
            .await
            .map_err(backend)?;
            Ok(())
        }

        async fn activity_result_in(conn: &mut Conn, origin: &Origin) -> Result<Option<Value>> {
            let row = sqlx::query(
                "SELECT result FROM ws_activities WHERE workflow_id = $1 AND position = $2",
            )
            .bind(&origin.workflow_id)
            .bind(i64::from(origin.position))
            .fetch_optional(conn)
            .await
            .map_err(backend)?;
            row.map(|r| {
                let text: String = r.try_get("result").map_err(backend)?;
                serde_json::from_str(&text).map_err(corrupt)
            })
            .transpose()
        }

        /// Records the activity's result; false if its origin was recorded first (by a racing
        /// repeat of the call), in which case the caller must roll back.
        async fn record_activity(
            conn: &mut Conn,
            activity: &Activity,
            session_id: &str,
            applied: &Applied,
        ) -> Result<bool> {
            let result = (activity.result)(applied);
            let inserted = sqlx::query(
                "INSERT INTO ws_activities (workflow_id, position, session_id, result) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (workflow_id, position) DO NOTHING",
            )
            .bind(&activity.origin.workflow_id)
            .bind(i64::from(activity.origin.position))
            .bind(session_id)
            .bind(result.to_string())
            .execute(conn)
            .await
            .map_err(backend)?;
            Ok(inserted.rows_affected() == 1)
        }

        fn decode_knowledge(row: &DbRow) -> Result<KnowledgeRecord> {
            Ok(KnowledgeRecord {
                id: text(row, "id")?,
                source: text(row, "source")?,
                title: text(row, "title")?,
                body: text(row, "body")?,
                tags: serde_json::from_str(&text(row, "tags")?).map_err(corrupt)?,
                links: serde_json::from_str(&text(row, "links")?).map_err(corrupt)?,
                author: opt_text(row, "author")?,
                created_at: row.try_get("created_at").map_err(backend)?,
            })
        }

        async fn insert_commit(conn: &mut Conn, c: &CommitRecord) -> Result<()> {
            sqlx::query(
                "INSERT INTO ws_commits (id, source, session_id, parent, root, size_bytes, \
                 file_count, message, author, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(&c.id)
            .bind(&c.source)
            .bind(&c.session_id)
            .bind(&c.parent)
            .bind(&c.root)
            .bind(int(c.size_bytes))
            .bind(int(c.file_count))
            .bind(&c.message)
            .bind(&c.author)
            .bind(c.created_at)
            .execute(conn)
            .await
            .map_err(backend)?;
            Ok(())
        }

        /// The live version of a cache key (0 when absent or expired).
        async fn cache_version(conn: &mut Conn, session_id: &str, key: &str, now: Millis) -> Result<u64> {
            let row = sqlx::query(
                "SELECT version FROM ws_cache WHERE session_id = $1 AND key = $2 \
                 AND (expires_at IS NULL OR expires_at > $3)",
            )
            .bind(session_id)
            .bind(key)
            .bind(now)
            .fetch_optional(conn)
            .await
            .map_err(backend)?;
            row.map_or(Ok(0), |r| count(&r, "version"))
        }

        fn check_version(key: &str, expected: Option<u64>, actual: u64) -> Result<()> {
            match expected {
                Some(expected) if expected != actual => Err(Error::StaleCacheVersion {
                    key: key.to_owned(),
                    expected,
                    actual,
                }),
                _ => Ok(()),
            }
        }

        /// Applies the effect inside the change's transaction; returns a cache write's version.
        async fn apply_effect(conn: &mut Conn, session: &mut SessionRecord, effect: &Effect, at: Millis) -> Result<Option<u64>> {
            match effect {
                Effect::None => Ok(None),
                Effect::Checkpoint(c) => {
                    sqlx::query(
                        "INSERT INTO ws_checkpoints (id, session_id, name, revision, root, \
                         size_bytes, file_count, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(&c.id)
                    .bind(&c.session_id)
                    .bind(&c.name)
                    .bind(int(c.head.revision))
                    .bind(&c.head.root)
                    .bind(int(c.head.size_bytes))
                    .bind(int(c.head.file_count))
                    .bind(c.created_at)
                    .execute(conn)
                    .await
                    .map_err(backend)?;
                    Ok(None)
                }
                Effect::CacheSet { key, value, expect_version, expires_at } => {
                    let actual = cache_version(&mut *conn, &session.id, key, at).await?;
                    check_version(key, *expect_version, actual)?;
                    let version = actual + 1;
                    sqlx::query(
                        "INSERT INTO ws_cache (session_id, key, value, version, expires_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (session_id, key) DO UPDATE SET \
                         value = excluded.value, version = excluded.version, \
                         expires_at = excluded.expires_at, updated_at = excluded.updated_at",
                    )
                    .bind(&session.id)
                    .bind(key)
                    .bind(value.to_string())
                    .bind(int(version))
                    .bind(*expires_at)
                    .bind(at)
                    .execute(conn)
                    .await
                    .map_err(backend)?;
                    Ok(Some(version))
                }
                Effect::CacheDelete { key, expect_version } => {
                    let actual = cache_version(&mut *conn, &session.id, key, at).await?;
                    check_version(key, *expect_version, actual)?;
                    sqlx::query("DELETE FROM ws_cache WHERE session_id = $1 AND key = $2")
                        .bind(&session.id)
                        .bind(key)
                        .execute(conn)
                        .await
                        .map_err(backend)?;
                    Ok(None)
                }
                Effect::Annotate(a) => {
                    sqlx::query(
                        "INSERT INTO ws_annotations (id, session_id, path, line_start, line_end, \
                         author, body, resolved, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(&a.id)
                    .bind(&a.session_id)
                    .bind(&a.path)
                    .bind(a.line_start.map(int))
                    .bind(a.line_end.map(int))
                    .bind(&a.author)
                    .bind(&a.body)
                    .bind(a.resolved)
                    .bind(a.created_at)
                    .bind(a.updated_at)
                    .execute(conn)
                    .await
                    .map_err(backend)?;
                    Ok(None)
                }
                Effect::Resolve { annotation_id, resolved } => {
                    let done = sqlx::query(
                        "UPDATE ws_annotations SET resolved = $1, updated_at = $2 \
                         WHERE id = $3 AND session_id = $4",
                    )
                    .bind(*resolved)
                    .bind(at)
                    .bind(annotation_id)
                    .bind(&session.id)
                    .execute(conn)
                    .await
                    .map_err(backend)?;
                    if done.rows_affected() == 0 {
                        return Err(Error::AnnotationNotFound(annotation_id.clone()));
                    }
                    Ok(None)
                }
                Effect::Commit(c) => {
                    insert_commit(conn, c).await?;
                    session.last_commit = Some(c.id.clone());
                    Ok(None)
                }
                Effect::Promote { commit, expect_head } => {
                    let query = format!("SELECT head_commit FROM ws_sources WHERE name = $1{}", $for_update);
                    let actual = sqlx::query(&query)
                        .bind(&commit.source)
                        .fetch_optional(&mut *conn)
                        .await
                        .map_err(backend)?
                        .map(|r| text(&r, "head_commit"))
                        .transpose()?;
                    if actual != *expect_head {
                        return Err(Error::SourceMoved {
                            source_name: commit.source.clone(),
                            expected: expect_head.clone().unwrap_or_else(|| "(none)".into()),
                            actual: actual.unwrap_or_else(|| "(none)".into()),
                        });
                    }
                    insert_commit(&mut *conn, commit).await?;
                    let written = sqlx::query(
                        "INSERT INTO ws_sources (name, head_commit, root, size_bytes, file_count, \
                         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) \
                         ON CONFLICT (name) DO UPDATE SET head_commit = excluded.head_commit, \
                         root = excluded.root, size_bytes = excluded.size_bytes, \
                         file_count = excluded.file_count, updated_at = excluded.updated_at \
                         WHERE ws_sources.head_commit = $7",
                    )
                    .bind(&commit.source)
                    .bind(&commit.id)
                    .bind(&commit.root)
                    .bind(int(commit.size_bytes))
                    .bind(int(commit.file_count))
                    .bind(at)
                    .bind(expect_head.clone().unwrap_or_default())
                    .execute(conn)
                    .await
                    .map_err(backend)?;
                    if written.rows_affected() == 0 {
                        // Another node created or moved the source between our read and write.
                        return Err(Error::SourceMoved {
                            source_name: commit.source.clone(),
                            expected: expect_head.clone().unwrap_or_else(|| "(none)".into()),
                            actual: "(changed concurrently)".into(),
                        });
                    }
                    session.source = Some(commit.source.clone());
                    session.base_commit = Some(commit.id.clone());
                    session.last_commit = Some(commit.id.clone());
                    Ok(None)
                }
            }
        }

        async fn store_session(conn: &mut Conn, s: &SessionRecord) -> Result<()> {
            sqlx::query(
                "UPDATE ws_sessions SET revision = $1, root = $2, size_bytes = $3, file_count = $4, \
                 state = $5, source = $6, base_commit = $7, last_commit = $8, event_count = $9, \
                 updated_at = $10 WHERE id = $11",
            )
            .bind(int(s.head.revision))
            .bind(&s.head.root)
            .bind(int(s.head.size_bytes))
            .bind(int(s.head.file_count))
            .bind(s.state.as_str())
            .bind(&s.source)
            .bind(&s.base_commit)
            .bind(&s.last_commit)
            .bind(int(s.event_count))
            .bind(s.updated_at)
            .bind(&s.id)
            .execute(conn)
            .await
            .map_err(backend)?;
            Ok(())
        }

        #[async_trait]
        impl WorkspaceStore for Impl {
            /// In transactions of about `OBJECT_CHUNK_BYTES` each, giving the connection back
            /// in between: a large import must not hold it for seconds, since on SQLite it is
            /// the engine's one write connection too, and the pool hands it to waiters in turn,
            /// so workflow commits go between the chunks. Objects written by an import that fails
            /// halfway are referenced by nothing, and the collector removes them.
            async fn put_objects(&self, objects: Vec<(String, Vec<u8>)>) -> Result<()> {
                let now = aether_types::now_millis();
                let mut objects = objects.into_iter().peekable();
                while objects.peek().is_some() {
                    in_transaction(&self.write, async |tx: &mut Transaction<'_, Db>| {
                        let mut written = 0usize;
                        while written < super::OBJECT_CHUNK_BYTES
                            && let Some((hash, data)) = objects.next()
                        {
                            written = written.saturating_add(data.len().max(1));
                            sqlx::query(
                                "INSERT INTO ws_objects (hash, size, data, written_at) VALUES ($1, $2, $3, $4) \
                                 ON CONFLICT (hash) DO UPDATE SET written_at = excluded.written_at",
                            )
                            .bind(hash)
                            .bind(i64::try_from(data.len()).unwrap_or(i64::MAX))
                            .bind(data)
                            .bind(now)
                            .execute(&mut **tx)
                            .await
                            .map_err(backend)?;
                        }
                        Ok(())
                    })
                    .await?;
                }
                Ok(())
            }

            async fn collect_garbage(
                &self,
                written_before: Millis,
                children: &aether_store::workspace::Children,
            ) -> Result<aether_store::workspace::Collected> {
                in_transaction(&self.write, async |tx: &mut Transaction<'_, Db>| {
                    if !$lock_references.is_empty() {
                        sqlx::query($lock_references).execute(&mut **tx).await.map_err(backend)?;
                    }
                    let mut roots: Vec<(String, bool)> = Vec::new();
                    for query in [
                        "SELECT root FROM ws_sessions WHERE state <> 'archived'",
                        "SELECT c.root FROM ws_checkpoints c JOIN ws_sessions s ON s.id = c.session_id \
                         WHERE s.state <> 'archived'",
                        "SELECT root FROM ws_commits",
                        "SELECT root FROM ws_sources",
                    ] {
                        for row in sqlx::query(query).fetch_all(&mut **tx).await.map_err(backend)? {
                            roots.push((text(&row, "root")?, true));
                        }
                    }
                    for row in sqlx::query("SELECT result FROM ws_activities")
                        .fetch_all(&mut **tx)
                        .await
                        .map_err(backend)?
                    {
                        let result: Value = serde_json::from_str(&text(&row, "result")?).map_err(corrupt)?;
                        if let Some(hash) = result.get("hash").and_then(Value::as_str) {
                            roots.push((hash.to_owned(), false));
                        }
                    }
                    let mut marker = aether_store::workspace::Marker::new(roots, children);
                    while let Some(tree) = marker.next_tree() {
                        let row = sqlx::query("SELECT data FROM ws_objects WHERE hash = $1")
                            .bind(&tree)
                            .fetch_optional(&mut **tx)
                            .await
                            .map_err(backend)?;
                        let bytes = row.map(|r| r.try_get::<Vec<u8>, _>("data")).transpose().map_err(backend)?;
                        marker.visit(bytes.as_deref());
                    }
                    let marked = marker.marked();
                    let old = sqlx::query("SELECT hash, size FROM ws_objects WHERE written_at < $1")
                        .bind(written_before)
                        .fetch_all(&mut **tx)
                        .await
                        .map_err(backend)?;
                    let mut collected = aether_store::workspace::Collected {
                        live: marked.len() as u64,
                        ..Default::default()
                    };
                    for row in old {
                        let hash = text(&row, "hash")?;
                        if marked.contains(&hash) {
                            continue;
                        }
                        sqlx::query("DELETE FROM ws_objects WHERE hash = $1")
                            .bind(&hash)
                            .execute(&mut **tx)
                            .await
                            .map_err(backend)?;
                        collected.removed += 1;
                        collected.removed_bytes += uint(row.try_get::<i64, _>("size").map_err(backend)?)?;
                    }
                    Ok(collected)
                })
                .await
            }

            async fn object(&self, hash: &str) -> Result<Option<Vec<u8>>> {
                let row = sqlx::query("SELECT data FROM ws_objects WHERE hash = $1")
                    .bind(hash)
                    .fetch_optional(&self.read)
                    .await
                    .map_err(backend)?;
                row.map(|r| r.try_get::<Vec<u8>, _>("data").map_err(backend))
                    .transpose()
            }

            async fn create_session(
                &self,
                mut s: SessionRecord,
                new: NewEvent,
                activity: Option<Activity>,
            ) -> Result<EventRecord> {
                s.event_count = 1;
                let done = in_transaction(&self.write, async |tx: &mut Transaction<'_, Db>| {
                    if let Some(activity) = &activity
                        && let Some(result) = activity_result_in(tx, &activity.origin).await?
                    {
                        return Err(activity.already_applied(result));
                    }
                    let created = sqlx::query(
                        "INSERT INTO ws_sessions (id, revision, root, size_bytes, file_count, state, \
                         source, base_commit, last_commit, parent_id, parent_revision, parent_root, \
                         origin, labels, event_count, created_at, updated_at) VALUES \
                         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
                         ON CONFLICT (id) DO NOTHING",
                    )
                    .bind(&s.id)
                    .bind(int(s.head.revision))
                    .bind(&s.head.root)
                    .bind(int(s.head.size_bytes))
                    .bind(int(s.head.file_count))
                    .bind(s.state.as_str())
                    .bind(&s.source)
                    .bind(&s.base_commit)
                    .bind(&s.last_commit)
                    .bind(s.parent.as_ref().map(|p| p.session_id.clone()))
                    .bind(s.parent.as_ref().map(|p| int(p.revision)))
                    .bind(s.parent.as_ref().map(|p| p.root.clone()))
                    .bind(s.origin.to_string())
                    .bind(serde_json::to_string(&s.labels).map_err(corrupt)?)
                    .bind(int(s.event_count))
                    .bind(s.created_at)
                    .bind(s.updated_at)
                    .execute(&mut **tx)
                    .await
                    .map_err(backend)?;
                    if created.rows_affected() == 0 {
                        return Err(Error::SessionExists(s.id));
                    }
                    // Checked after the insert, which waits for a running collector: the tree the
                    // session starts from must still exist once nothing can remove it.
                    let present = sqlx::query("SELECT 1 FROM ws_objects WHERE hash = $1")
                        .bind(&s.head.root)
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err(backend)?;
                    if present.is_none() {
                        return Err(Error::ContentGone(s.head.root));
                    }
                    let first = EventRecord {
                        session_id: s.id.clone(),
                        seq: 1,
                        revision: s.head.revision,
                        kind: new.kind,
                        actor: new.actor,
                        detail: new.detail,
                        at: s.created_at,
                    };
                    insert_event(tx, &first).await?;
                    if let Some(activity) = &activity {
                        let applied = Applied { event: first.clone(), cache_version: None };
                        if !record_activity(tx, activity, &s.id, &applied).await? {
                            return Err(lost_race(activity));
                        }
                    }
                    Ok(first)
                })
                .await;
                self.answer_repeat(activity.as_ref(), done).await
            }

            async fn session(&self, id: &str) -> Result<Option<SessionRecord>> {
                let query = format!("SELECT {SESSION_COLUMNS} FROM ws_sessions WHERE id = $1");
                let row = sqlx::query(&query)
                    .bind(id)
                    .fetch_optional(&self.read)
                    .await
                    .map_err(backend)?;
                row.as_ref().map(decode_session).transpose()
            }

            async fn sessions(&self, filter: &SessionFilter) -> Result<Vec<SessionRecord>> {
                // Filters on indexed columns in SQL; labels (a JSON column) in Rust.
                let mut q = sqlx::QueryBuilder::<Db>::new(format!(
                    "SELECT {SESSION_COLUMNS} FROM ws_sessions WHERE 1 = 1"
                ));
                if let Some(state) = filter.state {
                    q.push(" AND state = ").push_bind(state.as_str());
                }
                if let Some(source) = &filter.source {
                    q.push(" AND source = ").push_bind(source.clone());
                }
                if let Some(parent) = &filter.parent {
                    q.push(" AND parent_id = ").push_bind(parent.clone());
                }
                q.push(" ORDER BY created_at DESC, id DESC");
                if filter.labels.is_empty()
                    && let Some(limit) = filter.limit
                {
                    q.push(" LIMIT ").push_bind(i64::try_from(limit).unwrap_or(i64::MAX));
                }
                let rows = q.build().fetch_all(&self.read).await.map_err(backend)?;
                let mut found = Vec::new();
                for row in &rows {
                    let s = decode_session(row)?;
                    if filter.matches(&s) {
                        found.push(s);
                    }
                }
                found.truncate(filter.limit.unwrap_or(usize::MAX));
                Ok(found)
            }

            async fn apply(&self, change: SessionChange) -> Result<Applied> {
                let done = in_transaction(&self.write, async |tx: &mut Transaction<'_, Db>| {
                    let query = format!(
                        "SELECT {SESSION_COLUMNS} FROM ws_sessions WHERE id = $1{}",
                        $for_update
                    );
                    let row = sqlx::query(&query)
                        .bind(&change.session_id)
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err(backend)?;
                    let Some(row) = row else {
                        return Err(Error::SessionNotFound(change.session_id));
                    };
                    if let Some(activity) = &change.activity
                        && let Some(result) = activity_result_in(tx, &activity.origin).await?
                    {
                        return Err(activity.already_applied(result));
                    }
                    let mut session = decode_session(&row)?;
                    if let Some(expected) = change.expect_revision
                        && expected != session.head.revision
                    {
                        return Err(Error::StaleRevision {
                            id: session.id,
                            expected,
                            actual: session.head.revision,
                        });
                    }
                    let cache_version = apply_effect(tx, &mut session, &change.effect, change.at).await?;
                    if let Some(head) = change.head {
                        session.head = head;
                    }
                    if let Some(state) = change.state {
                        session.state = state;
                    }
                    session.event_count += 1;
                    session.updated_at = change.at;
                    let event = EventRecord {
                        session_id: session.id.clone(),
                        seq: session.event_count,
                        revision: session.head.revision,
                        kind: change.event.kind,
                        actor: change.event.actor,
                        detail: change.event.detail,
                        at: change.at,
                    };
                    store_session(tx, &session).await?;
                    insert_event(tx, &event).await?;
                    let applied = Applied { event, cache_version };
                    if let Some(activity) = &change.activity
                        && !record_activity(tx, activity, &session.id, &applied).await?
                    {
                        return Err(lost_race(activity));
                    }
                    Ok(applied)
                })
                .await;
                self.answer_repeat(change.activity.as_ref(), done).await
            }

            async fn add_knowledge(&self, k: KnowledgeRecord) -> Result<()> {
                sqlx::query(
                    "INSERT INTO ws_knowledge (id, source, title, body, tags, links, author, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(&k.id)
                .bind(&k.source)
                .bind(&k.title)
                .bind(&k.body)
                .bind(serde_json::to_string(&k.tags).map_err(corrupt)?)
                .bind(k.links.to_string())
                .bind(&k.author)
                .bind(k.created_at)
                .execute(&self.write)
                .await
                .map_err(backend)?;
                Ok(())
            }

            async fn knowledge(
                &self,
                source: &str,
                tag: Option<&str>,
                contains: Option<&str>,
                limit: usize,
            ) -> Result<Vec<KnowledgeRecord>> {
                // Narrowed here by source (and a tag's quoted JSON form), checked exactly below.
                let mut q = sqlx::QueryBuilder::<Db>::new(
                    "SELECT id, source, title, body, tags, links, author, created_at FROM ws_knowledge \
                     WHERE source = ",
                );
                q.push_bind(source.to_owned());
                if let Some(tag) = tag {
                    q.push(" AND tags LIKE ").push_bind(format!("%{}%", serde_json::Value::from(tag)));
                }
                q.push(" ORDER BY created_at DESC, id DESC");
                let rows = q.build().fetch_all(&self.read).await.map_err(backend)?;
                let mut found = Vec::new();
                for row in &rows {
                    let record = decode_knowledge(row)?;
                    if record.matches(tag, contains) {
                        found.push(record);
                        if found.len() >= limit {
                            break;
                        }
                    }
                }
                Ok(found)
            }

            async fn knowledge_entry(&self, id: &str) -> Result<Option<KnowledgeRecord>> {
                let row = sqlx::query(
                    "SELECT id, source, title, body, tags, links, author, created_at FROM ws_knowledge WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.read)
                .await
                .map_err(backend)?;
                row.as_ref().map(decode_knowledge).transpose()
            }

            async fn delete_knowledge(&self, id: &str) -> Result<bool> {
                let deleted = sqlx::query("DELETE FROM ws_knowledge WHERE id = $1")
                    .bind(id)
                    .execute(&self.write)
                    .await
                    .map_err(backend)?;
                Ok(deleted.rows_affected() > 0)
            }

            async fn activity_result(&self, origin: &Origin) -> Result<Option<Value>> {
                let mut conn = self.read.acquire().await.map_err(backend)?;
                activity_result_in(&mut conn, origin).await
            }

            async fn events(&self, session_id: &str, after: u64, limit: usize) -> Result<Vec<EventRecord>> {
                let rows = sqlx::query(
                    "SELECT session_id, seq, revision, kind, actor, detail, at FROM ws_events \
                     WHERE session_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                )
                .bind(session_id)
                .bind(int(after))
                .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                .fetch_all(&self.read)
                .await
                .map_err(backend)?;
                rows.iter().map(decode_event).collect()
            }

            async fn checkpoints(&self, session_id: &str) -> Result<Vec<CheckpointRecord>> {
                let rows = sqlx::query(
                    "SELECT id, session_id, name, revision, root, size_bytes, file_count, created_at \
                     FROM ws_checkpoints WHERE session_id = $1 ORDER BY created_at, revision, id",
                )
                .bind(session_id)
                .fetch_all(&self.read)
                .await
                .map_err(backend)?;
                rows.iter().map(decode_checkpoint).collect()
            }

            async fn checkpoint(&self, id: &str) -> Result<Option<CheckpointRecord>> {
                let row = sqlx::query(
                    "SELECT id, session_id, name, revision, root, size_bytes, file_count, created_at \
                     FROM ws_checkpoints WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.read)
                .await
                .map_err(backend)?;
                row.as_ref().map(decode_checkpoint).transpose()
            }

            async fn cache_get(&self, session_id: &str, key: &str, now: Millis) -> Result<Option<CacheEntry>> {
                let row = sqlx::query(
                    "SELECT key, value, version, expires_at, updated_at FROM ws_cache \
                     WHERE session_id = $1 AND key = $2 AND (expires_at IS NULL OR expires_at > $3)",
                )
                .bind(session_id)
                .bind(key)
                .bind(now)
                .fetch_optional(&self.read)
                .await
                .map_err(backend)?;
                row.map(|r| {
                    Ok(CacheEntry {
                        key: text(&r, "key")?,
                        value: json(&r, "value")?,
                        version: count(&r, "version")?,
                        expires_at: r.try_get::<Option<i64>, _>("expires_at").map_err(backend)?,
                        updated_at: big(&r, "updated_at")?,
                    })
                })
                .transpose()
            }

            async fn annotations(&self, session_id: &str) -> Result<Vec<AnnotationRecord>> {
                let rows = sqlx::query(
                    "SELECT id, session_id, path, line_start, line_end, author, body, resolved, \
                     created_at, updated_at FROM ws_annotations WHERE session_id = $1 \
                     ORDER BY created_at, id",
                )
                .bind(session_id)
                .fetch_all(&self.read)
                .await
                .map_err(backend)?;
                rows.iter().map(decode_annotation).collect()
            }

            async fn source(&self, name: &str) -> Result<Option<SourceRecord>> {
                let row = sqlx::query(
                    "SELECT name, head_commit, root, size_bytes, file_count, created_at, updated_at \
                     FROM ws_sources WHERE name = $1",
                )
                .bind(name)
                .fetch_optional(&self.read)
                .await
                .map_err(backend)?;
                row.as_ref().map(decode_source).transpose()
            }

            async fn sources(&self) -> Result<Vec<SourceRecord>> {
                let rows = sqlx::query(
                    "SELECT name, head_commit, root, size_bytes, file_count, created_at, updated_at \
                     FROM ws_sources ORDER BY name",
                )
                .fetch_all(&self.read)
                .await
                .map_err(backend)?;
                rows.iter().map(decode_source).collect()
            }

            async fn commit(&self, id: &str) -> Result<Option<CommitRecord>> {
                let row = sqlx::query(
                    "SELECT id, source, session_id, parent, root, size_bytes, file_count, message, \
                     author, created_at FROM ws_commits WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.read)
                .await
                .map_err(backend)?;
                row.as_ref().map(decode_commit).transpose()
            }

            async fn commits(&self, source: &str) -> Result<Vec<CommitRecord>> {
                let rows = sqlx::query(
                    "SELECT id, source, session_id, parent, root, size_bytes, file_count, message, \
                     author, created_at FROM ws_commits WHERE source = $1 \
                     ORDER BY created_at DESC, id DESC",
                )
                .bind(source)
                .fetch_all(&self.read)
                .await
                .map_err(backend)?;
                rows.iter().map(decode_commit).collect()
            }

            async fn announce_published(&self, published: &aether_store::workspace::Published) -> Result<()> {
                match &self.bus {
                    Some(bus) => bus.announce(published).await,
                    None => Ok(()),
                }
            }

            fn published_elsewhere(
                &self,
            ) -> Option<tokio::sync::broadcast::Receiver<aether_store::workspace::Published>> {
                self.bus.as_ref().map(|bus| bus.subscribe())
            }
        }
    };
}

mod sqlite {
    // SQLite has one writer: the collector's transaction alone changes anything while it runs.
    workspace_queries!(sqlx::Sqlite, "", "");
}

mod postgres {
    // Writers of anything that references content wait while the collector marks and sweeps.
    workspace_queries!(
        sqlx::Postgres,
        " FOR UPDATE",
        "LOCK TABLE ws_sessions, ws_checkpoints, ws_commits, ws_sources, ws_activities IN SHARE MODE"
    );
}
