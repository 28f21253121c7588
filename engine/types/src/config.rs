//! The server's configuration: the shape of `aether.toml` and its defaults.
//!
//! Layering (defaults → `aether.toml` → `AETHER_*` environment → flags) is done by the binary;
//! this module only knows the structure, the defaults and validation.

use std::{fmt, path::Path, str::FromStr, time::Duration};

use serde::{Deserialize, Serialize};

use crate::auth::{Role, parse_digest};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub persistence: PersistenceConfig,
    pub engine: EngineConfig,
    pub workers: WorkersConfig,
    pub cluster: ClusterConfig,
    pub workspaces: WorkspacesConfig,
    pub metrics: MetricsConfig,
    pub auth: AuthConfig,
    pub limits: LimitsConfig,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address the gRPC and HTTP listeners bind to.
    pub host: String,
    pub grpc_port: u16,
    pub http_port: u16,
    /// SQLite file path, or a `postgres://` URL.
    pub db_path: String,
    /// With a certificate and key, both listeners speak only TLS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<TlsConfig>,
}

/// `[server.tls]`: the PEM files the gRPC and HTTP listeners serve. The server re-reads them on
/// SIGHUP and when they change on disk.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsConfig {
    /// The certificate chain, leaf first.
    pub cert_path: String,
    /// The certificate's private key (PKCS#8, PKCS#1 or SEC1).
    pub key_path: String,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            grpc_port: 7233,
            http_port: 7234,
            db_path: "./data/aether.db".into(),
            tls: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PersistenceConfig {
    pub mode: PersistenceMode,
    /// How often the L1 tier writes a snapshot.
    pub snapshot_interval_ms: u64,
}

impl Default for PersistenceConfig {
    fn default() -> Self {
        Self {
            mode: PersistenceMode::StateActionLog,
            snapshot_interval_ms: 1000,
        }
    }
}

/// The durability tier. See SPEC section 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersistenceMode {
    /// L0: nothing survives a restart.
    Memory,
    /// L1: state as of the last snapshot survives.
    Snapshot,
    /// L2: every acknowledged action survives.
    StateActionLog,
}

impl PersistenceMode {
    pub fn as_str(self) -> &'static str {
        match self {
            PersistenceMode::Memory => "memory",
            PersistenceMode::Snapshot => "snapshot",
            PersistenceMode::StateActionLog => "state-action-log",
        }
    }
}

impl fmt::Display for PersistenceMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PersistenceMode {
    type Err = ConfigError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "memory" | "l0" | "L0" => Ok(PersistenceMode::Memory),
            "snapshot" | "l1" | "L1" => Ok(PersistenceMode::Snapshot),
            "state-action-log" | "l2" | "L2" => Ok(PersistenceMode::StateActionLog),
            other => Err(ConfigError::Invalid(format!(
                "unknown persistence mode {other:?}; expected memory, snapshot or state-action-log"
            ))),
        }
    }
}

/// `[engine]`: what the engine keeps in memory. A workflow leaves memory when it ends, and when
/// it holds no lease and runs no attempt it also leaves once idle for `cache_idle_ms`, or when
/// more than `cache_max_workflows` are cached (least recently used first); its next command,
/// timer or signal reloads it from the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EngineConfig {
    pub cache_max_workflows: u64,
    pub cache_idle_ms: u64,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            cache_max_workflows: 10_000,
            cache_idle_ms: 60_000,
        }
    }
}

impl EngineConfig {
    pub fn cache_idle(&self) -> Duration {
        Duration::from_millis(self.cache_idle_ms)
    }

    /// The bound as a count of this machine's size (a bound past the address space is none).
    pub fn cache_max_workflows(&self) -> usize {
        usize::try_from(self.cache_max_workflows).unwrap_or(usize::MAX)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkersConfig {
    /// A worker that sends no heartbeat for this long is declared dead and its tasks go back to
    /// the queue.
    pub heartbeat_timeout_ms: u64,
}

impl Default for WorkersConfig {
    fn default() -> Self {
        Self {
            heartbeat_timeout_ms: 10_000,
        }
    }
}

impl WorkersConfig {
    pub fn heartbeat_timeout(&self) -> Duration {
        Duration::from_millis(self.heartbeat_timeout_ms)
    }

    /// Workers are told to beat three times per timeout, so one lost beat is not fatal.
    pub fn heartbeat_interval(&self) -> Duration {
        self.heartbeat_timeout() / 3
    }
}

/// `[cluster]`: several nodes on one PostgreSQL database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterConfig {
    /// A node whose heartbeat in the database is older than this is dead: a surviving node
    /// expires the leases it granted, so their workflows run elsewhere. Nodes beat four times
    /// per timeout.
    pub node_timeout_ms: u64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        Self {
            node_timeout_ms: 5_000,
        }
    }
}

