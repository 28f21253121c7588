//! End-to-end tests: a real engine on ephemeral loopback ports, real workers over gRPC, real
//! processes where a test kills one. One binary, a module per area.

mod approvals;
mod auth;
mod bench;
mod bus_across_nodes;
mod cli;
mod faults;
mod http_approvals;
mod http_fuzz;
mod http_runs;
mod http_signals;
mod knowledge;
mod limits;
mod metrics;
mod mount;
mod multi_node;
mod node_failover;
mod schedule_cli;
mod schedules;
mod serve;
mod server_crash;
mod signals;
mod starts;
mod step_reports;
mod support;
mod timeouts;
mod tls;
mod waiting_filter;
mod worker_crash;
mod workflows;
mod workspace_activities;
mod workspace_gc;
mod workspace_limits;
mod workspace_sdk;
mod workspaces;
