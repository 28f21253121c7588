//! SQLite's group commit, on a thread of its own.
//!
//! sqlx runs every SQLite statement on its connection's own thread, so a batch committed through
//! sqlx costs a round trip per statement (BEGIN, the rows, the actions, COMMIT: four at the
//! least), and each round trip is two thread wake-ups. Profiled at L2, that was most of what a
//! commit cost besides its fsync (`bench/README.md`). Here the writer's one lane is driven by a
//! thread that commits each batch in one transaction on a rusqlite connection of its own, opened
//! on the same file, whose prepared statements live as long as it does: compiling the batch's
//! statements again for every commit was a fifth of this thread's time.
//!
//! SQLite has one writer at a time. The other writes of this store (workspaces, schedules,
//! snapshots) go through sqlx's write pool, which has one connection; the thread takes that
//! connection from the pool before each turn and keeps it, unused, until the turn ends, so that
//! the two never meet inside SQLite, where a writer that finds the lock taken sleeps and polls
//! (the busy handler) instead of queueing. The pool hands its connection out in order, so
//! neither side starves the other.
//!
//! Under load a turn commits the batches that queued up meanwhile (up to [`HELD_BATCHES`]), so
//! that one batch follows the other with no thread hand-off in between: each hand-off is a
//! wake-up that waits for a free core, and on a machine whose cores are busy (the workers and
//! clients beside the engine) those waits, not the commits, set the pace.
//!
//! What a batch does mirrors `apply_one` in `queries.rs` (the column encodings are shared,
//! `columns.rs`), and the store's conformance suite holds the two to the same answers.

use std::{
    panic::AssertUnwindSafe,
    path::{Path, PathBuf},
};

use aether_store::{Error, Result, WorkflowWrite};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use sqlx::SqlitePool;
use tokio::runtime::Handle;

use super::BUSY_TIMEOUT;
use crate::{
    backend_error,
    columns::{
        APPROVAL_COLUMNS, APPROVAL_UPSERT, ApprovalColumns, HISTORY_COLUMNS, ROW_COLUMNS,
        RowColumns, event_columns, int,
    },
    writer::{Lane, Writer},
};

/// The most batches committed in one turn before the write pool's connection goes back to the
/// pool, where other writes of this store (workspaces, schedules, snapshots) wait for it.
const HELD_BATCHES: usize = 8;

/// Room for every statement a batch prepares (four kinds of write, and the existence check).
const CACHED_STATEMENTS: usize = 16;

fn sqlite_error(err: rusqlite::Error) -> Error {
    Error::Backend(err.to_string())
}

/// The store's writer: one lane, committed by a thread of its own on its own connection to the
/// database at `path`, taking turns with `pool` (the store's write pool). Must be called inside
/// the tokio runtime, which the thread uses to wait for the pool.
pub(super) fn spawn_writer(path: &Path, pool: SqlitePool) -> Result<Writer> {
    let mut connection = CommitConnection::new(path);
    // Opened here, so that a database the thread cannot write fails the store's open instead
    // of every commit.
    connection.db = Some(connection.open()?);
    let (writer, lane) = Writer::single_lane("sqlite");
    let runtime = Handle::current();
    std::thread::Builder::new()
        .name("aether-sqlite-commit".into())
        .spawn(move || commit_forever(&runtime, &pool, &mut connection, lane))
        .map_err(|e| Error::Backend(format!("cannot start SQLite's commit thread: {e}")))?;
    Ok(writer)
}

/// Commits the lane's batches until the store is dropped.
fn commit_forever(
    runtime: &Handle,
    pool: &SqlitePool,
    connection: &mut CommitConnection,
    mut lane: Lane,
) {
    // sqlx hands a connection back to its pool on a task it spawns.
    let _runtime = runtime.enter();
    while let Some(first) = lane.blocking_next() {
        // Held, not used, for the turn: the write pool's other users wait for it meanwhile.
        let _turn = match runtime.block_on(pool.acquire()) {
            Ok(turn) => turn,
            Err(err) => {
                first.finish(Err(backend_error(err)));
                continue;
            }
        };
        let mut next = Some(first);
        for _ in 0..HELD_BATCHES {
            let Some(batch) = next.take().or_else(|| lane.try_next()) else {
                break;
            };
            match connection.run(|db| apply(db, batch.writes())) {
                Ok(results) => batch.finish(Ok(results)),
                Err(Failure::Database(err)) => batch.finish(Err(err)),
                Err(Failure::Panicked) => batch.panicked(),
            }
        }
    }
}

/// How a batch failed, besides the answers of its writes.
#[derive(Debug)]
enum Failure {
    Database(Error),
    Panicked,
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Self::Database(err)
    }
}

/// The commit thread's connection, opened when first needed. Any failure, a panic included,
/// closes it rather than commit on it again in a state nobody checked; the next batch opens a
/// new one.
struct CommitConnection {
    path: PathBuf,
    db: Option<Connection>,
}

