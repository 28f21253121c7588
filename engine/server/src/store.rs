//! Chooses the store for the configured persistence tier.

use std::sync::Arc;

use aether_store::{MemoryStore, Store};
use aether_types::config::{Config, PersistenceMode};

use crate::ServerError;

pub async fn open(config: &Config) -> Result<Arc<dyn Store>, ServerError> {
    match config.persistence.mode {
        PersistenceMode::Memory => Ok(Arc::new(MemoryStore::new())),
        mode @ (PersistenceMode::Snapshot | PersistenceMode::StateActionLog) => {
            Err(ServerError::Store(format!(
                "the {mode} tier is not available in this build yet; use --persistence memory"
            )))
        }
    }
}
