use std::{future::Future, time::Duration};

use aether_sdk::Client;
use aether_server::Server;
use aether_types::config::Config;

/// An engine serving on ephemeral loopback ports, in memory (L0), stopped on drop.
pub struct TestEngine {
    pub server: Server,
    pub url: String,
}

impl TestEngine {
    pub async fn start() -> Self {
        Self::with_heartbeat_timeout(Duration::from_secs(10)).await
    }

    pub async fn with_heartbeat_timeout(timeout: Duration) -> Self {
        let mut config = Config::default();
        config.server.grpc_port = 0;
        config.server.http_port = 0;
        config.workers.heartbeat_timeout_ms = timeout.as_millis() as u64;
        let server = Server::start(&config).await.expect("engine starts");
        let url = format!("http://{}", server.grpc_addr());
        Self { server, url }
    }

    pub async fn client(&self) -> Client {
        Client::connect(&self.url).await.expect("client connects")
    }
}

impl Drop for TestEngine {
    fn drop(&mut self) {
        self.server.shutdown();
    }
}

/// Polls `check` until it returns `Some`, failing the test after `timeout`. For conditions that
/// have no event to await (a file written by another process, a status reached).
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Bounds a test step that should finish quickly, so a bug shows as a failure, not a hang.
pub async fn within<T>(what: &str, timeout: Duration, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(timeout, future)
        .await
        .unwrap_or_else(|_| panic!("timed out after {timeout:?}: {what}"))
}
