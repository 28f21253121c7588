//! Workspaces: an agent's files as versioned sessions.
//!
//! A session is a tree of content-addressed objects ([`tree`]) with a revision that every
//! change increments. Forks and checkpoints record a root hash, so they cost the same for ten
//! files or ten thousand. Around the tree sit the coordination records (cache, bus,
//! annotations), the session's event log, and the ways work leaves a session: commits onto a
//! named source, promotion to its baseline, three-way merges ([`merge`]) and tar.gz export.
//!
//! The crate is transport-free: [`Workspaces`] is the whole API, taking and returning the model
//! in `aether_types::workspace` (bytes as bytes, no JSON or protobuf encoding), and the server's
//! HTTP routes and gRPC methods only translate to it. Storage is `aether_store::workspace`, in
//! the same database (and at the same tier) as the engine's workflows.

pub mod bus;
mod error;
pub mod import;
pub mod limits;
pub mod merge;
pub mod path;
mod records;
mod service;
pub mod tree;

pub use error::{Error, Result};
pub use service::{Actor, Change, ExportStream, Workspaces};