impl ClusterConfig {
    pub fn node_timeout(&self) -> Duration {
        Duration::from_millis(self.node_timeout_ms)
    }
}

/// The Prometheus endpoint: `GET /metrics` on a listener of its own, only when enabled (with it
/// off no recorder is installed and nothing listens).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    pub enabled: bool,
    /// Address the metrics listener binds to; apart from `[server] host` so that a scraper can
    /// reach the metrics without the API being exposed with them.
    pub host: String,
    /// 0 picks a free port (the ready announcement says which).
    pub port: u16,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            host: "127.0.0.1".into(),
            port: 9090,
        }
    }
}

/// API keys (`[[auth.keys]]`) and the rules of a server without them. No key configured means
/// auth is off: every caller may do everything, so the server then serves loopback only (unless
/// `insecure_no_auth`), and its HTTP API answers only to loopback `Host` names and origins.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    pub keys: Vec<KeyConfig>,
    /// `Host` names (without the port) the HTTP API answers to with auth off, besides
    /// `localhost`, `127.0.0.1` and `[::1]`; for a proxy or a name in /etc/hosts.
    pub allowed_hosts: Vec<String>,
    /// Serve a non-loopback address with no key configured: anyone who reaches it has every
    /// power. `aether serve --insecure-no-auth`.
    pub insecure_no_auth: bool,
}

impl AuthConfig {
    pub fn enabled(&self) -> bool {
        !self.keys.is_empty()
    }
}

/// One API key: who it is (shown as who did what), the SHA-256 of the key (never the key
/// itself), and what it may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyConfig {
    pub name: String,
    pub sha256: String,
    pub roles: Vec<Role>,
}

/// Whether `host` (as `[server] host` names it) is a loopback address: `localhost`, or an IP
/// address in 127.0.0.0/8 or `::1` (brackets allowed).
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Bounds on what clients and workers may hold of the server: connections and their timeouts,
/// gRPC streams, a worker's declared capacity, a lease without progress, and the size of what
/// a workflow carries. Every default is generous for honest use and small enough that no
/// single client can exhaust the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Most open connections per listener (gRPC, HTTP); past it the listener stops accepting
    /// until one closes.
    pub max_connections: u32,
    /// An HTTP connection must send a request's headers within this long of starting to read
    /// them (an idle keep-alive connection, too, is closed after it).
    pub header_read_timeout_ms: u64,
    /// The longest an HTTP request body may go without sending anything.
    pub body_read_timeout_ms: u64,
    /// Most concurrent streams (calls) on one gRPC connection.
    pub max_streams_per_connection: u32,
    /// How often the server pings an HTTP/2 (gRPC) connection, and how long it waits for the
    /// answer before closing it.
    pub keepalive_interval_ms: u64,
    pub keepalive_timeout_ms: u64,
    /// Largest capacity (concurrent tasks) a worker may declare.
    pub max_worker_capacity: u32,
    /// A leased task that reports nothing (no step, no activity heartbeat, no command) for this
    /// long loses its lease, even while its worker keeps heartbeating; 0 turns it off.
    pub task_timeout_ms: u64,
    /// Largest single payload: a workflow's input or result, a step's result, a child's input.
    pub max_payload_bytes: u64,
    /// Largest journal (what a task carries besides its input: every recorded result). A
    /// workflow whose journal would grow past it fails with `JournalTooLarge`. Both caps are
    /// lowered to `workspaces.max_request_bytes` when that is smaller; keep their sum below it,
    /// since a task carries the input and the journal in one message.
    pub max_journal_bytes: u64,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            max_connections: 1024,
            header_read_timeout_ms: 10_000,
            body_read_timeout_ms: 30_000,
            max_streams_per_connection: 256,
            keepalive_interval_ms: 30_000,
            keepalive_timeout_ms: 20_000,
            max_worker_capacity: 1024,
            task_timeout_ms: 3_600_000,
            max_payload_bytes: 32 << 20,
            max_journal_bytes: 48 << 20,
        }
    }
}

impl LimitsConfig {
    pub fn header_read_timeout(&self) -> Duration {
        Duration::from_millis(self.header_read_timeout_ms)
    }

