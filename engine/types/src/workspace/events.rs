//! A session's event log: what each change appended, and the kinds of change there are.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What an event records. On the wire and in JSON it is the dotted name (`file.written`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum EventKind {
    #[serde(rename = "session.created")]
    SessionCreated,
    #[serde(rename = "session.forked")]
    SessionForked,
    #[serde(rename = "session.archived")]
    SessionArchived,
    #[serde(rename = "file.written")]
    FileWritten,
    #[serde(rename = "file.patched")]
    FilePatched,
    #[serde(rename = "dirs.created")]
    DirsCreated,
    #[serde(rename = "path.renamed")]
    PathRenamed,
    #[serde(rename = "paths.deleted")]
    PathsDeleted,
    #[serde(rename = "batch.applied")]
    BatchApplied,
    #[serde(rename = "cache.set")]
    CacheSet,
    #[serde(rename = "cache.deleted")]
    CacheDeleted,
    #[serde(rename = "bus.published")]
    BusPublished,
    #[serde(rename = "annotation.added")]
    AnnotationAdded,
    #[serde(rename = "annotation.resolved")]
    AnnotationResolved,
    #[serde(rename = "checkpoint.created")]
    CheckpointCreated,
    #[serde(rename = "session.restored")]
    SessionRestored,
    #[serde(rename = "session.committed")]
    SessionCommitted,
    #[serde(rename = "session.merged")]
    SessionMerged,
    #[serde(rename = "session.promoted")]
    SessionPromoted,
}

impl EventKind {
    pub const ALL: [EventKind; 19] = [
        EventKind::SessionCreated,
        EventKind::SessionForked,
        EventKind::SessionArchived,
        EventKind::FileWritten,
        EventKind::FilePatched,
        EventKind::DirsCreated,
        EventKind::PathRenamed,
        EventKind::PathsDeleted,
        EventKind::BatchApplied,
        EventKind::CacheSet,
        EventKind::CacheDeleted,
        EventKind::BusPublished,
        EventKind::AnnotationAdded,
        EventKind::AnnotationResolved,
        EventKind::CheckpointCreated,
        EventKind::SessionRestored,
        EventKind::SessionCommitted,
        EventKind::SessionMerged,
        EventKind::SessionPromoted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::SessionCreated => "session.created",
            EventKind::SessionForked => "session.forked",
            EventKind::SessionArchived => "session.archived",
            EventKind::FileWritten => "file.written",
            EventKind::FilePatched => "file.patched",
            EventKind::DirsCreated => "dirs.created",
            EventKind::PathRenamed => "path.renamed",
            EventKind::PathsDeleted => "paths.deleted",
            EventKind::BatchApplied => "batch.applied",
            EventKind::CacheSet => "cache.set",
            EventKind::CacheDeleted => "cache.deleted",
            EventKind::BusPublished => "bus.published",
            EventKind::AnnotationAdded => "annotation.added",
            EventKind::AnnotationResolved => "annotation.resolved",
            EventKind::CheckpointCreated => "checkpoint.created",
            EventKind::SessionRestored => "session.restored",
            EventKind::SessionCommitted => "session.committed",
            EventKind::SessionMerged => "session.merged",
            EventKind::SessionPromoted => "session.promoted",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of a session's event log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Event {
    pub seq: u64,
    /// The session's revision after the event.
    pub revision: u64,
    /// An [`EventKind`]'s name, e.g. `file.written`. Text rather than the enum, so that a client
    /// older than the server still reads the kinds it does not know.
    pub kind: String,
    pub actor: Option<String>,
    pub detail: Value,
    pub at: String,
}

impl Event {
    /// The kind, if this build knows it.
    pub fn kind(&self) -> Option<EventKind> {
        EventKind::parse(&self.kind)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventPage {
    pub events: Vec<Event>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kinds_are_their_dotted_names_everywhere() {
        for kind in EventKind::ALL {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.as_str());
            assert_eq!(serde_json::from_value::<EventKind>(json).unwrap(), kind);
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EventKind::parse("no.such"), None);
    }
}
