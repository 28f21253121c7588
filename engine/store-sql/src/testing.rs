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

/// The write that starts workflow `name` (type `order`, version 1): a commit to race or to
/// fail in a test.
pub fn created(name: &str) -> aether_store::WorkflowWrite {
    let id = aether_types::WorkflowId::parse(name).expect("id");
    aether_store::WorkflowWrite {
        row: aether_types::WorkflowRow {
            version: 1,
            history_len: 1,
            ..aether_types::WorkflowRow::new(id, "order".into(), None, 1)
        },
        expected_version: 0,
        events: vec![aether_types::HistoryEvent {
            seq: 1,
            at: 1,
            action: aether_types::Action::WorkflowStarted {
                workflow_type: "order".into(),
                input: b"{}".to_vec(),
                parent: None,
                execution_timeout_at: None,
            },
        }],
        approvals: Vec::new(),
    }
}