    pub fn body_read_timeout(&self) -> Duration {
        Duration::from_millis(self.body_read_timeout_ms)
    }

    pub fn keepalive_interval(&self) -> Duration {
        Duration::from_millis(self.keepalive_interval_ms)
    }

    pub fn keepalive_timeout(&self) -> Duration {
        Duration::from_millis(self.keepalive_timeout_ms)
    }

    /// `None` when leases never time out for want of progress.
    pub fn task_timeout(&self) -> Option<Duration> {
        (self.task_timeout_ms > 0).then(|| Duration::from_millis(self.task_timeout_ms))
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let positive = [
            ("max_connections", u64::from(self.max_connections)),
            ("header_read_timeout_ms", self.header_read_timeout_ms),
            ("body_read_timeout_ms", self.body_read_timeout_ms),
            (
                "max_streams_per_connection",
                u64::from(self.max_streams_per_connection),
            ),
            ("keepalive_interval_ms", self.keepalive_interval_ms),
            ("keepalive_timeout_ms", self.keepalive_timeout_ms),
            ("max_worker_capacity", u64::from(self.max_worker_capacity)),
            ("max_payload_bytes", self.max_payload_bytes),
            ("max_journal_bytes", self.max_journal_bytes),
        ];
        if let Some((name, _)) = positive.iter().find(|(_, value)| *value == 0) {
            return Err(ConfigError::Invalid(format!(
                "limits.{name} must be greater than zero"
            )));
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Parse {
        path: String,
        source: Box<toml::de::Error>,
    },
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

/// Limits of the workspace API (SPEC section 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkspacesConfig {
    /// Largest file a session may hold.
    pub max_file_bytes: u64,
    /// Largest message, for every API: an HTTP request body, or a gRPC request or response of
    /// any service (a whole file travels in one message). The SDKs set no limit of their own.
    pub max_request_bytes: u64,
    /// Most bytes of files one session may hold.
    pub max_session_bytes: u64,
    /// Most files one session may hold.
    pub max_files: u64,
    /// Directories whose git repositories sessions may be created from; empty turns git import
    /// off. A repository must lie inside one, and nothing in it (a `.git` file, `commondir`,
    /// alternates) may point outside.
    pub import_roots: Vec<String>,
    /// How often the collector removes content nothing live references (archived sessions'
    /// trees, objects of changes that never landed); 0 turns it off.
    pub gc_interval_ms: u64,
    /// Content younger than this is never collected, so a change in flight keeps its objects.
    pub gc_retention_ms: u64,
}

impl WorkspacesConfig {
    /// `None` when the collector is off.
    pub fn gc_interval(&self) -> Option<Duration> {
        (self.gc_interval_ms > 0).then(|| Duration::from_millis(self.gc_interval_ms))
    }

    pub fn gc_retention(&self) -> Duration {
        Duration::from_millis(self.gc_retention_ms)
    }
}

impl Default for WorkspacesConfig {
    fn default() -> Self {
        Self {
            max_file_bytes: 64 << 20,
            max_request_bytes: 96 << 20,
            max_session_bytes: 1 << 30,
            max_files: 200_000,
            import_roots: Vec::new(),
            gc_interval_ms: 600_000,
            gc_retention_ms: 3_600_000,
        }
    }
}

impl Config {
    pub fn from_toml(path: &str, text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|source| ConfigError::Parse {
            path: path.to_owned(),
            source: Box::new(source),
        })
    }

    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: shown.clone(),
            source,
        })?;
        Self::from_toml(&shown, &text)
    }

    /// The configuration with its secrets masked, for showing (`--print-config`, logs): the
    /// password of a database URL. Every secret the configuration gains belongs here.
    pub fn redacted(&self) -> Self {
        let mut shown = self.clone();
        shown.server.db_path = redact_url(&self.server.db_path);
        shown
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let ws = &self.workspaces;
        if ws.max_file_bytes == 0
            || ws.max_request_bytes == 0
            || ws.max_session_bytes == 0
            || ws.max_files == 0
        {
            return Err(ConfigError::Invalid(
                "workspaces limits must be greater than zero".into(),
            ));
        }
        self.limits.validate()?;
        if self.workers.heartbeat_timeout_ms < 100 {
            return Err(ConfigError::Invalid(
                "workers.heartbeat_timeout_ms must be at least 100".into(),
            ));
        }
        if self.cluster.node_timeout_ms < 100 {
            return Err(ConfigError::Invalid(
                "cluster.node_timeout_ms must be at least 100".into(),
            ));
        }
        if self.engine.cache_max_workflows == 0 {
            return Err(ConfigError::Invalid(
                "engine.cache_max_workflows must be greater than zero".into(),
            ));
        }
        if self.persistence.snapshot_interval_ms == 0 {
            return Err(ConfigError::Invalid(
                "persistence.snapshot_interval_ms must be positive".into(),
            ));
        }
        if self.metrics.enabled {
            let metrics = &self.metrics;
            if metrics.host.is_empty() {
                return Err(ConfigError::Invalid(
                    "metrics.host must name an address to bind".into(),
                ));
            }
            let server = &self.server;
            let clash = [
                ("grpc_port", server.grpc_port),
                ("http_port", server.http_port),
            ]
            .into_iter()
            .find(|(_, port)| *port != 0 && *port == metrics.port && metrics.host == server.host);
            if let Some((name, port)) = clash {
                return Err(ConfigError::Invalid(format!(
                    "metrics.port {port} is also server.{name}; the metrics listener needs a port of its own"
                )));
            }
        }
        self.validate_auth()?;
        if let Some(tls) = &self.server.tls
            && (tls.cert_path.is_empty() || tls.key_path.is_empty())
        {
            return Err(ConfigError::Invalid(
                "server.tls needs both cert_path and key_path (flags --tls-cert and --tls-key)"
                    .into(),
            ));
        }
        if self.server.db_path.is_empty() && self.persistence.mode != PersistenceMode::Memory {
            return Err(ConfigError::Invalid(
                "server.db_path must be set for the snapshot and state-action-log tiers".into(),
            ));
        }
        Ok(())
    }
}

