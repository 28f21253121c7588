//! Workspaces: versioned sessions of files, reached through
//! [`Client::workspace`](crate::Client::workspace).
//!
//! The types are the engine's own workspace API model (`aether_types::workspace`), re-exported:
//! the shapes the HTTP API speaks (camelCase JSON), so callers and the CLI's `--json` see the
//! same thing whichever way they reach the server. [`WorkspaceClient`] is a thin typed layer over
//! the `WorkspaceService` gRPC contract, converting with `aether-proto`; it compiles none of the
//! engine.
//!
//! ```no_run
//! use aether_sdk::{Client, workspace::CreateSession};
//!
//! # async fn demo() -> Result<(), aether_sdk::Error> {
//! let client = Client::connect("http://localhost:7233").await?;
//! let ws = client.workspace().with_actor("reviewer-bot");
//! let session = ws.create_session(&CreateSession::blank().label("team", "docs")).await?;
//! ws.write_file(&session.id, "README.md", b"# Hello\n", None, Some(session.revision)).await?;
//! let manifest = ws.manifest(&session.id).await?;
//! assert_eq!(manifest.entries[0].path, "README.md");
//! # Ok(()) }
//! ```

mod activities;
mod client;
mod error;

pub use activities::{ReadFile, WorkflowWorkspace};
/// The server's own path rules: a client can refuse a path (or a link target) exactly as the
/// server would before sending it.
pub use aether_types::workspace::path::{self, PathError, WsPath, check_link_target};
pub use aether_types::workspace::{
    Annotation, Base64, BatchOp, BusMessage, CacheValue, Checkpoint, Commit, Conflict, Content,
    CreateSession, EntryKind, Event, EventKind, EventPage, Export, FileContent, Knowledge,
    KnowledgeFilter, KnowledgeLink, Manifest, ManifestEntry, MergeOutcome, Mutation, NewAnnotation,
    NewKnowledge, Origin, ParentRef, Promotion, Reason, Segment, Session, SessionFilter, Source,
};
pub use client::WorkspaceClient;
