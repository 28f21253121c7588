//! End-to-end tests: a real engine on ephemeral loopback ports, real workers over gRPC, real
//! processes where a test kills one. One binary, a module per area.

mod approvals;
mod bench;
mod cli;
mod http_approvals;
mod http_runs;
mod http_signals;
mod knowledge;
mod metrics;
mod multi_node;
mod serve;
mod server_crash;
mod signals;
mod support;
mod waiting_filter;
mod worker_crash;
mod workflows;
mod workspace_activities;
mod workspace_gc;
mod workspace_sdk;
mod workspaces;
