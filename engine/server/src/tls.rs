//! TLS for the gRPC and HTTP listeners (`[server.tls]`), with rustls and the ring provider.
//!
//! [`ServerTls`] holds the certificate and key read from the configured PEM files and re-reads
//! them when asked ([`ServerTls::reload`]), on SIGHUP and when the files' modification times
//! change ([`spawn_reloader`]); a new file that does not load is logged and the previous
//! certificate stays in use. [`handshake`] turns the accepted connections (`listen::accept`)
//! into TLS ones, each handshake in a task of its own, so that a slow or failed handshake never
//! holds up the others; only completed handshakes reach the gRPC and HTTP servers. The metrics
//! listener stays plain HTTP.

use std::{
    io,
    path::{Path, PathBuf},
    sync::{Arc, RwLock},
    time::{Duration, SystemTime},
};

use aether_types::config::TlsConfig;
use futures::{Stream, StreamExt};
use rustls::{
    ServerConfig,
    pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject},
};
use tokio::{
    io::{AsyncRead, AsyncWrite},
    sync::{Semaphore, mpsc},
};
use tokio_rustls::{TlsAcceptor, server::TlsStream};
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::CancellationToken;

/// How long a client has to complete its handshake before its connection is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// How often the certificate and key files are checked for a change.
const POLL_INTERVAL: Duration = Duration::from_secs(2);

/// Why the certificate and key cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read the TLS {what} file {path}: {source}")]
    Read {
        what: &'static str,
        path: String,
        source: io::Error,
    },
    #[error("the TLS certificate file {path} holds no PEM certificate")]
    NoCertificate { path: String },
    #[error("the TLS certificate file {path} is not valid PEM: {message}")]
    BadCertificate { path: String, message: String },
    #[error(
        "the TLS key file {path} holds no usable PEM private key (PKCS#8, PKCS#1 or SEC1): {message}"
    )]
    BadKey { path: String, message: String },
    #[error("the TLS key {key} does not match the certificate {cert}")]
    KeyMismatch { cert: String, key: String },
    #[error("the TLS certificate {cert} and key {key} cannot be served: {source}")]
    Unusable {
        cert: String,
        key: String,
        source: rustls::Error,
    },
}

/// The certificate the listeners serve, reloadable while they serve.
#[derive(Debug)]
pub struct ServerTls {
    cert_path: PathBuf,
    key_path: PathBuf,
    current: RwLock<Configs>,
}

/// What each port speaks, which ALPN announces: gRPC needs HTTP/2 (which clients speak over
/// TLS only when ALPN agrees on it); the HTTP port serves HTTP/1.1 alone (`listen::serve_http`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Port {
    Grpc,
    Http,
}

/// One server configuration per [`Port`], from the same certificate.
#[derive(Debug)]
struct Configs {
    grpc: Arc<ServerConfig>,
    http: Arc<ServerConfig>,
}

impl Configs {
    fn new(base: ServerConfig) -> Self {
        let mut grpc = base.clone();
        grpc.alpn_protocols = vec![b"h2".to_vec()];
        let mut http = base;
        http.alpn_protocols = vec![b"http/1.1".to_vec()];
        Self {
            grpc: Arc::new(grpc),
            http: Arc::new(http),
        }
    }
}

impl ServerTls {
    /// Reads and checks the files: both exist, hold PEM, and the key is the certificate's.
    pub fn load(files: &TlsConfig) -> Result<Arc<Self>, TlsError> {
        let cert_path = PathBuf::from(&files.cert_path);
        let key_path = PathBuf::from(&files.key_path);
        let config = server_config(&cert_path, &key_path)?;
        Ok(Arc::new(Self {
            cert_path,
            key_path,
            current: RwLock::new(Configs::new(config)),
        }))
    }

    /// Reads the files again; new connections get the new certificate, open ones keep theirs.
    /// On an error the previous certificate stays in use.
    pub fn reload(&self) -> Result<(), TlsError> {
        let config = server_config(&self.cert_path, &self.key_path)?;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Configs::new(config);
        Ok(())
    }

    fn acceptor(&self, port: Port) -> TlsAcceptor {
        let configs = self.current.read().unwrap_or_else(|e| e.into_inner());
        TlsAcceptor::from(Arc::clone(match port {
            Port::Grpc => &configs.grpc,
            Port::Http => &configs.http,
        }))
    }

