//! Databases for tests: a fresh PostgreSQL database per test on the server named by
//! `AETHER_TEST_DATABASE_URL` (default: the local server with trust auth), and a SQLite file in a
//! temporary directory.

use sqlx::{Connection, Executor, PgConnection};

/// The server tests use. They never skip: without a reachable server they fail.
pub fn postgres_admin_url() -> String {
    std::env::var("AETHER_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// Creates an empty database named `aether_test_<random>` and returns its URL.
pub async fn fresh_postgres_url() -> String {
    let admin_url = postgres_admin_url();
    let mut admin = PgConnection::connect(&admin_url).await.unwrap_or_else(|e| {
        panic!("PostgreSQL tests need a server at AETHER_TEST_DATABASE_URL ({admin_url}): {e}")
    });
    let name = format!("aether_test_{}", uuid::Uuid::new_v4().simple());
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
    let _ = admin.close().await;
    let (base, _) = admin_url
        .rsplit_once('/')
        .unwrap_or((admin_url.as_str(), ""));
    format!("{base}/{name}")
}
