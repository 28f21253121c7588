//! The Aether server: opens the store for the configured tier, starts the engine, and serves it
//! over gRPC (tonic) and HTTP (axum), and with `[metrics] enabled` Prometheus metrics on a
//! listener of their own ([`prometheus`]). With `[server.tls]` the gRPC and HTTP listeners
//! speak only TLS ([`tls`]).
//!
//! This is the only crate that knows tonic and axum; nothing depends on it but the `aether`
//! binary and end-to-end tests. Handlers translate and delegate: no workflow logic lives here.

mod activities;
mod approvals;
pub mod auth;
mod error;
mod grpc;
mod http;
mod listen;
mod prometheus;
mod store;
pub mod tls;

use std::{net::SocketAddr, sync::Arc};

use aether_core::{CacheBounds, Engine, EngineOptions};
use aether_types::config::Config;
use aether_workspace::Workspaces;
use tokio::{net::TcpListener, task::JoinSet};
use tokio_util::sync::CancellationToken;

pub use error::ServerError;
pub use tls::TlsError;

/// A running server. Dropping it does not stop it; call [`Server::shutdown`].
pub struct Server {
    store: Arc<dyn aether_store::Store>,
    grpc_addr: SocketAddr,
    http_addr: SocketAddr,
    metrics_addr: Option<SocketAddr>,
    tls: Option<Arc<tls::ServerTls>>,
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
        // Unreadable certificate files fail the start before anything is opened.
        let tls = config
            .server
            .tls
            .as_ref()
            .map(tls::ServerTls::load)
            .transpose()?;
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
                node_timeout: config.cluster.node_timeout(),
                max_worker_capacity: config.limits.max_worker_capacity,
                task_timeout: config.limits.task_timeout(),
                // Never above the message limit, which a smaller max_request_bytes lowers.
                max_payload_bytes: usize::try_from(config.limits.max_payload_bytes)
                    .unwrap_or(usize::MAX)
                    .min(max_message_bytes(config)),
                max_journal_bytes: usize::try_from(config.limits.max_journal_bytes)
                    .unwrap_or(usize::MAX)
                    .min(max_message_bytes(config)),
                cache: CacheBounds {
                    max_workflows: config.engine.cache_max_workflows(),
                    idle: config.engine.cache_idle(),
                },
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
        let auth = auth::Auth::new(config);
        if !auth.enabled() && !aether_types::config::is_loopback_host(host) {
            tracing::warn!(
                %host,
                "NO AUTHENTICATION: serving a non-loopback address without API keys (--insecure-no-auth); anyone who can reach it can start, cancel and read every workflow and workspace"
            );
        }
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
        let limits = &config.limits;
        let services = grpc::router(
            engine.clone(),
            workspaces.clone(),
            auth.clone(),
            config.workers.heartbeat_interval(),
            max_message,
            limits,
        );
        let app = http::router(engine.clone(), workspaces, auth, max_message);
        let grpc_incoming = listen::accept(grpc, limits.max_connections as usize);
        let http_incoming = listen::accept(http, limits.max_connections as usize);
        match &tls {
            Some(tls) => {
                tls::spawn_reloader(Arc::clone(tls), shutdown.clone());
                let handshakes = limits.max_connections as usize;
                let grpc_incoming = tls::handshake(
                    grpc_incoming,
                    Arc::clone(tls),
                    shutdown.clone(),
                    tls::Port::Grpc,
                    handshakes,
                );
                let http_incoming = tls::handshake(
                    http_incoming,
                    Arc::clone(tls),
                    shutdown.clone(),
                    tls::Port::Http,
                    handshakes,
                );
                serve_grpc(&mut tasks, services, grpc_incoming, &shutdown);
                serve_http(&mut tasks, app, http_incoming, limits, &shutdown);
            }
            None => {
                serve_grpc(&mut tasks, services, grpc_incoming, &shutdown);
                serve_http(&mut tasks, app, http_incoming, limits, &shutdown);
            }
        }

        tracing::info!(%grpc_addr, %http_addr, tls = tls.is_some(), metrics_addr = ?metrics_addr, persistence = %config.persistence.mode, "aether is serving");
        Ok(Self {
            store,
            grpc_addr,
            http_addr,
            metrics_addr,
            tls,
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

    /// Whether the gRPC and HTTP listeners speak TLS (their URLs are `https://`).
    pub fn tls(&self) -> bool {
        self.tls.is_some()
    }

    /// Reads the TLS certificate and key files again now, as SIGHUP does; on an error the
    /// previous certificate stays in use. Nothing to do without `[server.tls]`.
    pub fn reload_tls(&self) -> Result<(), TlsError> {
        match &self.tls {
            Some(tls) => tls.reload(),
            None => Ok(()),
        }
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

/// Serves the gRPC services on `incoming` until `shutdown`, then for at most the shutdown grace.
fn serve_grpc<S, IO>(
    tasks: &mut JoinSet<Result<(), ServerError>>,
    services: grpc::Services,
    incoming: S,
    shutdown: &CancellationToken,
) where
    S: futures::Stream<Item = std::io::Result<IO>> + Send + 'static,
    IO: tonic::transport::server::Connected
        + tokio::io::AsyncRead
        + tokio::io::AsyncWrite
        + Unpin
        + Send
        + 'static,
    IO::ConnectInfo: Clone + Send + Sync + 'static,
{
    let stop = shutdown.clone();
    tasks.spawn(async move {
        let serve = services.serve_with_incoming_shutdown(incoming, stop.clone().cancelled_owned());
        listen::within_grace(serve, stop, "grpc")
            .await
            .unwrap_or(Ok(()))
            .map_err(|e| ServerError::Serve(e.to_string()))
    });
}

/// Serves the HTTP routes on `incoming` until `shutdown`, then for at most the shutdown grace.
fn serve_http<S, IO>(
    tasks: &mut JoinSet<Result<(), ServerError>>,
    app: axum::Router,
    incoming: S,
    limits: &aether_types::config::LimitsConfig,
    shutdown: &CancellationToken,
) where
    S: futures::Stream<Item = std::io::Result<IO>> + Send + 'static,
    IO: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let stop = shutdown.clone();
    let limits = limits.clone();
    tasks.spawn(async move {
        let serve = listen::serve_http(incoming, app, &limits, stop.clone());
        listen::within_grace(serve, stop, "http")
            .await
            .unwrap_or(Ok(()))
            .map_err(ServerError::Io)
    });
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