impl CommitConnection {
    fn new(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
            db: None,
        }
    }

    /// Opens the file the store opened (and migrated), set up as sqlx sets up its own
    /// connections: the WAL (a setting of the file, made by the store's open), a commit fsync'd
    /// before it is acknowledged, foreign keys checked, and the same wait for the write lock.
    fn open(&self) -> Result<Connection> {
        let db = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| Error::Backend(format!("cannot open {}: {e}", self.path.display())))?;
        db.busy_timeout(BUSY_TIMEOUT).map_err(sqlite_error)?;
        db.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(sqlite_error)?;
        let journal: String = db
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .map_err(sqlite_error)?;
        if !journal.eq_ignore_ascii_case("wal") {
            return Err(Error::Backend(format!(
                "{} is in journal mode {journal}, not WAL",
                self.path.display()
            )));
        }
        db.set_prepared_statement_cache_capacity(CACHED_STATEMENTS);
        Ok(db)
    }

    /// Runs `work` on the connection. Fails if `work` left a transaction open, and closes the
    /// connection on any failure.
    fn run<T>(
        &mut self,
        work: impl FnOnce(&mut Connection) -> Result<T>,
    ) -> std::result::Result<T, Failure> {
        let db = match self.db.as_mut() {
            Some(db) => db,
            None => self.db.insert(self.open()?),
        };
        // A panic (a bug) unwinds through rusqlite's transaction, whose drop tries a ROLLBACK
        // and ignores its failure: caught here, so that the connection is closed, which rolls
        // back whatever is left.
        let done = match std::panic::catch_unwind(AssertUnwindSafe(|| work(db))) {
            Ok(Ok(_)) if !db.is_autocommit() => Err(Failure::Database(Error::Backend(
                "a SQLite transaction was left open after the commit".into(),
            ))),
            Ok(done) => done.map_err(Failure::Database),
            Err(_) => Err(Failure::Panicked),
        };
        if done.is_err() {
            self.db = None;
        }
        done
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

    /// One batch, committed as the commit thread commits it.
    fn apply_batch(
        connection: &mut CommitConnection,
        writes: &[WorkflowWrite],
    ) -> std::result::Result<Vec<Result<()>>, Failure> {
        connection.run(|db| apply(db, writes))
    }

    /// The value of `PRAGMA name` on the commit connection.
    fn pragma<T: rusqlite::types::FromSql>(connection: &mut CommitConnection, name: &str) -> T {
        connection
            .run(|db| {
                db.query_row(&format!("PRAGMA {name}"), [], |row| row.get(0))
                    .map_err(sqlite_error)
            })
            .unwrap()
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

    /// A migrated database of its own, and a commit connection to it; the directory lives as
    /// long as the returned guard.
    async fn fresh() -> (
        tempfile::TempDir,
        super::super::q::Backend,
        CommitConnection,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aether.db");
        let backend = super::super::open(&path).await.unwrap();
        (dir, backend, CommitConnection::new(&path))
    }

    async fn workflows(pool: &SqlitePool) -> Vec<(String, i64)> {
        sqlx::query_as("SELECT id, version FROM workflows ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap()
    }

    /// The commit connection is set up as the store's own: a commit is fsync'd before it is
    /// acknowledged (FULL is 2), in the WAL, with foreign keys checked.
    #[tokio::test]
    async fn the_commit_connection_syncs_every_commit_in_the_wal() {
        let (_dir, _backend, mut connection) = fresh().await;
        assert_eq!(pragma::<i64>(&mut connection, "synchronous"), 2);
        assert_eq!(pragma::<String>(&mut connection, "journal_mode"), "wal");
        assert_eq!(pragma::<i64>(&mut connection, "foreign_keys"), 1);
    }

    /// A batch the database fails halfway keeps none of its writes, and leaves no transaction
    /// open: the next batch commits, and other connections see it.
    #[tokio::test]
    async fn a_batch_the_database_fails_halfway_keeps_nothing_and_the_next_one_commits() {
        let (_dir, backend, mut connection) = fresh().await;
        let a = started("a");
        let results = apply_batch(&mut connection, std::slice::from_ref(&a)).unwrap();
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
        let failed = apply_batch(&mut connection, &[started("b"), repeat]);
        assert!(
            matches!(failed, Err(Failure::Database(Error::Backend(_)))),
            "{failed:?}"
        );
        assert_eq!(workflows(&backend.read).await, vec![("a".into(), 1)]);

        let results = apply_batch(&mut connection, &[started("c")]).unwrap();
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
        let (_dir, backend, mut connection) = fresh().await;
        apply_batch(&mut connection, &[started("a")]).unwrap();
        let pages = connection
            .run(|db| {
                let pages: i64 = db
                    .query_row("PRAGMA page_count", [], |row| row.get(0))
                    .map_err(sqlite_error)?;
                db.execute_batch(&format!("PRAGMA max_page_count = {pages}"))
                    .map_err(sqlite_error)?;
                Ok(pages)
            })
            .unwrap();
        assert_eq!(pragma::<i64>(&mut connection, "max_page_count"), pages);
        let big: Vec<WorkflowWrite> = (0..200)
            .map(|i| {
                let mut write = started(&format!("big-{i}"));
                write.row.workflow_type = "x".repeat(2_000);
                write
            })
            .collect();
        let failed = apply_batch(&mut connection, &big);
        assert!(
            matches!(&failed, Err(Failure::Database(Error::Backend(message))) if message.contains("full")),
            "{failed:?}"
        );
        assert_eq!(workflows(&backend.read).await, vec![("a".into(), 1)]);
        assert_ne!(
            pragma::<i64>(&mut connection, "max_page_count"),
            pages,
            "the connection that failed was kept"
        );

        let results = apply_batch(&mut connection, &[started("b")]).unwrap();
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        assert_eq!(
            workflows(&backend.read).await,
            vec![("a".into(), 1), ("b".into(), 1)]
        );
    }

    /// Work that panics inside its transaction commits nothing, and its connection is closed
    /// rather than used again.
    #[tokio::test]
    async fn work_that_panics_commits_nothing_and_its_connection_is_closed() {
        let (_dir, backend, mut connection) = fresh().await;
        let panicked = connection.run(|db| -> Result<()> {
            // Marks this connection: a new one has the default limit.
            db.execute_batch("PRAGMA max_page_count = 1000")
                .map_err(sqlite_error)?;
            let tx = db
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sqlite_error)?;
            apply_one(&tx, &started("a"))?.map_err(|e| Error::Backend(e.to_string()))?;
            panic!("a bug halfway through a batch");
        });
        assert!(matches!(panicked, Err(Failure::Panicked)), "{panicked:?}");
        assert_eq!(workflows(&backend.read).await, vec![]);
        assert_ne!(
            pragma::<i64>(&mut connection, "max_page_count"),
            1000,
            "the connection that panicked was kept"
        );
    }

    /// Work that leaves its transaction open fails, and its connection is closed, which rolls
    /// the transaction back.
    #[tokio::test]
    async fn work_that_leaves_its_transaction_open_fails_and_keeps_nothing() {
        let (_dir, backend, mut connection) = fresh().await;
        let left_open = connection.run(|db| {
            db.execute_batch("BEGIN IMMEDIATE").map_err(sqlite_error)?;
            apply_one(db, &started("a"))
        });
        assert!(
            matches!(&left_open, Err(Failure::Database(Error::Backend(message))) if message.contains("left open")),
            "{left_open:?}"
        );
        assert_eq!(workflows(&backend.read).await, vec![]);
        let results = apply_batch(&mut connection, &[started("b")]).unwrap();
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        assert_eq!(workflows(&backend.read).await, vec![("b".into(), 1)]);
    }

    /// While one workflow commits step after step, a write through the pool (here a node's
    /// heartbeat) gets its turn within a few commits, and the commits go on after it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_pools_other_writes_take_their_turn_between_commits() {
        const COMMITS: usize = 2_000;
        let (_dir, backend, _) = fresh().await;
        let backend = std::sync::Arc::new(backend);
        let (committed, mut progress) = tokio::sync::watch::channel(0usize);
        let committer = {
            let backend = backend.clone();
            tokio::spawn(async move {
                let mut write = started("busy");
                backend.writer.commit(write.clone()).await.unwrap();
                for done in 1..=COMMITS {
                    write.expected_version = write.row.version;
                    write.row.version += 1;
                    write.row.history_len += 1;
                    write.events[0].seq = write.row.history_len;
                    backend.writer.commit(write.clone()).await.unwrap();
                    committed.send_replace(done);
                }
            })
        };
        // Once the workflow is committing, one write through the pool.
        progress.wait_for(|done| *done >= 10).await.unwrap();
        sqlx::query("INSERT INTO nodes (id, heartbeat_at) VALUES ('node-a', 1)")
            .execute(&backend.write)
            .await
            .unwrap();
        let waited = *progress.borrow();
        committer.await.unwrap();
        assert!(
            waited < COMMITS / 2,
            "the pool's write waited until {waited} of {COMMITS} commits were done"
        );
        assert_eq!(
            workflows(&backend.read).await,
            vec![("busy".into(), COMMITS as i64 + 1)]
        );
    }

    /// Refusals are answers, not failures: a stale version, a duplicate and an unknown
    /// workflow each get their own, and the rest of the batch commits.
    #[tokio::test]
    async fn refused_writes_get_their_own_answer_and_the_rest_commits() {
        let (_dir, backend, mut connection) = fresh().await;
        apply_batch(&mut connection, &[started("a")]).unwrap();
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
            &mut connection,
            &[started("a"), stale, unknown, started("b")],
        )
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
