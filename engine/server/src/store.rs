//! Chooses the store for the configured persistence tier and database.

use std::{sync::Arc, time::Duration};

use aether_store::{Location, MemoryStore, SnapshotStore, SqlStore, Store};
use aether_types::config::{Config, PersistenceMode};

use crate::ServerError;

pub async fn open(config: &Config) -> Result<Arc<dyn Store>, ServerError> {
    let location = Location::parse(&config.server.db_path);
    let store: Arc<dyn Store> = match config.persistence.mode {
        PersistenceMode::Memory => Arc::new(MemoryStore::new()),
        PersistenceMode::Snapshot => {
            let interval = Duration::from_millis(config.persistence.snapshot_interval_ms);
            SnapshotStore::open(&location, interval)
                .await
                .map_err(|e| ServerError::Store(e.to_string()))?
        }
        PersistenceMode::StateActionLog => Arc::new(
            SqlStore::open(&location)
                .await
                .map_err(|e| ServerError::Store(e.to_string()))?,
        ),
    };
    Ok(store)
}
