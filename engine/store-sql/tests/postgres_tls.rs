//! PostgreSQL over TLS: sqlx is built with rustls, so the URL's `sslmode` decides. `require`
//! never falls back to plaintext (it connects encrypted, or fails saying the server has no TLS),
//! and `verify-full` checks the server's certificate against `sslrootcert`.

use aether_store_sql::{Location, SqlStore, testing::fresh_postgres_url};
use sqlx::{Connection, PgConnection, Row};

fn with_params(url: &str, params: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{params}")
}

#[tokio::test]
async fn sslmode_require_connects_encrypted_or_fails_clearly() {
    let url = fresh_postgres_url().await;
    let mut plain = PgConnection::connect(&with_params(&url, "sslmode=disable"))
        .await
        .expect("a plaintext connection to the test server");
    let server_has_tls: String = sqlx::query("SHOW ssl")
        .fetch_one(&mut plain)
        .await
        .unwrap()
        .get(0);

    let required = with_params(&url, "sslmode=require");
    let opened = SqlStore::open(&Location::parse(&required)).await;
    if server_has_tls == "on" {
        opened.expect("the store opens over TLS");
        let mut conn = PgConnection::connect(&required).await.unwrap();
        let encrypted: bool =
            sqlx::query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                .fetch_one(&mut conn)
                .await
                .unwrap()
                .get(0);
        assert!(encrypted, "sslmode=require connected in plaintext");
    } else {
        let err = opened
            .err()
            .expect("require must not fall back to plaintext")
            .to_string();
        assert!(err.contains("TLS"), "{err}");
    }
}

#[tokio::test]
async fn verify_full_refuses_a_server_certificate_of_another_authority() {
    let url = fresh_postgres_url().await;
    let dir = tempfile::tempdir().unwrap();
    let foreign_ca = dir.path().join("ca.pem");
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    std::fs::write(&foreign_ca, certified.cert.pem()).unwrap();

    let verified = with_params(
        &url,
        &format!("sslmode=verify-full&sslrootcert={}", foreign_ca.display()),
    );
    let err = SqlStore::open(&Location::parse(&verified))
        .await
        .err()
        .expect("a certificate this CA did not sign is refused")
        .to_string();
    // Either the certificate is refused, or (a server without TLS) TLS itself is missing:
    // never a plaintext connection.
    assert!(
        err.contains("certificate") || err.contains("TLS") || err.contains("UnknownIssuer"),
        "{err}"
    );
}
