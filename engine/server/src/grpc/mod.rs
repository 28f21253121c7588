//! The gRPC services: thin translations between `aether.v1` messages and [`Engine`] calls.

mod admin;
mod client;
mod wire;
mod worker;
mod workspace;

use std::time::Duration;

use aether_core::Engine;
use aether_proto::v1::{
    admin_service_server::AdminServiceServer, client_service_server::ClientServiceServer,
    worker_service_server::WorkerServiceServer, workspace_service_server::WorkspaceServiceServer,
};
use aether_workspace::Workspaces;
use tonic::transport::server::Router;

/// Large enough for sizeable step results; requests beyond it fail with RESOURCE_EXHAUSTED.
const MAX_MESSAGE_BYTES: usize = 16 * 1024 * 1024;

pub fn router(
    engine: Engine,
    workspaces: Workspaces,
    heartbeat_interval: Duration,
    max_workspace_message: usize,
) -> Router {
    tonic::transport::Server::builder()
        .tcp_nodelay(true)
        .add_service(
            ClientServiceServer::new(client::ClientApi::new(engine.clone()))
                .max_decoding_message_size(MAX_MESSAGE_BYTES)
                .max_encoding_message_size(MAX_MESSAGE_BYTES),
        )
        .add_service(
            WorkerServiceServer::new(worker::WorkerApi::new(engine.clone(), heartbeat_interval))
                .max_decoding_message_size(MAX_MESSAGE_BYTES)
                .max_encoding_message_size(MAX_MESSAGE_BYTES),
        )
        .add_service(AdminServiceServer::new(admin::AdminApi::new(engine)))
        .add_service(
            // Whole files travel in one message, so the bound is the workspace request limit.
            WorkspaceServiceServer::new(workspace::WorkspaceApi::new(workspaces))
                .max_decoding_message_size(max_workspace_message)
                .max_encoding_message_size(max_workspace_message),
        )
}