impl Config {
    fn validate_auth(&self) -> Result<(), ConfigError> {
        let auth = &self.auth;
        let mut names = std::collections::HashSet::new();
        let mut digests = std::collections::HashSet::new();
        for (i, key) in auth.keys.iter().enumerate() {
            let which = format!("auth.keys[{i}] ({:?})", key.name);
            let name_ok = !key.name.is_empty()
                && key.name.len() <= 64
                && key
                    .name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.@:".contains(&b));
            if !name_ok {
                return Err(ConfigError::Invalid(format!(
                    "{which}: name must be 1 to 64 letters, digits or - _ . @ :"
                )));
            }
            if !names.insert(key.name.as_str()) {
                return Err(ConfigError::Invalid(format!(
                    "{which}: another key has the name {:?}; names must be unique",
                    key.name
                )));
            }
            let Some(digest) = parse_digest(&key.sha256) else {
                return Err(ConfigError::Invalid(format!(
                    "{which}: sha256 must be 64 hex digits (the SHA-256 of the key; `aether key new` prints it), not {} characters",
                    key.sha256.len()
                )));
            };
            if !digests.insert(digest) {
                return Err(ConfigError::Invalid(format!(
                    "{which}: another key has the same sha256; each key must be its own"
                )));
            }
            if key.roles.is_empty() {
                return Err(ConfigError::Invalid(format!(
                    "{which}: roles is empty; give at least one of admin, client, worker, approver, reader"
                )));
            }
        }
        if !auth.enabled() && !auth.insecure_no_auth && !is_loopback_host(&self.server.host) {
            return Err(ConfigError::Invalid(format!(
                "server.host {:?} is not a loopback address and no [[auth.keys]] are configured: anyone who reaches it could do everything. Configure a key (`aether key new NAME --roles admin` prints one) or pass --insecure-no-auth",
                self.server.host
            )));
        }
        Ok(())
    }
}

