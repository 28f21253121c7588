//! The Rust SDK for Aether: a [`Client`] to start and observe workflows, a [`Worker`] that
//! serves workflow functions, and the [`WorkflowContext`] those functions use for durable steps,
//! timers, child workflows, signals and approvals. [`Client::workspace`] reaches the engine's
//! versioned file sessions ([`workspace`]), [`Client::approvals`] its approvals ([`approvals`]).
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

pub mod approvals;
mod client;
mod commands;
mod context;
mod error;
mod execution;
mod rpc;
mod worker;
mod workflow;
pub mod workspace;

pub use aether_types::{Failure, RetryPolicy, Wait, WaitKind, WorkflowStatus};
pub use approvals::{
    Approval, ApprovalClient, ApprovalId, ApprovalListOptions, ApprovalRequest, ApprovalState,
    Decision, DecisionInput, Evidence, Outcome,
};
pub use client::{Client, HistoryEntry, ListOptions, SignalSent, WorkflowSummary};
pub use context::{ActivityOptions, Signal, WorkflowContext};
pub use error::{Error, StepError};
/// The status codes of gRPC calls, as carried by [`Error::Rpc`].
pub use tonic::Code as RpcCode;
pub use worker::{Worker, WorkerHandle};
pub use workflow::{WorkflowDef, workflow};
pub use workspace::WorkspaceClient;