    /// The files' modification times, to notice a change (`None` for a file that cannot be
    /// read now, which a later check sees change back).
    fn modified(&self) -> (Option<SystemTime>, Option<SystemTime>) {
        let of = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
        (of(&self.cert_path), of(&self.key_path))
    }
}

fn server_config(cert_path: &Path, key_path: &Path) -> Result<ServerConfig, TlsError> {
    let cert = cert_path.display().to_string();
    let key = key_path.display().to_string();
    let read = |what, path: &Path, shown: &str| {
        std::fs::read(path).map_err(|source| TlsError::Read {
            what,
            path: shown.to_owned(),
            source,
        })
    };
    let cert_pem = read("certificate", cert_path, &cert)?;
    let key_pem = read("key", key_path, &key)?;
    let chain = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| TlsError::BadCertificate {
            path: cert.clone(),
            message: e.to_string(),
        })?;
    if chain.is_empty() {
        return Err(TlsError::NoCertificate { path: cert });
    }
    let private_key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| TlsError::BadKey {
        path: key.clone(),
        message: e.to_string(),
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|source| TlsError::Unusable {
            cert: cert.clone(),
            key: key.clone(),
            source,
        })?
        .with_no_client_auth()
        .with_single_cert(chain, private_key)
        .map_err(|source| match source {
            rustls::Error::InconsistentKeys(_) => TlsError::KeyMismatch {
                cert: cert.clone(),
                key: key.clone(),
            },
            source => TlsError::Unusable {
                cert: cert.clone(),
                key: key.clone(),
                source,
            },
        })
}

/// Reloads `tls` on SIGHUP and when its files' modification times change, until `stop`.
pub fn spawn_reloader(tls: Arc<ServerTls>, stop: CancellationToken) {
    tokio::spawn(async move {
        let mut hangups = Hangups::new();
        let mut ticks = tokio::time::interval(POLL_INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut seen = tls.modified();
        loop {
            let reason = tokio::select! {
                _ = stop.cancelled() => return,
                _ = hangups.next() => "SIGHUP",
                _ = ticks.tick() => {
                    if tls.modified() == seen {
                        continue;
                    }
                    "the files changed"
                }
            };
            // Read before reloading: a write landing during the reload is seen at the next tick.
            seen = tls.modified();
            match tls.reload() {
                Ok(()) => tracing::info!(reason, "reloaded the TLS certificate"),
                Err(err) => tracing::error!(
                    reason,
                    error = %err,
                    "cannot reload the TLS certificate; still serving the previous one"
                ),
            }
        }
    });
}

/// SIGHUP deliveries, where there are signals; never, elsewhere.
struct Hangups {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

impl Hangups {
    fn new() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let signal = signal(SignalKind::hangup())
                .inspect_err(|err| {
                    tracing::warn!(error = %err, "cannot listen for SIGHUP; TLS files reload only when they change");
                })
                .ok();
            Self { signal }
        }
        #[cfg(not(unix))]
        Self {}
    }

    async fn next(&mut self) {
        #[cfg(unix)]
        if let Some(signal) = &mut self.signal
            && signal.recv().await.is_some()
        {
            return;
        }
        std::future::pending::<()>().await
    }
}

