//! The gRPC services: thin translations between `aether.v1` messages and [`Engine`] calls.

mod admin;
mod approvals;
mod client;
mod metrics;
mod multiplex;
mod schedules;
mod wire;
mod worker;
mod workspace;

use std::time::Duration;

use aether_core::Engine;
use aether_proto::v1::{
    admin_service_server::AdminServiceServer, approval_service_server::ApprovalServiceServer,
    client_service_server::ClientServiceServer, schedule_service_server::ScheduleServiceServer,
    worker_service_server::WorkerServiceServer, workspace_service_server::WorkspaceServiceServer,
};
use aether_types::config::LimitsConfig;
use aether_workspace::Workspaces;
use tonic::transport::server::Router;
use tower::layer::util::{Identity, Stack};

use crate::auth::{Auth, grpc::GrpcAuthLayer};

pub use metrics::GrpcMetricsLayer;

/// Every service, behind the metrics and auth layers, ready to serve.
pub type Services = Router<Stack<GrpcAuthLayer, Stack<GrpcMetricsLayer, Identity>>>;

/// Every service bounds its messages, both ways, by `max_message` (the server's one limit, see
/// `max_message_bytes` in the crate root); beyond it a call fails with OUT_OF_RANGE (the code
/// tonic gives an over-long message). Every call is counted ([`GrpcMetricsLayer`]), refusals
/// included, and checked against the role table ([`GrpcAuthLayer`]) before any handler runs.
///
/// Each connection carries at most `max_streams_per_connection` streams (tonic would otherwise
/// lift hyper's bound altogether) and as many calls in progress, and is pinged so that a peer
/// that vanished is found. No call has a server-side deadline: `PollTasks`, `Commands` and
/// `AwaitResult` wait by design, and a client's `grpc-timeout` is honoured.
pub fn router(
    engine: Engine,
    workspaces: Workspaces,
    auth: Auth,
    heartbeat_interval: Duration,
    max_message: usize,
    limits: &LimitsConfig,
) -> Services {
    tonic::transport::Server::builder()
        .tcp_nodelay(true)
        .max_concurrent_streams(Some(limits.max_streams_per_connection))
        .concurrency_limit_per_connection(limits.max_streams_per_connection as usize)
        .http2_keepalive_interval(Some(limits.keepalive_interval()))
        .http2_keepalive_timeout(Some(limits.keepalive_timeout()))
        .layer(GrpcMetricsLayer)
        .layer(GrpcAuthLayer(auth.clone()))
        .add_service(
            ClientServiceServer::new(client::ClientApi::new(engine.clone()))
                .max_decoding_message_size(max_message)
                .max_encoding_message_size(max_message),
        )
        .add_service(
            WorkerServiceServer::new(worker::WorkerApi::new(
                engine.clone(),
                auth,
                heartbeat_interval,
            ))
            .max_decoding_message_size(max_message)
            .max_encoding_message_size(max_message),
        )
        .add_service(
            AdminServiceServer::new(admin::AdminApi::new(engine.clone()))
                .max_decoding_message_size(max_message)
                .max_encoding_message_size(max_message),
        )
        .add_service(
            ApprovalServiceServer::new(approvals::ApprovalApi::new(
                engine.clone(),
                workspaces.clone(),
            ))
            .max_decoding_message_size(max_message)
            .max_encoding_message_size(max_message),
        )
        .add_service(
            ScheduleServiceServer::new(schedules::ScheduleApi::new(engine.clone()))
                .max_decoding_message_size(max_message)
                .max_encoding_message_size(max_message),
        )
        .add_service(
            WorkspaceServiceServer::new(workspace::WorkspaceApi::new(workspaces))
                .max_decoding_message_size(max_message)
                .max_encoding_message_size(max_message),
        )
}