/// `scheme://user:password@host/...?password=...` with both passwords masked; anything else
/// (a file path) as it is.
fn redact_url(url: &str) -> String {
    const MASK: &str = "***";
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest_start = scheme_end + 3;
    let rest = &url[rest_start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let mut out = url[..rest_start].to_owned();
    match authority.rfind('@') {
        Some(at) => {
            let userinfo = &authority[..at];
            match userinfo.find(':') {
                Some(colon) => {
                    out.push_str(&userinfo[..colon]);
                    out.push(':');
                    out.push_str(MASK);
                }
                None => out.push_str(userinfo),
            }
            out.push_str(&authority[at..]);
        }
        None => out.push_str(authority),
    }
    let tail = &rest[authority_end..];
    match tail.find('?') {
        Some(q) => {
            out.push_str(&tail[..=q]);
            let query = &tail[q + 1..];
            let (query, fragment) = match query.find('#') {
                Some(h) => (&query[..h], &query[h..]),
                None => (query, ""),
            };
            let params: Vec<String> = query
                .split('&')
                .map(|param| match param.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => {
                        format!("{key}={MASK}")
                    }
                    _ => param.to_owned(),
                })
                .collect();
            out.push_str(&params.join("&"));
            out.push_str(fragment);
        }
        None => out.push_str(tail),
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn printing_the_configuration_masks_database_passwords() {
        let mut config = Config::default();
        config.server.db_path =
            "postgres://aether:s3cr%40t@db.internal:5432/aether?sslmode=require&password=other"
                .into();
        let shown = config.redacted().to_toml();
        assert!(!shown.contains("s3cr"), "{shown}");
        assert!(!shown.contains("other"), "{shown}");
        assert!(
            shown.contains(
                "postgres://aether:***@db.internal:5432/aether?sslmode=require&password=***"
            ),
            "{shown}"
        );
        for kept in [
            "./data/aether.db",
            "postgres://aether@db/x",
            "postgres://db/x",
        ] {
            assert_eq!(redact_url(kept), kept);
        }
        // The configuration served is untouched.
        assert!(config.server.db_path.contains("s3cr"));
    }

    use super::*;

    #[test]
    fn the_metrics_section_is_off_by_default_and_read_from_toml() {
        assert_eq!(
            Config::default().metrics,
            MetricsConfig {
                enabled: false,
                host: "127.0.0.1".into(),
                port: 9090,
            }
        );
        let config = Config::from_toml(
            "aether.toml",
            "[metrics]\nenabled = true\nhost = \"0.0.0.0\"\nport = 9100\n",
        )
        .unwrap();
        assert!(config.metrics.enabled);
        assert_eq!(config.metrics.host, "0.0.0.0");
        assert_eq!(config.metrics.port, 9100);
        config.validate().unwrap();
    }

    #[test]
    fn a_bad_metrics_port_is_a_clear_error() {
        let err = Config::from_toml("aether.toml", "[metrics]\nport = 70000\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("aether.toml") && err.contains("port"), "{err}");
        let err = Config::from_toml("aether.toml", "[metrics]\nprot = 9100\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("prot"), "{err}");

        let mut config = Config::default();
        config.metrics.enabled = true;
        config.metrics.port = config.server.http_port;
        let err = config.validate().unwrap_err().to_string();
        assert!(
            err.contains("metrics.port 7234 is also server.http_port"),
            "{err}"
        );
        // Disabled, the port is never bound, so it cannot clash.
        config.metrics.enabled = false;
        config.validate().unwrap();
    }

    #[test]
    fn committed_aether_toml_parses_and_validates() {
        let text = include_str!("../../../aether.toml");
        let config = Config::from_toml("aether.toml", text).expect("aether.toml parses");
        config.validate().expect("aether.toml is valid");
        assert_eq!(config.server.grpc_port, 7233);
        assert_eq!(config.server.http_port, 7234);
        assert_eq!(config.metrics, MetricsConfig::default());
        assert_eq!(config.cluster, ClusterConfig::default());
        assert_eq!(config.engine, EngineConfig::default());
    }

    #[test]
    fn node_timeout_is_read_and_bounded() {
        let config =
            Config::from_toml("aether.toml", "[cluster]\nnode_timeout_ms = 2500\n").unwrap();
        assert_eq!(config.cluster.node_timeout(), Duration::from_millis(2500));
        config.validate().unwrap();
        let config = Config::from_toml("aether.toml", "[cluster]\nnode_timeout_ms = 50\n").unwrap();
        let err = config.validate().unwrap_err().to_string();
        assert!(err.contains("cluster.node_timeout_ms"), "{err}");
        assert!(Config::from_toml("aether.toml", "[cluster]\nnode_timeout = 50\n").is_err());
    }

    #[test]
    fn engine_cache_bounds_are_read_and_checked() {
        let config = Config::from_toml(
            "aether.toml",
            "[engine]\ncache_max_workflows = 500\ncache_idle_ms = 2000\n",
        )
        .unwrap();
        config.validate().unwrap();
        assert_eq!(config.engine.cache_max_workflows(), 500);
        assert_eq!(config.engine.cache_idle(), Duration::from_millis(2000));
        let none = Config::from_toml("aether.toml", "[engine]\ncache_max_workflows = 0\n").unwrap();
        let err = none.validate().unwrap_err().to_string();
        assert!(err.contains("engine.cache_max_workflows"), "{err}");
        assert!(Config::from_toml("aether.toml", "[engine]\ncache_size = 5\n").is_err());
    }

    fn key(name: &str, seed: &str, roles: Vec<Role>) -> KeyConfig {
        KeyConfig {
            name: name.into(),
            sha256: crate::auth::key_digest_hex(seed),
            roles,
        }
    }

    #[test]
    fn keys_are_read_from_toml_and_validated() {
        let digest = crate::auth::key_digest_hex("aek_a");
        let config = Config::from_toml(
            "aether.toml",
            &format!("[[auth.keys]]\nname = \"ci-worker\"\nsha256 = \"{digest}\"\nroles = [\"worker\", \"reader\"]\n"),
        )
        .unwrap();
        config.validate().unwrap();
        assert!(config.auth.enabled());
        assert_eq!(config.auth.keys[0].roles, [Role::Worker, Role::Reader]);

        let err = Config::from_toml(
            "aether.toml",
            &format!("[[auth.keys]]\nname = \"x\"\nsha256 = \"{digest}\"\nroles = [\"root\"]\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("root") && err.contains("approver"), "{err}");

        let invalid = |keys: Vec<KeyConfig>| {
            let mut config = Config::default();
            config.auth.keys = keys;
            config.validate().unwrap_err().to_string()
        };
        let err = invalid(vec![KeyConfig {
            sha256: "abc".into(),
            ..key("a", "1", vec![Role::Admin])
        }]);
        assert!(
            err.contains("auth.keys[0]") && err.contains("64 hex"),
            "{err}"
        );
        let err = invalid(vec![
            key("a", "1", vec![Role::Admin]),
            key("a", "2", vec![Role::Reader]),
        ]);
        assert!(
            err.contains("auth.keys[1]") && err.contains("unique"),
            "{err}"
        );
        let err = invalid(vec![
            key("a", "1", vec![Role::Admin]),
            key("b", "1", vec![Role::Reader]),
        ]);
        assert!(err.contains("same sha256"), "{err}");
        let err = invalid(vec![key("a", "1", vec![])]);
        assert!(err.contains("roles is empty"), "{err}");
        let err = invalid(vec![key("a b", "1", vec![Role::Admin])]);
        assert!(err.contains("name must be"), "{err}");
    }

    #[test]
    fn a_non_loopback_host_needs_a_key_or_the_insecure_flag() {
        let mut config = Config::default();
        for host in ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"] {
            config.server.host = host.into();
            config.validate().unwrap();
        }
        config.server.host = "0.0.0.0".into();
        let err = config.validate().unwrap_err().to_string();
        assert!(err.contains("--insecure-no-auth"), "{err}");
        config.auth.insecure_no_auth = true;
        config.validate().unwrap();
        config.auth.insecure_no_auth = false;
        config.auth.keys = vec![key("a", "1", vec![Role::Admin])];
        config.validate().unwrap();
    }

    #[test]
    fn tls_is_off_by_default_and_needs_both_files() {
        assert_eq!(Config::default().server.tls, None);
        let config = Config::from_toml(
            "aether.toml",
            "[server.tls]\ncert_path = \"cert.pem\"\nkey_path = \"key.pem\"\n",
        )
        .unwrap();
        assert_eq!(
            config.server.tls,
            Some(TlsConfig {
                cert_path: "cert.pem".into(),
                key_path: "key.pem".into(),
            })
        );
        config.validate().unwrap();
        assert_eq!(Config::from_toml("x", &config.to_toml()).unwrap(), config);

        let half =
            Config::from_toml("aether.toml", "[server.tls]\ncert_path = \"cert.pem\"\n").unwrap();
        let err = half.validate().unwrap_err().to_string();
        assert!(err.contains("server.tls needs both"), "{err}");
        let err = Config::from_toml("aether.toml", "[server.tls]\ncert = \"c.pem\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("cert"), "{err}");
    }

    #[test]
    fn unknown_keys_are_errors() {
        let err = Config::from_toml("x.toml", "[server]\ngrpc_prot = 1\n").unwrap_err();
        assert!(err.to_string().contains("grpc_prot"), "{err}");
    }

    #[test]
    fn round_trips_through_toml() {
        let config = Config::default();
        assert_eq!(Config::from_toml("x", &config.to_toml()).unwrap(), config);
    }
}
