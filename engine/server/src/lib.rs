//! The Aether server: opens the store for the configured tier, starts the engine, and serves it
//! over gRPC (tonic) and HTTP (axum), and with `[metrics] enabled` Prometheus metrics on a
//! listener of their own ([`prometheus`]).
//!
//! This is the only crate that knows tonic and axum; nothing depends on it but the `aether`
//! binary and end-to-end tests. Handlers translate and delegate: no workflow logic lives here.

mod activities;
mod approvals;
mod error;
mod grpc;
mod http;
mod prometheus;
mod store;

use std::{net::SocketAddr, sync::Arc};

use aether_core::{Engine, EngineOptions};
use aether_types::config::Config;
use aether_workspace::Workspaces;
use futures::StreamExt;
use tokio::{net::TcpListener, task::JoinSet};
use tokio_stream::wrappers::TcpListenerStream;
use tokio_util::sync::CancellationToken;

pub use error::ServerError;

/// A running server. Dropping it does not stop it; call [`Server::shutdown`].
pub struct Server {
    store: Arc<dyn aether_store::Store>,
    grpc_addr: SocketAddr,
    http_addr: SocketAddr,
    metrics_addr: Option<SocketAddr>,
    engine: Engine,
    shutdown: CancellationToken,
    tasks: JoinSet<Result<(), ServerError>>,
}

impl Server {
    /// Opens the store, binds both listeners (port 0 picks a free port) and starts serving.
    pub async fn start(config: &Config) -> Result<Self, ServerError> {
        config
            .validate()
            .map_err(|e| ServerError::Config(e.to_string()))?;
        // Before anything happens that it should count.
        let metrics = if config.metrics.enabled {
            Some(prometheus::install().map_err(ServerError::Metrics)?)
        } else {
            None
        };
        let (store, workspace_store) = store::open(config).await?;
        let limits = &config.workspaces;
        let workspaces = Workspaces::new(workspace_store, limits);
        let engine = Engine::start(
            Arc::clone(&store),
            EngineOptions {
                heartbeat_timeout: config.workers.heartbeat_timeout(),
                ..EngineOptions::default()
            },
        );
        engine.set_workspace_runner(Arc::new(activities::WorkspaceActivities(
            workspaces.clone(),
        )));
        if let Some(interval) = limits.gc_interval() {
            tokio::spawn(collect_garbage(
                workspaces.clone(),
                interval,
                limits.gc_retention(),
                engine.shutdown_token(),
            ));
        }
        // Before serving, so that the first requests see every workflow the store holds.
        engine
            .recover()
            .await
            .map_err(|e| ServerError::Store(format!("recovery failed: {e}")))?;
        let host = &config.server.host;
        let grpc = bind(host, config.server.grpc_port).await?;
        let http = bind(host, config.server.http_port).await?;
        let grpc_addr = grpc.local_addr().map_err(ServerError::Io)?;
        let http_addr = http.local_addr().map_err(ServerError::Io)?;
        let shutdown = CancellationToken::new();
        let mut tasks = JoinSet::new();

        let metrics_addr = match metrics {
            Some(handle) => {
                let listener = bind(&config.metrics.host, config.metrics.port).await?;
                let addr = listener.local_addr().map_err(ServerError::Io)?;
                let app = prometheus::router(engine.clone(), handle);
                let stop = shutdown.clone();
                tasks.spawn(async move {
                    prometheus::serve(listener, app, stop)
                        .await
                        .map_err(ServerError::Io)
                });
                Some(addr)
            }
            None => None,
        };

        let max_message = max_message_bytes(config);
        let services = grpc::router(
            engine.clone(),
            workspaces.clone(),
            config.workers.heartbeat_interval(),
            max_message,
        );
        let incoming = TcpListenerStream::new(grpc).map(|conn| {
            if let Ok(stream) = &conn {
                // Workflow traffic is many small request/response pairs; Nagle would add
                // tens of milliseconds to each.
                let _ = stream.set_nodelay(true);
            }
            conn
        });
        let stop = shutdown.clone();
        tasks.spawn(async move {
            services
                .serve_with_incoming_shutdown(incoming, stop.cancelled_owned())
                .await
                .map_err(|e| ServerError::Serve(e.to_string()))
        });

        let app = http::router(engine.clone(), workspaces, max_message);
        let stop = shutdown.clone();
        tasks.spawn(async move {
            axum::serve(http, app)
                .with_graceful_shutdown(stop.cancelled_owned())
                .await
                .map_err(ServerError::Io)
        });

        tracing::info!(%grpc_addr, %http_addr, metrics_addr = ?metrics_addr, persistence = %config.persistence.mode, "aether is serving");
        Ok(Self {
            store,
            grpc_addr,
            http_addr,
            metrics_addr,
            engine,
            shutdown,
            tasks,
        })
    }

    pub fn grpc_addr(&self) -> SocketAddr {
        self.grpc_addr
    }

    pub fn http_addr(&self) -> SocketAddr {
        self.http_addr
    }

    /// The Prometheus listener (`GET /metrics`), when `[metrics]` is enabled.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_addr
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// A token that stops the server when cancelled, for signal handlers.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Asks both listeners and the engine to stop.
    pub fn shutdown(&self) {
        self.shutdown.cancel();
        self.engine.shutdown();
    }

    /// Waits until the server stops (after [`Server::shutdown`], or a listener failing).
    pub async fn wait(mut self) -> Result<(), ServerError> {
        let mut outcome = Ok(());
        while let Some(joined) = self.tasks.join_next().await {
            let result = joined
                .map_err(|e| ServerError::Serve(e.to_string()))
                .and_then(|r| r);
            if let Err(err) = result {
                // One listener failing takes the server down rather than leaving half of it.
                self.shutdown();
                outcome = Err(err);
            }
        }
        self.engine.shutdown();
        // The snapshot tier writes what it has not yet written.
        if let Err(err) = self.store.flush().await {
            tracing::error!(error = %err, "final flush failed");
            outcome = outcome.and(Err(ServerError::Store(err.to_string())));
        }
        outcome
    }
}

/// The server's one bound on a message: an HTTP request body, or a gRPC request or response of
/// any service. A whole file travels in one message, so it is the workspace request limit
/// (`[workspaces] max_request_bytes`). The SDKs set no bound of their own, so this one governs
/// and its error (gRPC OUT_OF_RANGE, HTTP 413) reaches the caller.
fn max_message_bytes(config: &Config) -> usize {
    usize::try_from(config.workspaces.max_request_bytes).unwrap_or(usize::MAX)
}

async fn bind(host: &str, port: u16) -> Result<TcpListener, ServerError> {
    TcpListener::bind((host, port))
        .await
        .map_err(|source| ServerError::Bind {
            addr: format!("{host}:{port}"),
            source,
        })
}

/// Every `interval`, removes workspace content nothing live references any more.
async fn collect_garbage(
    workspaces: Workspaces,
    interval: std::time::Duration,
    retention: std::time::Duration,
    stop: tokio_util::sync::CancellationToken,
) {
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks.tick().await;
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = ticks.tick() => {}
        }
        match workspaces.collect_garbage(retention).await {
            Ok(collected) if collected.removed > 0 => tracing::info!(
                removed = collected.removed,
                bytes = collected.removed_bytes,
                live = collected.live,
                "collected unreferenced workspace content"
            ),
            Ok(_) => {}
            Err(err) => {
                tracing::warn!(error = %err, "workspace garbage collection failed; retrying at the next interval")
            }
        }
    }
}
