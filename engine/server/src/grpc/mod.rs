//! The gRPC services: thin translations between `aether.v1` messages and [`Engine`] calls.

mod admin;
mod approvals;
mod client;
mod metrics;
mod wire;
mod worker;
mod workspace;

use std::time::Duration;

use aether_core::Engine;
use aether_proto::v1::{
    admin_service_server::AdminServiceServer, approval_service_server::ApprovalServiceServer,
    client_service_server::ClientServiceServer, worker_service_server::WorkerServiceServer,
    workspace_service_server::WorkspaceServiceServer,
};
use aether_workspace::Workspaces;
use tonic::transport::server::Router;
use tower::layer::util::{Identity, Stack};

pub use metrics::GrpcMetricsLayer;

/// Every service bounds its messages, both ways, by `max_message` (the server's one limit, see
/// `max_message_bytes` in the crate root); beyond it a call fails with OUT_OF_RANGE (the code
/// tonic gives an over-long message). Every call is counted ([`GrpcMetricsLayer`]).
pub fn router(
    engine: Engine,
    workspaces: Workspaces,
    heartbeat_interval: Duration,
    max_message: usize,
) -> Router<Stack<GrpcMetricsLayer, Identity>> {
    tonic::transport::Server::builder()
        .tcp_nodelay(true)
        .layer(GrpcMetricsLayer)
        .add_service(
            ClientServiceServer::new(client::ClientApi::new(engine.clone()))
                .max_decoding_message_size(max_message)
                .max_encoding_message_size(max_message),
        )
        .add_service(
            WorkerServiceServer::new(worker::WorkerApi::new(engine.clone(), heartbeat_interval))
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
            WorkspaceServiceServer::new(workspace::WorkspaceApi::new(workspaces))
                .max_decoding_message_size(max_message)
                .max_encoding_message_size(max_message),
        )
}
