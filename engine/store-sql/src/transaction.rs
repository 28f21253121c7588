//! Every sqlx write transaction of this crate runs through [`in_transaction`], so that what
//! must happen after a failed one is written once. SQLite's batch commit runs on rusqlite
//! (`sqlite/commit.rs`) and does the same: it rolls back and closes the connection.

use sqlx::{Connection, Database, Pool, Transaction};

/// An error type a transaction's work returns: it can carry a database error, and it tells
/// a database's failure from a refusal decided in Rust (a stale revision, a repeat).
pub(crate) trait TransactionError: Sized {
    fn from_database(err: sqlx::Error) -> Self;
    /// Whether the database failed, rather than the work deciding to stop.
    fn is_database_failure(&self) -> bool;
}

impl TransactionError for aether_store::Error {
    fn from_database(err: sqlx::Error) -> Self {
        crate::backend_error(err)
    }

    fn is_database_failure(&self) -> bool {
        matches!(self, Self::Backend(_) | Self::Corrupt(_))
    }
}

impl TransactionError for aether_store::workspace::Error {
    fn from_database(err: sqlx::Error) -> Self {
        crate::workspace::backend(err)
    }

    fn is_database_failure(&self) -> bool {
        // `Rejected` is also how a NUL refused by PostgreSQL comes back.
        matches!(self, Self::Backend(_) | Self::Rejected(_))
    }
}

/// Runs `work` in a transaction on a connection of its own, and commits if it succeeds.
///
/// When the database failed (a statement or the commit), the connection is closed instead of
/// going back to the pool: its state is not to be trusted. Once SQLite's COMMIT had failed on
/// a full disk, sqlx still counted the transaction open, so every later "commit" on that
/// connection only released a savepoint inside a transaction that never ended, and was lost at
/// the next kill (the fault harness found it). A new connection starts clean. A refusal
/// decided by the work itself rolls back and keeps the connection.
pub(crate) async fn in_transaction<Db, T, E>(
    pool: &Pool<Db>,
    work: impl AsyncFnOnce(&mut Transaction<'_, Db>) -> Result<T, E>,
) -> Result<T, E>
where
    Db: Database,
    E: TransactionError,
{
    let mut conn = pool.acquire().await.map_err(E::from_database)?;
    let done = async {
        let mut tx = conn.begin().await.map_err(E::from_database)?;
        let value = work(&mut tx).await?;
        tx.commit().await.map_err(E::from_database)?;
        Ok(value)
    }
    .await;
    if done.as_ref().is_err_and(E::is_database_failure) {
        conn.close_on_drop();
    }
    done
}

#[cfg(test)]
mod tests {
    use sqlx::{Sqlite, sqlite::SqlitePoolOptions};

    use super::*;

    async fn one_connection() -> Pool<Sqlite> {
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (v INTEGER PRIMARY KEY)")
            .execute(&pool)
            .await
            .unwrap();
        pool
    }

    async fn insert(tx: &mut Transaction<'_, Sqlite>, v: i64) -> Result<(), aether_store::Error> {
        sqlx::query("INSERT INTO t (v) VALUES ($1)")
            .bind(v)
            .execute(&mut **tx)
            .await
            .map(drop)
            .map_err(crate::backend_error)
    }

    #[tokio::test]
    async fn a_database_failure_rolls_back_and_closes_the_connection() {
        let pool = one_connection().await;
        let failed = in_transaction(&pool, async |tx: &mut Transaction<'_, Sqlite>| {
            insert(tx, 2).await?;
            insert(tx, 2).await
        })
        .await;
        assert!(matches!(failed, Err(aether_store::Error::Backend(_))));
        // An in-memory database lives as long as its connection: the next query, once the
        // old connection has closed and given back the pool's one slot, runs on a new
        // connection and a new, empty database.
        let after = sqlx::query("SELECT count(*) FROM t").fetch_one(&pool).await;
        assert!(
            after.is_err_and(|err| err.to_string().contains("no such table")),
            "the connection that failed was reused"
        );
    }

    #[tokio::test]
    async fn a_refusal_rolls_back_and_keeps_the_connection() {
        let pool = one_connection().await;
        let refused = in_transaction(&pool, async |tx: &mut Transaction<'_, Sqlite>| {
            insert(tx, 1).await?;
            Err::<(), _>(aether_store::Error::NotFound(
                aether_types::WorkflowId::parse("w").unwrap(),
            ))
        })
        .await;
        assert!(matches!(refused, Err(aether_store::Error::NotFound(_))));
        // The same connection, so the same in-memory database: the table is still there.
        let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM t")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(rows, 0, "the refused transaction's insert was rolled back");
        in_transaction(&pool, async |tx: &mut Transaction<'_, Sqlite>| {
            insert(tx, 1).await
        })
        .await
        .unwrap();
        let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM t")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(rows, 1);
    }
}
