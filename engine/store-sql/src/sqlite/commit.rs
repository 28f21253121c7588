//! SQLite's group commit, on a thread of its own.
//!
//! sqlx runs every SQLite statement on its connection's own thread, so a batch committed through
//! sqlx costs a round trip per statement (BEGIN, the rows, the actions, COMMIT: four at the
//! least), and each round trip is two thread wake-ups. Profiled at L2, that was most of what a
//! commit cost besides its fsync (`bench/README.md`). Here the writer's one lane is driven by a
//! thread that takes the write pool's one connection, which sqlx lends through its
//! `lock_handle`, and commits batches on it with rusqlite while it is locked. It is the
//! connection every other write of this store uses, so SQLite still has one writer, in the same
//! order.
//!
//! Under load the thread keeps the connection for the batches that queued up meanwhile (up to
//! [`HELD_BATCHES`]), so that one batch follows the other with no thread hand-off in between:
//! each hand-off is a wake-up that waits for a free core, and on a machine whose cores are busy
//! (the workers and clients beside the engine) those waits, not the commits, set the pace.
//!
//! What a batch does mirrors `apply_one` in `queries.rs` (the column encodings are shared,
//! `columns.rs`), and the store's conformance suite holds the two to the same answers.

use std::panic::AssertUnwindSafe;

use aether_store::{Error, Result, WorkflowWrite};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sqlx::{SqliteConnection, SqlitePool, pool::PoolConnection};
use tokio::runtime::Handle;

use crate::{
    backend_error,
    columns::{
        APPROVAL_COLUMNS, APPROVAL_UPSERT, ApprovalColumns, HISTORY_COLUMNS, ROW_COLUMNS,
        RowColumns, event_columns, int,
    },
    writer::{Lane, Writer},
};

/// The most batches committed in a row on the write connection before it goes back to the
/// pool, where other writes of this store (workspaces, schedules, snapshots) wait for it.
const HELD_BATCHES: usize = 8;

fn sqlite_error(err: rusqlite::Error) -> Error {
    Error::Backend(err.to_string())
}

/// The store's writer: one lane, committed by a thread of its own on the write pool's
/// connection. Must be called inside the tokio runtime, which the thread uses to borrow it.
pub(super) fn spawn_writer(pool: SqlitePool) -> Result<Writer> {
    let (writer, lane) = Writer::single_lane("sqlite");
    let runtime = Handle::current();
    std::thread::Builder::new()
        .name("aether-sqlite-commit".into())
        .spawn(move || commit_forever(&runtime, &pool, lane))
        .map_err(|e| Error::Backend(format!("cannot start SQLite's commit thread: {e}")))?;
    Ok(writer)
}

/// Commits the lane's batches until the store is dropped.
fn commit_forever(runtime: &Handle, pool: &SqlitePool, mut lane: Lane) {
    // sqlx hands a connection back to its pool on a task it spawns.
    let _runtime = runtime.enter();
    while let Some(first) = lane.blocking_next() {
        let mut conn = match runtime.block_on(pool.acquire()) {
            Ok(conn) => conn,
            Err(err) => {
                first.finish(Err(backend_error(err)));
                continue;
            }
        };
        let mut next = Some(first);
        // A failure has answered its batch already; what is left is to close the connection.
        let _ = on_connection(&mut conn, |db| {
            for _ in 0..HELD_BATCHES {
                let Some(batch) = next.take().or_else(|| lane.try_next()) else {
                    break;
                };
                match std::panic::catch_unwind(AssertUnwindSafe(|| apply(db, batch.writes()))) {
                    Ok(Ok(results)) => batch.finish(Ok(results)),
                    Ok(Err(err)) => {
                        let closing = Error::Backend(err.to_string());
                        batch.finish(Err(err));
                        return Err(closing);
                    }
                    Err(_) => {
                        batch.panicked();
                        return Err(Error::Backend("the SQLite commit panicked".into()));
                    }
                }
            }
            Ok(())
        });
    }
}

/// Runs `work` on this thread on the pool connection `conn`, through rusqlite. Any failure,
/// a panic included, closes the connection rather than pool it again in a state nobody checked.
fn on_connection<T>(
    conn: &mut PoolConnection<sqlx::Sqlite>,
    work: impl FnOnce(&mut Connection) -> Result<T>,
) -> Result<T> {
    // A panic (a bug) unwinds through rusqlite's transaction, whose drop tries a ROLLBACK and
    // ignores its failure: caught here, so that the connection is closed.
    let done = std::panic::catch_unwind(AssertUnwindSafe(|| on_locked_connection(conn, work)))
        .unwrap_or_else(|_| Err(Error::Backend("the SQLite commit panicked".into())));
    if done.is_err() {
        conn.close_on_drop();
    }
    done
}