/// The connections of `incoming` whose TLS handshake completed, handshaking with the
/// certificate `tls` holds at the time. Each handshake runs in a task of its own, bounded by
/// [`HANDSHAKE_TIMEOUT`], so a slow or failed one never holds up the others; at most
/// `max_handshakes` run at once (`incoming` bounds the connections themselves).
pub fn handshake<S, IO>(
    incoming: S,
    tls: Arc<ServerTls>,
    stop: CancellationToken,
    port: Port,
    max_handshakes: usize,
) -> impl Stream<Item = io::Result<TlsStream<IO>>> + Send + 'static
where
    S: Stream<Item = io::Result<IO>> + Send + 'static,
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (sender, accepted) = mpsc::channel(64);
    let handshakes = Arc::new(Semaphore::new(max_handshakes.max(1)));
    tokio::spawn(async move {
        let mut incoming = std::pin::pin!(incoming);
        loop {
            let stream = tokio::select! {
                _ = stop.cancelled() => return,
                next = incoming.next() => match next {
                    Some(Ok(stream)) => stream,
                    Some(Err(err)) => {
                        tracing::debug!(error = %err, "connection not accepted");
                        continue;
                    }
                    None => return,
                },
            };
            let Ok(permit) = Arc::clone(&handshakes).acquire_owned().await else {
                return;
            };
            let acceptor = tls.acceptor(port);
            let sender = sender.clone();
            tokio::spawn(async move {
                match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                    Ok(Ok(stream)) => {
                        drop(permit);
                        let _ = sender.send(Ok(stream)).await;
                    }
                    Ok(Err(err)) => tracing::debug!(error = %err, "TLS handshake failed"),
                    Err(_) => tracing::debug!("TLS handshake timed out"),
                }
            });
        }
    });
    ReceiverStream::new(accepted)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Files {
        dir: tempfile::TempDir,
        config: TlsConfig,
    }

    impl Files {
        /// A self-signed certificate for localhost and its key, written as PEM files.
        fn new() -> Self {
            let dir = tempfile::tempdir().unwrap();
            let config = TlsConfig {
                cert_path: dir.path().join("cert.pem").display().to_string(),
                key_path: dir.path().join("key.pem").display().to_string(),
            };
            let files = Self { dir, config };
            let (cert, key) = self_signed();
            files.write_cert(&cert);
            files.write_key(&key);
            files
        }

        fn write_cert(&self, pem: &str) {
            std::fs::write(&self.config.cert_path, pem).unwrap();
        }

        fn write_key(&self, pem: &str) {
            std::fs::write(&self.config.key_path, pem).unwrap();
        }
    }

    fn self_signed() -> (String, String) {
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
        (certified.cert.pem(), certified.signing_key.serialize_pem())
    }

    #[test]
    fn a_certificate_and_its_key_load_with_h2_for_grpc_and_http1_for_http() {
        let files = Files::new();
        let tls = ServerTls::load(&files.config).unwrap();
        let configs = tls.current.read().unwrap();
        assert_eq!(configs.grpc.alpn_protocols, vec![b"h2".to_vec()]);
        assert_eq!(configs.http.alpn_protocols, vec![b"http/1.1".to_vec()]);
    }

    #[test]
    fn a_missing_file_names_itself() {
        let files = Files::new();
        let mut config = files.config.clone();
        config.key_path = files.dir.path().join("absent.pem").display().to_string();
        let err = ServerTls::load(&config).unwrap_err();
        assert!(matches!(err, TlsError::Read { what: "key", .. }), "{err}");
        assert!(err.to_string().contains("absent.pem"), "{err}");
    }

    #[test]
    fn a_file_without_pem_is_refused_clearly() {
        let files = Files::new();
        files.write_cert("not a certificate\n");
        let err = ServerTls::load(&files.config).unwrap_err();
        assert!(matches!(err, TlsError::NoCertificate { .. }), "{err}");

        let files = Files::new();
        // A certificate where the key belongs.
        let (cert, _) = self_signed();
        files.write_key(&cert);
        let err = ServerTls::load(&files.config).unwrap_err();
        assert!(matches!(err, TlsError::BadKey { .. }), "{err}");
        assert!(err.to_string().contains("key.pem"), "{err}");
    }

    #[test]
    fn a_key_of_another_certificate_is_refused() {
        let files = Files::new();
        let (_, other_key) = self_signed();
        files.write_key(&other_key);
        let err = ServerTls::load(&files.config).unwrap_err();
        assert!(matches!(err, TlsError::KeyMismatch { .. }), "{err}");
        assert!(err.to_string().contains("does not match"), "{err}");
    }

    #[test]
    fn a_reload_swaps_the_certificate_and_a_bad_one_keeps_the_old() {
        let files = Files::new();
        let tls = ServerTls::load(&files.config).unwrap();
        let first = Arc::clone(&tls.current.read().unwrap().grpc);

        let (cert, key) = self_signed();
        files.write_cert(&cert);
        files.write_key(&key);
        tls.reload().unwrap();
        let second = Arc::clone(&tls.current.read().unwrap().grpc);
        assert!(!Arc::ptr_eq(&first, &second), "the reload changed nothing");

        files.write_cert("garbage");
        let err = tls.reload().unwrap_err();
        assert!(matches!(err, TlsError::NoCertificate { .. }), "{err}");
        let after = Arc::clone(&tls.current.read().unwrap().grpc);
        assert!(
            Arc::ptr_eq(&second, &after),
            "a bad file replaced the certificate"
        );
    }
}
