//! Workspace bus messages between the nodes sharing a PostgreSQL database. A message is
//! recorded as its session's event before it is delivered, so a notification names only that
//! event (session and sequence number: far below `NOTIFY`'s 8000-byte limit, whatever the
//! message's size) and each node reads the message back from the table for its own
//! subscribers.

use std::sync::Arc;

use aether_store::workspace::{Error, Published, Result};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use tokio::sync::broadcast;

/// The channel bus messages are announced on (beside the engine's `aether`).
pub(crate) const CHANNEL: &str = "aether_bus";

/// Announcements a node's bus relay may fall behind by before it misses some.
const BUFFER: usize = 1024;

/// What a notification on [`CHANNEL`] carries.
#[derive(Serialize, Deserialize)]
struct Announcement {
    /// The node that published, which delivered to its own subscribers already.
    origin: String,
    #[serde(flatten)]
    published: Published,
}

/// One node's end of the bus between nodes: it announces this node's messages and hands on
/// the other nodes'.
pub(crate) struct BusRelay {
    origin: String,
    pool: PgPool,
    elsewhere: broadcast::Sender<Published>,
}

impl BusRelay {
    pub(crate) fn new(pool: PgPool) -> Arc<Self> {
        Arc::new(Self {
            origin: uuid::Uuid::now_v7().to_string(),
            pool,
            elsewhere: broadcast::channel(BUFFER).0,
        })
    }

    pub(crate) async fn announce(&self, published: &Published) -> Result<()> {
        let payload = serde_json::to_string(&Announcement {
            origin: self.origin.clone(),
            published: published.clone(),
        })
        .map_err(|e| Error::Backend(format!("encoding a bus announcement: {e}")))?;
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload)
            .execute(&self.pool)
            .await
            .map_err(crate::workspace::backend)?;
        Ok(())
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Published> {
        self.elsewhere.subscribe()
    }

    /// Hands on a notification from [`CHANNEL`], unless this node sent it.
    pub(crate) fn heard(&self, payload: &str) {
        match serde_json::from_str::<Announcement>(payload) {
            Ok(announcement) if announcement.origin != self.origin => {
                // No one listening (no bus relay started yet) is not an error.
                let _ = self.elsewhere.send(announcement.published);
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "ignoring a malformed bus announcement"),
        }
    }
}