/// Runs `work` on sqlx's connection through rusqlite, on this thread, while sqlx's own thread
/// for it waits. Fails if `work` left a transaction open, so that the caller closes the
/// connection rather than hand it back mid-transaction.
fn on_locked_connection<T>(
    conn: &mut SqliteConnection,
    work: impl FnOnce(&mut Connection) -> Result<T>,
) -> Result<T> {
    let mut locked = futures::executor::block_on(conn.lock_handle()).map_err(backend_error)?;
    // SAFETY: the pointer is sqlx's open connection, locked for this thread until `locked`
    // drops: sqlx's own thread makes no call on it meanwhile (it opens connections with
    // SQLITE_OPEN_NOMUTEX, so this exclusion is what makes the loan sound). Both crates call
    // the one `libsqlite3-sys` in Cargo.lock, so the pointer means the same library to both.
    // rusqlite's wrapper made by `from_handle` does not own it: dropping the wrapper finalizes
    // the statements it prepared and leaves the connection open and configured (with
    // rusqlite's `hooks` features off, as Cargo.toml keeps them, its drop touches no hook of
    // sqlx's). It drops before the lock is released, so nothing of it outlives the loan.
    let mut db = unsafe { Connection::from_handle(locked.as_raw_handle().as_ptr()) }
        .map_err(sqlite_error)?;
    let done = work(&mut db);
    let closed = db.is_autocommit();
    drop(db);
    drop(locked);
    match done {
        Ok(_) if !closed => Err(Error::Backend(
            "a SQLite transaction was left open after the commit".into(),
        )),
        done => done,
    }
}

/// One transaction for the whole batch; each write keeps its own result. A database failure
/// fails the batch: nothing of it is committed.
fn apply(db: &mut Connection, writes: &[WorkflowWrite]) -> Result<Vec<Result<()>>> {
    // IMMEDIATE takes the write lock at once: a transaction that read first could otherwise
    // find another process's commit in its way and fail instead of waiting for the lock.
    let tx = db
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sqlite_error)?;
    let mut results = Vec::with_capacity(writes.len());
    // In order, each seeing the ones before it: two writes to one workflow in one batch apply
    // one after the other.
    for write in writes {
        results.push(apply_one(&tx, write)?);
    }
    // A COMMIT that fails (a full disk) leaves the transaction to rusqlite's drop, which rolls
    // it back.
    tx.commit().map_err(sqlite_error)?;
    Ok(results)
}

