//! From the store's records to the API model: the one place that decides how a stored session,
//! checkpoint, commit, source, annotation or event reads in the API (times as RFC 3339).
//!
//! Free functions rather than `From` impls: both sides are other crates' types.

use aether_store::workspace::{
    AnnotationRecord, CheckpointRecord, CommitRecord, EventRecord, SessionRecord, SourceRecord,
};
use aether_types::{
    Millis,
    workspace::{Annotation, Checkpoint, Commit, Event, ParentRef, Session, Source},
};

/// RFC 3339 with milliseconds, UTC.
pub fn timestamp(at: Millis) -> String {
    chrono::DateTime::from_timestamp_millis(at)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn session(s: SessionRecord) -> Session {
    Session {
        id: s.id,
        revision: s.head.revision,
        root: s.head.root,
        state: s.state.as_str().to_owned(),
        source: s.source,
        base_commit: s.base_commit,
        last_commit: s.last_commit,
        parent: s.parent.map(|p| ParentRef {
            session_id: p.session_id,
            revision: p.revision,
        }),
        origin: s.origin,
        labels: s.labels,
        size_bytes: s.head.size_bytes,
        file_count: s.head.file_count,
        event_count: s.event_count,
        created_at: timestamp(s.created_at),
        updated_at: timestamp(s.updated_at),
    }
}

pub fn annotation(a: AnnotationRecord) -> Annotation {
    Annotation {
        id: a.id,
        session_id: a.session_id,
        path: a.path,
        line_start: a.line_start,
        line_end: a.line_end,
        author: a.author,
        body: a.body,
        resolved: a.resolved,
        created_at: timestamp(a.created_at),
        updated_at: timestamp(a.updated_at),
    }
}

pub fn event(e: EventRecord) -> Event {
    Event {
        seq: e.seq,
        revision: e.revision,
        kind: e.kind,
        actor: e.actor,
        detail: e.detail,
        at: timestamp(e.at),
    }
}

pub fn checkpoint(c: CheckpointRecord) -> Checkpoint {
    Checkpoint {
        id: c.id,
        session_id: c.session_id,
        name: c.name,
        revision: c.head.revision,
        root: c.head.root,
        size_bytes: c.head.size_bytes,
        file_count: c.head.file_count,
        created_at: timestamp(c.created_at),
    }
}

pub fn commit(c: CommitRecord) -> Commit {
    Commit {
        id: c.id,
        source: c.source,
        session_id: c.session_id,
        parent: c.parent,
        root: c.root,
        size_bytes: c.size_bytes,
        file_count: c.file_count,
        message: c.message,
        author: c.author,
        created_at: timestamp(c.created_at),
    }
}

pub fn source(s: SourceRecord) -> Source {
    Source {
        name: s.name,
        head_commit: s.head_commit,
        root: s.root,
        size_bytes: s.size_bytes,
        file_count: s.file_count,
        created_at: timestamp(s.created_at),
        updated_at: timestamp(s.updated_at),
    }
}

pub fn knowledge(
    k: aether_store::workspace::KnowledgeRecord,
) -> crate::Result<aether_types::workspace::Knowledge> {
    Ok(aether_types::workspace::Knowledge {
        id: k.id,
        source: k.source,
        title: k.title,
        body: k.body,
        tags: k.tags,
        links: serde_json::from_value(k.links).map_err(|e| {
            crate::Error::Internal(format!("a stored knowledge entry's links: {e}"))
        })?,
        author: k.author,
        created_at: timestamp(k.created_at),
    })
}
