//! PostgreSQL: the production backend, which several engine nodes may share. Every write is
//! version-checked, so nodes racing on one workflow cannot both win.

use std::{sync::Arc, time::Duration};

use aether_store::{Error, Notice, Result, StoredWorkflow, workspace::WorkspaceStore};
use async_trait::async_trait;
use sqlx::{
    migrate::Migrator,
    postgres::{PgListener, PgPool, PgPoolOptions},
};
use tokio::sync::broadcast;

use crate::{Backend, SqlWorkspaceStore, backend_error, bus::BusRelay, writer::Writer};

/// The channel nodes sharing a database announce changes on.
const CHANNEL: &str = "aether";

mod q {
    queries!(sqlx::Postgres);
    set_commit!();
}

static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/postgres");

/// Concurrent write transactions; the pool keeps connections for reads beside them.
const WRITER_LANES: usize = 4;

/// How long a call waits for a connection. While the server is away no connection can be made
/// (sqlx keeps trying until this passes), so this is how long a request takes to fail with
/// UNAVAILABLE during an outage: short, rather than sqlx's 30 s default, so that requests do
/// not pile up. The pool reconnects by itself once the server is back.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Tells every node (this one included) what the committed writes changed. A hint: nodes also
/// look for work on a timer, so a lost notice only delays.
async fn announce(pool: &PgPool, notices: &[Option<String>], results: &[Result<()>]) {
    let mut payloads: Vec<String> = notices
        .iter()
        .zip(results)
        .filter_map(|(notice, result)| notice.clone().filter(|_| result.is_ok()))
        .collect();
    payloads.sort();
    payloads.dedup();
    if payloads.is_empty() {
        return;
    }
    let sent = sqlx::query("SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload")
        .bind(CHANNEL)
        .bind(&payloads)
        .execute(pool)
        .await;
    if let Err(err) = sent {
        tracing::warn!(error = %err, "could not notify the other nodes");
    }
}

/// Forwards the channels' notifications while the store lives, reconnecting after errors: the
/// engine's notices to its subscribers, bus announcements to the bus relay.
async fn listen(
    url: String,
    notices: broadcast::WeakSender<Notice>,
    bus: std::sync::Weak<BusRelay>,
) {
    loop {
        let result: Result<(), sqlx::Error> = async {
            let mut listener = PgListener::connect(&url).await?;
            listener.listen_all([CHANNEL, crate::bus::CHANNEL]).await?;
            loop {
                let notification = listener.recv().await?;
                let Some(sender) = notices.upgrade() else {
                    return Ok(());
                };
                if notification.channel() == crate::bus::CHANNEL {
                    if let Some(bus) = bus.upgrade() {
                        bus.heard(notification.payload());
                    }
                } else if let Some(notice) = Notice::decode(notification.payload()) {
                    // No subscriber is not an error: the engine subscribes when it starts.
                    let _ = sender.send(notice);
                }
            }
        }
        .await;
        match result {
            Ok(()) => return,
            Err(err) => tracing::warn!(error = %err, "LISTEN connection lost; reconnecting"),
        }
        if notices.upgrade().is_none() {
            return;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Connects, migrates, and starts the writer lanes and the `LISTEN` loop.
pub(super) async fn open(url: &str) -> Result<q::Backend> {
    let pool = PgPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect(url)
        .await
        .map_err(|e| Error::Backend(format!("cannot connect to PostgreSQL: {e}")))?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|e| Error::Backend(format!("migrating PostgreSQL: {e}")))?;
    let writer_pool = pool.clone();
    // Several lanes: PostgreSQL commits concurrent transactions (and shares their WAL
    // flushes), so batches need not wait for each other.
    let writer = Writer::spawn("postgres", WRITER_LANES, move |batch| {
        let pool = writer_pool.clone();
        async move {
            let notices: Vec<Option<String>> = batch
                .iter()
                .map(|w| Notice::of(&w.row).map(|n| n.encode()))
                .collect();
            let results = q::apply_batch(&pool, batch).await?;
            announce(&pool, &notices, &results).await;
            Ok(results)
        }
    });
    let (notices, _) = broadcast::channel(4096);
    let bus = BusRelay::new(pool.clone());
    tokio::spawn(listen(
        url.to_owned(),
        notices.downgrade(),
        Arc::downgrade(&bus),
    ));
    Ok(q::Backend {
        read: pool.clone(),
        write: pool,
        writer,
        notices: Some(notices),
        bus: Some(bus),
    })
}

#[async_trait]
impl Backend for q::Backend {
    fn workspace_store(&self) -> Arc<dyn WorkspaceStore> {
        SqlWorkspaceStore::postgres(self.write.clone(), self.bus.clone())
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
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%' \
             ORDER BY table_name, ordinal_position",
        )
        .fetch_all(&self.read)
        .await
        .map_err(backend_error)?;
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for (table, column) in rows {
            match out.last_mut() {
                Some((name, columns)) if *name == table => columns.push(column),
                _ => out.push((table, vec![column])),
            }
        }
        Ok(out)
    }
}
