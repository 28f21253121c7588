//! The Rust SDK for Aether: a [`Client`] to start and observe workflows, a [`Worker`] that
//! serves workflow functions, and the [`WorkflowContext`] those functions use for durable steps,
//! timers, child workflows, signals and approvals. [`Client::workspace`] reaches the engine's
//! versioned file sessions ([`workspace`]), [`Client::approvals`] its approvals ([`approvals`]), [`Client::schedules`] its cron
//! schedules ([`schedules`]).
//!
//! ```no_run
//! use aether_sdk::{Client, Worker, WorkflowContext, workflow};
//!
//! # async fn demo() -> Result<(), aether_sdk::Error> {
//! let greet = workflow("greet", |ctx: WorkflowContext, name: String| async move {
//!     let greeting: String = ctx
//!         .step("create-greeting", || async move { Ok::<_, aether_sdk::StepError>(format!("Hello, {name}!")) })
//!         .await?;
//!     Ok(greeting)
//! });
//! let client = Client::connect("http://localhost:7233").await?;
//! let worker = Worker::new(&client).register(&greet).spawn();
//! let greeting = client.start_and_wait(&greet, &"World".to_string()).await?;
//! assert_eq!(greeting, "Hello, World!");
//! worker.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! The SDK reaches the engine only through the gRPC contract in `proto/`.

/// The largest message the SDK sends or accepts, on every service: the server's default bound
/// (`[workspaces] max_request_bytes`, 96 MiB), so that a larger message fails here as it would
/// there, and no peer can make the client allocate without bound.
pub const MAX_MESSAGE_BYTES: usize = 96 << 20;

pub mod approvals;
mod client;
mod commands;
mod context;
mod error;
mod execution;
mod heartbeat;
#[cfg(feature = "mount")]
pub mod mount;
mod nodes;
mod rpc;
pub mod schedules;
mod transport;
mod worker;
mod workflow;
pub mod workspace;

pub use aether_types::{Failure, RetryPolicy, TimeoutKind, Wait, WaitKind, WorkflowStatus};
pub use approvals::{
    Approval, ApprovalClient, ApprovalId, ApprovalListOptions, ApprovalRequest, ApprovalState,
    Decision, DecisionInput, Evidence, Outcome,
};
pub use client::{
    Client, ClientOptions, HistoryEntry, ListOptions, PendingActivity, SignalSent, StartOptions,
    WorkflowSummary,
};
pub use context::{ActivityOptions, Signal, WorkflowContext};
pub use error::{Error, StepError};
pub use schedules::{
    CreateOptions as ScheduleCreateOptions, OverlapPolicy, ScheduleAction, ScheduleClient,
    ScheduleDefinition, ScheduleDescription, ScheduleSpec, TickOutcome, Triggered,
};
/// The status codes of gRPC calls, as carried by [`Error::Rpc`].
pub use tonic::Code as RpcCode;
pub use transport::API_KEY_ENV;
pub use worker::{Worker, WorkerHandle};
pub use workflow::{WorkflowDef, workflow};
pub use workspace::WorkspaceClient;
