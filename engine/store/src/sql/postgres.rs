//! PostgreSQL: the production backend, which several engine nodes may share. Every write is
//! version-checked, so nodes racing on one workflow cannot both win.

use sqlx::{
    migrate::Migrator,
    postgres::{PgPool, PgPoolOptions},
};

use super::{backend_error, writer::Writer};
use crate::{Error, Result, StoredWorkflow};

mod q {
    queries!(sqlx::Postgres);
}

static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/postgres");

/// Concurrent write transactions; the pool keeps connections for reads beside them.
const WRITER_LANES: usize = 4;

pub(super) struct Postgres {
    pool: PgPool,
}

impl Postgres {
    pub(super) async fn open(url: &str) -> Result<(Self, Writer)> {
        let pool = PgPoolOptions::new()
            .max_connections(8)
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
        let writer = Writer::spawn(WRITER_LANES, move |batch| {
            let pool = writer_pool.clone();
            async move { q::apply_batch(&pool, batch).await }
        });
        Ok((Self { pool }, writer))
    }

    pub(super) async fn write_snapshot(&self, items: Vec<StoredWorkflow>) -> Result<()> {
        q::write_snapshot(&self.pool, items).await
    }

    pub(super) async fn load(
        &self,
        id: &aether_types::WorkflowId,
    ) -> Result<Option<StoredWorkflow>> {
        q::load(&self.pool, id).await
    }

    pub(super) async fn history(
        &self,
        id: &aether_types::WorkflowId,
    ) -> Result<Vec<aether_types::HistoryEvent>> {
        q::history(&self.pool, id).await
    }

    pub(super) async fn list(
        &self,
        filter: &aether_types::ListFilter,
    ) -> Result<Vec<aether_types::WorkflowRow>> {
        q::list(&self.pool, filter).await
    }

    pub(super) async fn active(&self) -> Result<Vec<aether_types::WorkflowId>> {
        q::active(&self.pool).await
    }

    pub(super) async fn counts(&self) -> Result<Vec<(String, i64)>> {
        q::counts(&self.pool).await
    }

    pub(super) async fn load_all(&self) -> Result<Vec<StoredWorkflow>> {
        q::load_all(&self.pool).await
    }

    pub(super) async fn schema(&self) -> Result<Vec<(String, Vec<String>)>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%' \
             ORDER BY table_name, ordinal_position",
        )
        .fetch_all(&self.pool)
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
