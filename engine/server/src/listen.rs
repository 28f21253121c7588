//! The listeners' transport, below both protocols: an accept loop that caps open connections and
//! backs off when accepting fails (a full file table must not spin a runtime thread, as tonic's
//! own loop does), and HTTP served by hyper with its timers on, so that a client that trickles
//! its headers or its body, or idles, is disconnected.
//!
//! Everything here is generic over the connection's stream, so a TLS layer can wrap what
//! [`accept`] yields before the protocols see it.

use std::{
    io,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use aether_types::config::LimitsConfig;
use axum::Router;
use futures::{Stream, StreamExt};
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::{conn::auto, graceful::GracefulShutdown},
    service::TowerToHyperService,
};
use pin_project_lite::pin_project;
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
    sync::{OwnedSemaphorePermit, Semaphore},
};
use tokio_util::sync::CancellationToken;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// The first pause after an accept error, doubled on each error in a row up to [`MAX_BACKOFF`].
const MIN_BACKOFF: Duration = Duration::from_millis(5);
const MAX_BACKOFF: Duration = Duration::from_secs(1);

/// Idle TCP connections are probed after this long, so a peer that vanished (no FIN, no RST)
/// does not hold a connection slot for ever.
const TCP_KEEPALIVE: Duration = Duration::from_secs(60);

pin_project! {
    /// An accepted connection holding one of the listener's connection slots until it drops.
    pub struct Capped<IO> {
        #[pin]
        io: IO,
        _permit: OwnedSemaphorePermit,
    }
}

impl<IO: AsyncRead> AsyncRead for Capped<IO> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.project().io.poll_read(cx, buf)
    }
}

impl<IO: AsyncWrite> AsyncWrite for Capped<IO> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.project().io.poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().io.poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().io.poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.project().io.poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
}

impl<IO: tonic::transport::server::Connected> tonic::transport::server::Connected for Capped<IO> {
    type ConnectInfo = IO::ConnectInfo;

    fn connect_info(&self) -> Self::ConnectInfo {
        self.io.connect_info()
    }
}

/// The connections of `listener`, at most `max_connections` open at once: past that it stops
/// accepting (the kernel's backlog holds the rest) until one closes. An accept error never
/// ends the stream: one about a single connection is skipped, any other (out of file
/// descriptors, out of memory) pauses accepting, longer each time it repeats.
///
/// The stream yields `io::Result` because tonic's `serve_with_incoming` takes one; it only
/// ever yields `Ok`.
pub fn accept(
    listener: TcpListener,
    max_connections: usize,
) -> impl Stream<Item = io::Result<Capped<TcpStream>>> + Send + 'static {
    let slots = Arc::new(Semaphore::new(max_connections.max(1)));
    futures::stream::unfold(
        (listener, slots, MIN_BACKOFF),
        |(listener, slots, mut backoff)| async move {
            loop {
                // Never closed, so acquiring fails only if that changes; then stop serving.
                let permit = Arc::clone(&slots).acquire_owned().await.ok()?;
                match listener.accept().await {
                    Ok((stream, _)) => {
                        tune(&stream);
                        let capped = Capped {
                            io: stream,
                            _permit: permit,
                        };
                        return Some((Ok(capped), (listener, slots, MIN_BACKOFF)));
                    }
                    Err(err) if about_one_connection(&err) => {}
                    Err(err) => {
                        tracing::warn!(error = %err, pause_ms = backoff.as_millis() as u64, "cannot accept connections; pausing");
                        drop(permit);
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(MAX_BACKOFF);
                    }
                }
            }
        },
    )
}

/// Workflow traffic is many small request/response pairs, where Nagle would add tens of
/// milliseconds to each; keep-alive probes find peers that vanished.
fn tune(stream: &TcpStream) {
    let _ = stream.set_nodelay(true);
    let keepalive = socket2::TcpKeepalive::new().with_time(TCP_KEEPALIVE);
    let _ = socket2::SockRef::from(stream).set_tcp_keepalive(&keepalive);
}

/// Errors that concern the connection being accepted, not the listener.
fn about_one_connection(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::Interrupted
    )
}

/// How long a stopping listener waits for its open connections (a worker's task stream, a
/// live view) to finish before it stops without them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Runs `serve` until it ends, or until [`SHUTDOWN_GRACE`] after `stop`: a graceful shutdown
/// waits for every connection to close, and a client that keeps a stream open must not hold
/// the server up for ever.
pub async fn within_grace<T>(
    serve: impl std::future::Future<Output = T>,
    stop: CancellationToken,
    what: &'static str,
) -> Option<T> {
    tokio::select! {
        outcome = serve => Some(outcome),
        _ = async {
            stop.cancelled().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => {
            tracing::warn!(listener = what, grace_ms = SHUTDOWN_GRACE.as_millis() as u64, "connections still open after the shutdown grace; stopping without them");
            None
        }
    }
}

/// Serves `app` on the connections `incoming` yields until `stop` is cancelled, then lets the
/// open connections finish their requests.
///
/// HTTP/1.1 only: hyper reads the request head under `header_read_timeout` (which also closes
/// an idle keep-alive connection), and a request body that stalls for `body_read_timeout`
/// fails. Protocol detection for HTTP/2 would read the connection preface with no timeout, so
/// it is off (and no upgrades: hyper-util's upgradable connection always detects): nothing
/// speaks HTTP/2 or WebSocket to this port. Live streams (SSE) are
/// responses and are not bounded.
pub async fn serve_http<S, IO>(
    incoming: S,
    app: Router,
    limits: &LimitsConfig,
    stop: CancellationToken,
) -> io::Result<()>
where
    S: Stream<Item = io::Result<IO>> + Send + 'static,
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let app = app.layer(RequestBodyTimeoutLayer::new(limits.body_read_timeout()));
    let mut builder = auto::Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout())
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let mut incoming = std::pin::pin!(incoming);
    loop {
        let io = tokio::select! {
            _ = stop.cancelled() => break,
            next = incoming.next() => match next {
                Some(Ok(io)) => io,
                Some(Err(err)) => {
                    tracing::debug!(error = %err, "connection not accepted");
                    continue;
                }
                None => break,
            },
        };
        let service = TowerToHyperService::new(app.clone());
        let connection = builder
            .serve_connection(TokioIo::new(io), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                // A client that timed out or hung up: its business, not the server's.
                tracing::debug!(error = %err, "http connection ended with an error");
            }
        });
    }
    graceful.shutdown().await;
    Ok(())
}