/// One write inside the batch's transaction. A stale or duplicate write is refused without
/// touching anything.
fn apply_one(db: &Connection, write: &WorkflowWrite) -> Result<Result<()>> {
    let row = &write.row;
    let c = RowColumns::of(row);
    let applied = if write.expected_version == 0 {
        db.prepare_cached(&format!(
            "INSERT INTO workflows ({ROW_COLUMNS}) VALUES \
             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) \
             ON CONFLICT (id) DO NOTHING"
        ))
        .and_then(|mut insert| {
            insert.execute(params![
                c.id,
                c.workflow_type,
                c.status,
                c.wait,
                c.parent_id,
                c.parent_position,
                c.created_at,
                c.updated_at,
                c.closed_at,
                c.version,
                c.history_len,
                c.lease_token,
                c.lease_worker,
                c.leased_at,
                c.last_worker,
                c.due_at,
                c.wait_since,
                c.lease_node,
            ])
        })
        .map_err(sqlite_error)?
    } else {
        // A row shorter than its own new actions is a bug upstream; as a base no row has, it
        // is refused by the version check instead of overflowing.
        let base = row.history_len.saturating_sub(write.events.len() as u64);
        db.prepare_cached(
            "UPDATE workflows SET status = ?2, wait = ?3, updated_at = ?4, closed_at = ?5, \
             version = ?6, history_len = ?7, lease_token = ?8, lease_worker = ?9, \
             leased_at = ?10, last_worker = ?11, due_at = ?12, wait_since = ?13, \
             lease_node = ?14 WHERE id = ?1 AND version = ?15 AND history_len = ?16",
        )
        .and_then(|mut update| {
            update.execute(params![
                c.id,
                c.status,
                c.wait,
                c.updated_at,
                c.closed_at,
                c.version,
                c.history_len,
                c.lease_token,
                c.lease_worker,
                c.leased_at,
                c.last_worker,
                c.due_at,
                c.wait_since,
                c.lease_node,
                int(write.expected_version),
                int(base),
            ])
        })
        .map_err(sqlite_error)?
    };
    if applied == 0 {
        // A create that changed nothing found its id taken.
        let exists = write.expected_version == 0
            || db
                .prepare_cached("SELECT 1 FROM workflows WHERE id = ?1")
                .and_then(|mut select| {
                    select
                        .query_row([&c.id], |_| Ok(()))
                        .optional()
                        .map(|found| found.is_some())
                })
                .map_err(sqlite_error)?;
        return Ok(Err(crate::refusal(write, exists)));
    }
    if !write.events.is_empty() {
        let mut insert = db
            .prepare_cached(&format!(
                "INSERT INTO history ({HISTORY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
            ))
            .map_err(sqlite_error)?;
        for event in &write.events {
            let e = event_columns(event)?;
            insert
                .execute(params![
                    c.id,
                    int(event.seq),
                    event.at,
                    e.kind,
                    e.position,
                    e.name,
                    e.attempt,
                    e.payload_size,
                    e.json,
                ])
                .map_err(sqlite_error)?;
        }
    }
    if !write.approvals.is_empty() {
        let mut upsert = db
            .prepare_cached(&format!(
                "INSERT INTO approvals ({APPROVAL_COLUMNS}) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10){APPROVAL_UPSERT}"
            ))
            .map_err(sqlite_error)?;
        for approval in &write.approvals {
            let a = ApprovalColumns::of(approval)?;
            upsert
                .execute(params![
                    a.id,
                    a.workflow_id,
                    a.position,
                    a.session_id,
                    a.reason,
                    a.state,
                    a.requested_at,
                    a.expires_at,
                    a.version,
                    a.record,
                ])
                .map_err(sqlite_error)?;
        }
    }
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use aether_types::{Action, HistoryEvent, WorkflowId, WorkflowRow};

    use super::*;

    /// Runs `work` as the commit thread does, on the write pool's connection.
    async fn with_write_connection<T: Send + 'static>(
        pool: &SqlitePool,
        work: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let mut conn = pool.acquire().await.unwrap();
        tokio::task::spawn_blocking(move || on_connection(&mut conn, work))
            .await
            .unwrap()
    }

    /// One batch, committed as the commit thread commits it.
    async fn apply_batch(pool: &SqlitePool, writes: Vec<WorkflowWrite>) -> Result<Vec<Result<()>>> {
        with_write_connection(pool, move |db| apply(db, &writes)).await
    }

    fn started(name: &str) -> WorkflowWrite {
        WorkflowWrite {
            row: WorkflowRow {
                version: 1,
                history_len: 1,
                ..WorkflowRow::new(WorkflowId::parse(name).unwrap(), "order".into(), None, 1)
            },
            expected_version: 0,
            events: vec![HistoryEvent {
                seq: 1,
                at: 1,
                action: Action::WorkflowStarted {
                    workflow_type: "order".into(),
                    input: b"{}".to_vec(),
                    parent: None,
                    execution_timeout_at: None,
                },
            }],
            approvals: Vec::new(),
        }
    }

    /// A migrated database of its own; the directory lives as long as the returned guard.
    async fn fresh() -> (tempfile::TempDir, super::super::q::Backend) {
        let dir = tempfile::tempdir().unwrap();
        let backend = super::super::open(&dir.path().join("aether.db"))
            .await
            .unwrap();
        (dir, backend)
    }

    async fn workflows(pool: &SqlitePool) -> Vec<(String, i64)> {
        sqlx::query_as("SELECT id, version FROM workflows ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap()
    }

    /// A batch the database fails halfway keeps none of its writes, and leaves no transaction
    /// open on the connection it borrowed: the next batch commits, and other connections see it.
    #[tokio::test]
    async fn a_batch_the_database_fails_halfway_keeps_nothing_and_the_next_one_commits() {
        let (_dir, backend) = fresh().await;
        let a = started("a");
        let results = apply_batch(&backend.write, vec![a.clone()]).await.unwrap();
        assert!(results.iter().all(Result::is_ok), "{results:?}");

        // `b` is new; the second write repeats `a`'s first action, which the history's key
        // refuses after `b` and `a`'s row were written in the same transaction.
        let repeat = WorkflowWrite {
            row: WorkflowRow {
                version: 2,
                history_len: 2,
                ..a.row.clone()
            },
            expected_version: 1,
            events: a.events.clone(),
            approvals: Vec::new(),
        };
        let failed = apply_batch(&backend.write, vec![started("b"), repeat]).await;
        assert!(matches!(failed, Err(Error::Backend(_))), "{failed:?}");
        assert_eq!(workflows(&backend.read).await, vec![("a".into(), 1)]);

        let results = apply_batch(&backend.write, vec![started("c")])
            .await
            .unwrap();
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        assert_eq!(
            workflows(&backend.read).await,
            vec![("a".into(), 1), ("c".into(), 1)]
        );
    }

    /// A full database fails the batch with SQLite's own error, keeps nothing of it, and the
    /// connection that failed is closed: the next batch runs on a new one (here, one without
    /// the page limit that stood in for the full disk).
    #[tokio::test]
    async fn a_full_database_fails_the_batch_and_the_next_runs_on_a_new_connection() {
        let (_dir, backend) = fresh().await;
        apply_batch(&backend.write, vec![started("a")])
            .await
            .unwrap();
        let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(&backend.write)
            .await
            .unwrap();
        // The write pool has one connection, so this is the one the next batch borrows.
        sqlx::query(&format!("PRAGMA max_page_count = {pages}"))
            .execute(&backend.write)
            .await
            .unwrap();
        let big: Vec<WorkflowWrite> = (0..200)
            .map(|i| {
                let mut write = started(&format!("big-{i}"));
                write.row.workflow_type = "x".repeat(2_000);
                write
            })
            .collect();
        let failed = apply_batch(&backend.write, big).await;
        assert!(
            matches!(&failed, Err(Error::Backend(message)) if message.contains("full")),
            "{failed:?}"
        );
        assert_eq!(workflows(&backend.read).await, vec![("a".into(), 1)]);
        let limit: i64 = sqlx::query_scalar("PRAGMA max_page_count")
            .fetch_one(&backend.write)
            .await
            .unwrap();
        assert_ne!(
            limit, pages,
            "the connection that failed went back to the pool"
        );

        let results = apply_batch(&backend.write, vec![started("b")])
            .await
            .unwrap();
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        assert_eq!(
            workflows(&backend.read).await,
            vec![("a".into(), 1), ("b".into(), 1)]
        );
    }

    /// Work that panics inside its transaction commits nothing, and its connection is closed
    /// rather than pooled again.
    #[tokio::test]
    async fn work_that_panics_commits_nothing_and_its_connection_is_closed() {
        let (_dir, backend) = fresh().await;
        let panicked = with_write_connection(&backend.write, |db| -> Result<()> {
            // Marks this connection: a new one has the default limit.
            db.execute_batch("PRAGMA max_page_count = 1000")
                .map_err(sqlite_error)?;
            let tx = db
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sqlite_error)?;
            apply_one(&tx, &started("a"))?.map_err(|e| Error::Backend(e.to_string()))?;
            panic!("a bug halfway through a batch");
        })
        .await;
        assert!(
            matches!(&panicked, Err(Error::Backend(message)) if message.contains("panicked")),
            "{panicked:?}"
        );
        assert_eq!(workflows(&backend.read).await, vec![]);
        let limit: i64 = sqlx::query_scalar("PRAGMA max_page_count")
            .fetch_one(&backend.write)
            .await
            .unwrap();
        assert_ne!(
            limit, 1000,
            "the connection that panicked went back to the pool"
        );
    }

    /// Refusals are answers, not failures: a stale version, a duplicate and an unknown
    /// workflow each get their own, and the rest of the batch commits.
    #[tokio::test]
    async fn refused_writes_get_their_own_answer_and_the_rest_commits() {
        let (_dir, backend) = fresh().await;
        apply_batch(&backend.write, vec![started("a")])
            .await
            .unwrap();
        let stale = WorkflowWrite {
            expected_version: 7,
            events: Vec::new(),
            ..started("a")
        };
        let unknown = WorkflowWrite {
            expected_version: 1,
            events: Vec::new(),
            ..started("ghost")
        };
        let results = apply_batch(
            &backend.write,
            vec![started("a"), stale, unknown, started("b")],
        )
        .await
        .unwrap();
        assert!(
            matches!(results[0], Err(Error::AlreadyExists(_))),
            "{results:?}"
        );
        assert!(
            matches!(results[1], Err(Error::Conflict { expected: 7, .. })),
            "{results:?}"
        );
        assert!(matches!(results[2], Err(Error::NotFound(_))), "{results:?}");
        assert!(results[3].is_ok(), "{results:?}");
        assert_eq!(
            workflows(&backend.read).await,
            vec![("a".into(), 1), ("b".into(), 1)]
        );
    }
}
