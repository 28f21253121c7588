//! What `aether serve` announces once it serves: the addresses it bound, its pid and its
//! persistence mode, as one JSON object (`--ready-file PATH`, `--ready-json`).
//!
//! Tests, the benchmark and the SDKs start `aether serve` on port 0 and need to learn the ports it
//! picked; they read this object instead of parsing the human log line, which stays free to
//! change. The object is written only after both listeners are bound and recovery has finished,
//! so a reader may connect at once. This module only defines the shape; writing it is the
//! binary's job.

use std::net::SocketAddr;

use serde::{Deserialize, Serialize};

use crate::config::PersistenceMode;

/// The readiness announcement, e.g.
/// `{"grpc_addr":"127.0.0.1:7233","http_addr":"127.0.0.1:7234","pid":4242,"persistence":"memory"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ready {
    /// The bound gRPC listener (`host:port`).
    pub grpc_addr: SocketAddr,
    /// The bound HTTP listener (`host:port`).
    pub http_addr: SocketAddr,
    /// The serving process.
    pub pid: u32,
    pub persistence: PersistenceMode,
    /// The bound Prometheus listener (`GET /metrics`), when `[metrics]` is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics_addr: Option<SocketAddr>,
    /// Whether the gRPC and HTTP listeners speak TLS (`[server.tls]`), so that their URLs are
    /// `https://`. The metrics listener stays plain HTTP.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tls: bool,
}

impl Ready {
    /// The URL clients and workers connect to.
    pub fn grpc_url(&self) -> String {
        format!("{}://{}", self.scheme(), self.grpc_addr)
    }

    /// The URL Prometheus scrapes, when metrics are enabled.
    pub fn metrics_url(&self) -> Option<String> {
        self.metrics_addr
            .map(|addr| format!("http://{addr}/metrics"))
    }

    /// The base URL of the HTTP API.
    pub fn http_url(&self) -> String {
        format!("{}://{}", self.scheme(), self.http_addr)
    }

    fn scheme(&self) -> &'static str {
        if self.tls { "https" } else { "http" }
    }
}
