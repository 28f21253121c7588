//! SQLite: the embedded default. WAL mode with `synchronous = FULL`, so that a commit is on disk
//! (fsync'd) before it is acknowledged; one writer connection (SQLite has one writer anyway) and a
//! small pool of readers.

use std::{path::Path, sync::Arc, time::Duration};

use aether_store::{Error, Result, StoredWorkflow, workspace::WorkspaceStore};
use async_trait::async_trait;

use sqlx::{
    migrate::Migrator,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::{Backend, SqlWorkspaceStore, backend_error};

mod commit;

mod q {
    queries!(sqlx::Sqlite);
}

static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/sqlite");

/// How long a connection waits for SQLite's write lock (another process's transaction), and
/// a call for a connection of the pool (the one writer busy with another transaction): a
/// request fails with UNAVAILABLE after this rather than after sqlx's 30 s default.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Opens (creating it and its directory if missing) and migrates the database file.
pub(super) async fn open(path: &Path) -> Result<q::Backend> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Backend(format!("cannot create {}: {e}", dir.display())))?;
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(BUSY_TIMEOUT);
    // A connection inside this process cannot go away on its own (one that failed a
    // transaction is closed, by `in_transaction` or by the batch commit), so the pool's ping on
    // every acquire is a round trip to sqlx's SQLite thread for nothing.
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .test_before_acquire(false)
        .acquire_timeout(BUSY_TIMEOUT)
        .connect_with(options.clone())
        .await
        .map_err(|e| Error::Backend(format!("cannot open {}: {e}", path.display())))?;
    MIGRATOR
        .run(&write)
        .await
        .map_err(|e| Error::Backend(format!("migrating {}: {e}", path.display())))?;
    let read = SqlitePoolOptions::new()
        .max_connections(4)
        .test_before_acquire(false)
        .acquire_timeout(BUSY_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(backend_error)?;
    let writer = commit::spawn_writer(path, write.clone())?;
    Ok(q::Backend {
        read,
        write,
        writer,
        notices: None,
        bus: None,
    })
}

#[async_trait]
impl Backend for q::Backend {
    fn workspace_store(&self) -> Arc<dyn WorkspaceStore> {
        // One node per SQLite file: `bus` is None.
        SqlWorkspaceStore::sqlite(self.write.clone(), self.read.clone(), self.bus.clone())
    }

    async fn write_snapshot(
        &self,
        items: Vec<StoredWorkflow>,
        approvals: Vec<aether_types::Approval>,
    ) -> Result<()> {
        q::write_snapshot(&self.write, items, approvals).await
    }

    async fn load_all_approvals(&self) -> Result<Vec<aether_types::Approval>> {
        q::load_all_approvals(&self.read).await
    }

    async fn load_active(&self) -> Result<Vec<StoredWorkflow>> {
        q::load_active(&self.read).await
    }

    async fn schema(&self) -> Result<Vec<(String, Vec<String>)>> {
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name",
        )
        .fetch_all(&self.read)
        .await
        .map_err(backend_error)?;
        let mut out = Vec::new();
        for (table,) in tables {
            let columns: Vec<(String,)> =
                sqlx::query_as("SELECT name FROM pragma_table_info(?) ORDER BY cid")
                    .bind(&table)
                    .fetch_all(&self.read)
                    .await
                    .map_err(backend_error)?;
            out.push((table, columns.into_iter().map(|(c,)| c).collect()));
        }
        Ok(out)
    }
}
