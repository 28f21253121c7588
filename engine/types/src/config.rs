//! The server's configuration: the shape of `aether.toml` and its defaults.
//!
//! Layering (defaults → `aether.toml` → `AETHER_*` environment → flags) is done by the binary;
//! this module only knows the structure, the defaults and validation.

use std::{fmt, path::Path, str::FromStr, time::Duration};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub persistence: PersistenceConfig,
    pub workers: WorkersConfig,
    pub workspaces: WorkspacesConfig,
    pub metrics: MetricsConfig,
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
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            grpc_port: 7233,
            http_port: 7234,
            db_path: "./data/aether.db".into(),
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
    /// Directories whose git repositories sessions may be created from; empty allows any path
    /// the server can read (fine on a laptop; set it on a shared server).
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
        if self.workers.heartbeat_timeout_ms < 100 {
            return Err(ConfigError::Invalid(
                "workers.heartbeat_timeout_ms must be at least 100".into(),
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
        if self.server.db_path.is_empty() && self.persistence.mode != PersistenceMode::Memory {
            return Err(ConfigError::Invalid(
                "server.db_path must be set for the snapshot and state-action-log tiers".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {

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
