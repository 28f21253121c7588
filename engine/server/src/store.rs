//! Chooses the store for the configured persistence tier and database.

use std::{sync::Arc, time::Duration};

use aether_store::{
    MemoryStore, Store,
    workspace::{MemoryWorkspaceStore, WorkspaceStore},
};
use aether_store_sql::{Location, SnapshotStore, SqlStore};
use aether_types::config::{Config, PersistenceMode};

use crate::ServerError;

/// The workflow store and the workspace store, in the same database at the same tier.
pub async fn open(
    config: &Config,
) -> Result<(Arc<dyn Store>, Arc<dyn WorkspaceStore>), ServerError> {
    let location = Location::parse(&config.server.db_path);
    let failed = |e: aether_store::Error| ServerError::Store(e.to_string());
    Ok(match config.persistence.mode {
        PersistenceMode::Memory => (
            Arc::new(MemoryStore::new()),
            Arc::new(MemoryWorkspaceStore::new()),
        ),
        PersistenceMode::Snapshot => {
            let interval = Duration::from_millis(config.persistence.snapshot_interval_ms);
            let store = SnapshotStore::open(&location, interval)
                .await
                .map_err(failed)?;
            let workspaces = store.workspace_store();
            (store, workspaces)
        }
        PersistenceMode::StateActionLog => {
            let store = SqlStore::open(&location).await.map_err(failed)?;
            let workspaces = store.workspace_store();
            (Arc::new(store), workspaces)
        }
    })
}
