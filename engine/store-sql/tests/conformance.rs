//! The conformance suites of `aether-store` run against the SQL backends: the workflow store on
//! SQLite and PostgreSQL, directly (L2) and under the snapshot tier (L1), and the workspace store
//! on both databases.

use std::{sync::Arc, time::Duration};

use aether_store_sql::{Location, SnapshotStore, SqlStore};
use tempfile::TempDir;

/// Keeps a test's database alive: its SQLite directory, or nothing (PostgreSQL databases are
/// dropped by `scripts/test.sh` before the next run).
type Guard = Option<TempDir>;

async fn sqlite_location() -> (Location, Guard) {
    let dir = tempfile::tempdir().unwrap();
    (Location::Sqlite(dir.path().join("aether.db")), Some(dir))
}

async fn postgres_location() -> (Location, Guard) {
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    (Location::Postgres(url), None)
}

async fn sql(location: impl Future<Output = (Location, Guard)>) -> (Arc<SqlStore>, Guard) {
    let (location, guard) = location.await;
    (Arc::new(SqlStore::open(&location).await.unwrap()), guard)
}

/// Snapshots every few milliseconds, so that snapshots run while the cases commit.
async fn snapshot(
    location: impl Future<Output = (Location, Guard)>,
) -> (Arc<SnapshotStore>, Guard) {
    let (location, guard) = location.await;
    let store = SnapshotStore::open(&location, Duration::from_millis(5))
        .await
        .unwrap();
    (store, guard)
}

mod store {
    use super::*;

    aether_store::store_conformance!(sqlite, sql(sqlite_location()));
    aether_store::store_conformance!(postgres, sql(postgres_location()));
    aether_store::store_conformance!(snapshot_sqlite, snapshot(sqlite_location()));
    aether_store::store_conformance!(snapshot_postgres, snapshot(postgres_location()));
}

mod workspace {
    use aether_store::workspace::WorkspaceStore;

    use super::*;

    /// The workspace store, and the SQL store whose connections it shares.
    async fn workspaces(
        location: impl Future<Output = (Location, Guard)>,
    ) -> (Arc<dyn WorkspaceStore>, (SqlStore, Guard)) {
        let (location, guard) = location.await;
        let store = SqlStore::open(&location).await.unwrap();
        (store.workspace_store(), (store, guard))
    }

    aether_store::workspace_conformance!(sqlite, workspaces(sqlite_location()));
    aether_store::workspace_conformance!(postgres, workspaces(postgres_location()));
}
