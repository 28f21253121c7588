//! The workspace API model: the requests and results of every workspace operation, as the
//! workspace service computes them, the HTTP API speaks them (JSON, camelCase) and the Rust SDK
//! returns them. One definition, so the server, the SDK and the CLI's `--json` cannot disagree.
//!
//! It is only data. It knows nothing of storage (the workspace crate turns store records into
//! these) or of protobuf (`aether-proto` converts to and from the `v1` messages). File bytes are
//! bytes ([`Content`], [`Base64`]); base64 exists only in JSON and is decoded where JSON is read.
//! Times are RFC 3339 strings, as both wires carry them.
//!
//! With the `schema` feature every type also describes itself as a JSON Schema, for the server's
//! OpenAPI document.

mod activity;
mod bytes;
mod coordinate;
mod diff;
mod events;
mod files;
mod knowledge;
pub mod path;
mod persist;
mod reason;
mod sessions;

pub use activity::{Activity, ActivityOutput, ActivityReply};
pub use bytes::{Base64, Content};
pub use coordinate::{Annotation, BusMessage, CacheValue, NewAnnotation};
pub use diff::{Diff, FileChange, FileDiff, TreeRef};
pub use events::{Event, EventKind, EventPage};
pub use files::{BatchOp, EntryKind, FileContent, Manifest, ManifestEntry, Mutation, Segment};
pub use knowledge::{Knowledge, KnowledgeFilter, KnowledgeLink, NewKnowledge};
pub use persist::{Checkpoint, Commit, Conflict, Export, MergeOutcome, Promotion, Source};
pub use reason::Reason;
pub use sessions::{CreateSession, Origin, ParentRef, Session, SessionFilter};
