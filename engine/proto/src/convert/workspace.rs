//! The workspace API model (`aether_types::workspace`) to and from `WorkspaceService` messages.
//!
//! The server converts requests in and results out; the SDK the other way round. Bytes stay
//! bytes in both directions; JSON values travel as text in the `*_json` fields (an empty one
//! reads as `null`).

use aether_types::workspace::{
    Annotation, Base64, BatchOp, BusMessage, CacheValue, Checkpoint, Commit, CreateSession,
    EntryKind, Event, EventPage, Export, FileContent, Knowledge, KnowledgeFilter, KnowledgeLink,
    Manifest, ManifestEntry, MergeOutcome, Mutation, NewAnnotation, NewKnowledge, Origin,
    ParentRef, Promotion, Segment, Session, SessionFilter, Source,
};
use serde_json::Value;

use super::WireError;
use crate::v1;

/// A `*_json` field of a request: it must hold JSON.
pub fn parse_json(field: &'static str, text: &str) -> Result<Value, WireError> {
    serde_json::from_str(text).map_err(|source| WireError::Json { field, source })
}

/// A `*_json` field of a result; an empty one is `null`.
fn read_json(field: &'static str, text: &str) -> Result<Value, WireError> {
    if text.is_empty() {
        return Ok(Value::Null);
    }
    parse_json(field, text)
}

fn entry_kind(kind: &str) -> Result<EntryKind, WireError> {
    EntryKind::parse(kind).ok_or_else(|| WireError::Unknown {
        field: "kind",
        value: kind.to_owned(),
    })
}

fn required<T>(
    value: Option<T>,
    message: &'static str,
    field: &'static str,
) -> Result<T, WireError> {
    value.ok_or(WireError::Missing { message, field })
}

// Requests.

impl From<v1::CreateSessionRequest> for CreateSession {
    fn from(req: v1::CreateSessionRequest) -> Self {
        use v1::create_session_request::From as F;
        let from = match req.from {
            None | Some(F::Blank(_)) => Origin::Blank,
            Some(F::Source(name)) => Origin::Source { name },
            Some(F::CheckpointId(checkpoint_id)) => Origin::Checkpoint { checkpoint_id },
            Some(F::Git(git)) => Origin::Git {
                path: git.path,
                reference: (!git.r#ref.is_empty()).then_some(git.r#ref),
            },
            Some(F::TarGz(bytes)) => Origin::Archive {
                tar_gz: Base64(bytes),
            },
        };
        CreateSession {
            id: req.id,
            from: Some(from),
            labels: req.labels.into_iter().collect(),
        }
    }
}

/// The request that creates `new`, on behalf of `actor`.
pub fn create_session_request(
    new: CreateSession,
    actor: Option<String>,
) -> v1::CreateSessionRequest {
    use v1::create_session_request::From as F;
    let from = match new.from.unwrap_or(Origin::Blank) {
        Origin::Blank => F::Blank(v1::Blank {}),
        Origin::Source { name } => F::Source(name),
        Origin::Checkpoint { checkpoint_id } => F::CheckpointId(checkpoint_id),
        Origin::Git { path, reference } => F::Git(v1::GitOrigin {
            path,
            r#ref: reference.unwrap_or_default(),
        }),
        Origin::Archive { tar_gz } => F::TarGz(tar_gz.0),
    };
    v1::CreateSessionRequest {
        id: new.id,
        labels: new.labels.into_iter().collect(),
        from: Some(from),
        actor,
    }
}

impl From<v1::ListSessionsRequest> for SessionFilter {
    fn from(req: v1::ListSessionsRequest) -> Self {
        SessionFilter {
            state: req.state,
            source: req.source,
            parent: req.parent,
            labels: req.labels.into_iter().collect(),
            limit: req.limit,
        }
    }
}

impl From<SessionFilter> for v1::ListSessionsRequest {
    fn from(filter: SessionFilter) -> Self {
        v1::ListSessionsRequest {
            state: filter.state,
            source: filter.source,
            parent: filter.parent,
            labels: filter.labels.into_iter().collect(),
            limit: filter.limit,
        }
    }
}

/// A batch's operations; an empty one is named by its index.
pub fn batch_ops(ops: Vec<v1::BatchOp>) -> Result<Vec<BatchOp>, WireError> {
    use v1::batch_op::Op;
    ops.into_iter()
        .enumerate()
        .map(|(index, op)| {
            Ok(match op.op {
                Some(Op::Write(w)) => BatchOp::Write {
                    path: w.path,
                    content: w.content.into(),
                    mode: w.mode,
                },
                Some(Op::Delete(path)) => BatchOp::Delete { path },
                Some(Op::Mkdir(path)) => BatchOp::Mkdir { path },
                Some(Op::Rename(r)) => BatchOp::Rename {
                    from: r.from,
                    to: r.to,
                },
                Some(Op::Symlink(l)) => BatchOp::Symlink {
                    path: l.path,
                    target: l.target,
                },
                Some(Op::Chmod(c)) => BatchOp::Chmod {
                    path: c.path,
                    mode: c.mode,
                },
                None => return Err(WireError::Empty(format!("operation {index}"))),
            })
        })
        .collect()
}

impl From<BatchOp> for v1::BatchOp {
    fn from(op: BatchOp) -> Self {
        use v1::batch_op::Op;
        let op = match op {
            BatchOp::Write {
                path,
                content,
                mode,
            } => Op::Write(v1::WriteOp {
                path,
                content: content.into_bytes(),
                mode,
            }),
            BatchOp::Delete { path } => Op::Delete(path),
            BatchOp::Mkdir { path } => Op::Mkdir(path),
            BatchOp::Rename { from, to } => Op::Rename(v1::RenameOp { from, to }),
            BatchOp::Symlink { path, target } => Op::Symlink(v1::SymlinkOp { path, target }),
            BatchOp::Chmod { path, mode } => Op::Chmod(v1::ChmodOp { path, mode }),
        };
        v1::BatchOp { op: Some(op) }
    }
}

impl From<v1::Segment> for Segment {
    fn from(s: v1::Segment) -> Self {
        Segment::new(s.offset, s.content)
    }
}

impl From<Segment> for v1::Segment {
    fn from(s: Segment) -> Self {
        v1::Segment {
            offset: s.offset,
            content: s.content.into_bytes(),
        }
    }
}

impl From<v1::AddAnnotationRequest> for NewAnnotation {
    fn from(req: v1::AddAnnotationRequest) -> Self {
        NewAnnotation {
            path: req.path,
            line_start: req.line_start,
            line_end: req.line_end,
            author: req.author,
            body: req.body,
        }
    }
}

/// The request that adds `note` to a session, on behalf of `actor`.
pub fn add_annotation_request(
    session_id: String,
    note: NewAnnotation,
    actor: Option<String>,
) -> v1::AddAnnotationRequest {
    v1::AddAnnotationRequest {
        session_id,
        path: note.path,
        line_start: note.line_start,
        line_end: note.line_end,
        author: note.author,
        body: note.body,
        actor,
    }
}

// Results.

/// `From` in both directions for a model type and a message with the same fields.
macro_rules! same_fields {
    ($model:ty, $wire:ty { $($field:ident),+ $(,)? }) => {
        impl From<$model> for $wire {
            fn from(m: $model) -> Self {
                Self { $($field: m.$field),+ }
            }
        }

        impl From<$wire> for $model {
            fn from(w: $wire) -> Self {
                Self { $($field: w.$field),+ }
            }
        }
    };
}

#[rustfmt::skip]
same_fields!(Mutation, v1::Mutation { session_id, revision, root, event_seq });
#[rustfmt::skip]
same_fields!(Annotation, v1::Annotation {
    id, session_id, path, line_start, line_end, author, body, resolved, created_at, updated_at,
});
#[rustfmt::skip]
same_fields!(Checkpoint, v1::Checkpoint {
    id, session_id, name, revision, root, size_bytes, file_count, created_at,
});
#[rustfmt::skip]
same_fields!(Commit, v1::CommitInfo {
    id, source, session_id, parent, root, size_bytes, file_count, message, author, created_at,
});
#[rustfmt::skip]
same_fields!(Source, v1::Source {
    name, head_commit, root, size_bytes, file_count, created_at, updated_at,
});
same_fields!(Export, v1::ExportResponse { revision, tar_gz });
same_fields!(
    KnowledgeLink,
    v1::KnowledgeLink {
        path,
        session_id,
        revision
    }
);

impl From<NewKnowledge> for v1::AddKnowledgeRequest {
    fn from(k: NewKnowledge) -> Self {
        v1::AddKnowledgeRequest {
            source: k.source,
            title: k.title,
            body: k.body,
            tags: k.tags,
            links: k.links.into_iter().map(Into::into).collect(),
            author: k.author,
        }
    }
}

impl From<v1::AddKnowledgeRequest> for NewKnowledge {
    fn from(k: v1::AddKnowledgeRequest) -> Self {
        NewKnowledge {
            source: k.source,
            title: k.title,
            body: k.body,
            tags: k.tags,
            links: k.links.into_iter().map(Into::into).collect(),
            author: k.author,
        }
    }
}

impl From<Knowledge> for v1::KnowledgeEntry {
    fn from(k: Knowledge) -> Self {
        v1::KnowledgeEntry {
            id: k.id,
            source: k.source,
            title: k.title,
            body: k.body,
            tags: k.tags,
            links: k.links.into_iter().map(Into::into).collect(),
            author: k.author,
            created_at: k.created_at,
        }
    }
}

impl From<v1::KnowledgeEntry> for Knowledge {
    fn from(k: v1::KnowledgeEntry) -> Self {
        Knowledge {
            id: k.id,
            source: k.source,
            title: k.title,
            body: k.body,
            tags: k.tags,
            links: k.links.into_iter().map(Into::into).collect(),
            author: k.author,
            created_at: k.created_at,
        }
    }
}

impl From<v1::SearchKnowledgeRequest> for KnowledgeFilter {
    fn from(r: v1::SearchKnowledgeRequest) -> Self {
        KnowledgeFilter {
            source: r.source,
            tag: r.tag,
            text: r.text,
            limit: (r.limit > 0).then_some(r.limit as usize),
        }
    }
}

impl From<&KnowledgeFilter> for v1::SearchKnowledgeRequest {
    fn from(f: &KnowledgeFilter) -> Self {
        v1::SearchKnowledgeRequest {
            source: f.source.clone(),
            tag: f.tag.clone(),
            text: f.text.clone(),
            limit: f.limit.map_or(0, |l| u32::try_from(l).unwrap_or(u32::MAX)),
        }
    }
}

impl From<Vec<Knowledge>> for v1::SearchKnowledgeResponse {
    fn from(entries: Vec<Knowledge>) -> Self {
        v1::SearchKnowledgeResponse {
            entries: entries.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<Session> for v1::Session {
    fn from(s: Session) -> Self {
        v1::Session {
            id: s.id,
            revision: s.revision,
            root: s.root,
            state: s.state,
            source: s.source,
            base_commit: s.base_commit,
            last_commit: s.last_commit,
            parent_session_id: s.parent.as_ref().map(|p| p.session_id.clone()),
            parent_revision: s.parent.map(|p| p.revision),
            origin_json: s.origin.to_string(),
            labels: s.labels.into_iter().collect(),
            size_bytes: s.size_bytes,
            file_count: s.file_count,
            event_count: s.event_count,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

impl TryFrom<v1::Session> for Session {
    type Error = WireError;

    fn try_from(s: v1::Session) -> Result<Self, WireError> {
        let parent = s.parent_session_id.map(|session_id| ParentRef {
            session_id,
            revision: s.parent_revision.unwrap_or_default(),
        });
        Ok(Session {
            origin: read_json("origin_json", &s.origin_json)?,
            id: s.id,
            revision: s.revision,
            root: s.root,
            state: s.state,
            source: s.source,
            base_commit: s.base_commit,
            last_commit: s.last_commit,
            parent,
            labels: s.labels.into_iter().collect(),
            size_bytes: s.size_bytes,
            file_count: s.file_count,
            event_count: s.event_count,
            created_at: s.created_at,
            updated_at: s.updated_at,
        })
    }
}

impl From<Vec<Session>> for v1::ListSessionsResponse {
    fn from(sessions: Vec<Session>) -> Self {
        v1::ListSessionsResponse {
            sessions: sessions.into_iter().map(Into::into).collect(),
        }
    }
}

impl TryFrom<v1::ListSessionsResponse> for Vec<Session> {
    type Error = WireError;

    fn try_from(response: v1::ListSessionsResponse) -> Result<Self, WireError> {
        response
            .sessions
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }
}

impl From<ManifestEntry> for v1::ManifestEntry {
    fn from(e: ManifestEntry) -> Self {
        v1::ManifestEntry {
            path: e.path,
            kind: e.kind.as_str().to_owned(),
            size: e.size,
            hash: e.hash,
            mode: e.mode,
        }
    }
}

impl TryFrom<v1::ManifestEntry> for ManifestEntry {
    type Error = WireError;

    fn try_from(e: v1::ManifestEntry) -> Result<Self, WireError> {
        Ok(ManifestEntry {
            kind: entry_kind(&e.kind)?,
            path: e.path,
            size: e.size,
            hash: e.hash,
            mode: e.mode,
        })
    }
}

impl From<Manifest> for v1::Manifest {
    fn from(m: Manifest) -> Self {
        v1::Manifest {
            session_id: m.session_id,
            revision: m.revision,
            root: m.root,
            size_bytes: m.size_bytes,
            file_count: m.file_count,
            entries: m.entries.into_iter().map(Into::into).collect(),
        }
    }
}

impl TryFrom<v1::Manifest> for Manifest {
    type Error = WireError;

    fn try_from(m: v1::Manifest) -> Result<Self, WireError> {
        Ok(Manifest {
            entries: m
                .entries
                .into_iter()
                .map(TryInto::try_into)
                .collect::<Result<_, _>>()?,
            session_id: m.session_id,
            revision: m.revision,
            root: m.root,
            size_bytes: m.size_bytes,
            file_count: m.file_count,
        })
    }
}

impl From<FileContent> for v1::FileContent {
    fn from(f: FileContent) -> Self {
        v1::FileContent {
            path: f.path,
            revision: f.revision,
            hash: f.hash,
            mode: f.mode,
            kind: f.kind.as_str().to_owned(),
            size: f.size,
            offset: f.offset,
            data: f.data,
        }
    }
}

impl TryFrom<v1::FileContent> for FileContent {
    type Error = WireError;

    fn try_from(f: v1::FileContent) -> Result<Self, WireError> {
        Ok(FileContent {
            kind: entry_kind(&f.kind)?,
            path: f.path,
            revision: f.revision,
            hash: f.hash,
            mode: f.mode,
            size: f.size,
            offset: f.offset,
            data: f.data,
        })
    }
}

impl From<CacheValue> for v1::CacheValue {
    fn from(c: CacheValue) -> Self {
        v1::CacheValue {
            key: c.key,
            value_json: c.value.to_string(),
            version: c.version,
            expires_at: c.expires_at,
            updated_at: c.updated_at,
        }
    }
}

impl TryFrom<v1::CacheValue> for CacheValue {
    type Error = WireError;

    fn try_from(c: v1::CacheValue) -> Result<Self, WireError> {
        Ok(CacheValue {
            value: read_json("value_json", &c.value_json)?,
            key: c.key,
            version: c.version,
            expires_at: c.expires_at,
            updated_at: c.updated_at,
        })
    }
}

impl From<BusMessage> for v1::BusMessage {
    fn from(m: BusMessage) -> Self {
        v1::BusMessage {
            session_id: m.session_id,
            topic: m.topic,
            message_json: m.message.to_string(),
            actor: m.actor,
            event_seq: m.event_seq,
            at: m.at,
        }
    }
}

impl TryFrom<v1::BusMessage> for BusMessage {
    type Error = WireError;

    fn try_from(m: v1::BusMessage) -> Result<Self, WireError> {
        Ok(BusMessage {
            message: read_json("message_json", &m.message_json)?,
            session_id: m.session_id,
            topic: m.topic,
            actor: m.actor,
            event_seq: m.event_seq,
            at: m.at,
        })
    }
}

impl From<Vec<Annotation>> for v1::ListAnnotationsResponse {
    fn from(annotations: Vec<Annotation>) -> Self {
        v1::ListAnnotationsResponse {
            annotations: annotations.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<v1::ListAnnotationsResponse> for Vec<Annotation> {
    fn from(response: v1::ListAnnotationsResponse) -> Self {
        response.annotations.into_iter().map(Into::into).collect()
    }
}

impl From<Event> for v1::Event {
    fn from(e: Event) -> Self {
        v1::Event {
            seq: e.seq,
            revision: e.revision,
            kind: e.kind,
            actor: e.actor,
            detail_json: e.detail.to_string(),
            at: e.at,
        }
    }
}

impl TryFrom<v1::Event> for Event {
    type Error = WireError;

    fn try_from(e: v1::Event) -> Result<Self, WireError> {
        Ok(Event {
            detail: read_json("detail_json", &e.detail_json)?,
            seq: e.seq,
            revision: e.revision,
            kind: e.kind,
            actor: e.actor,
            at: e.at,
        })
    }
}

impl From<EventPage> for v1::ListEventsResponse {
    fn from(page: EventPage) -> Self {
        v1::ListEventsResponse {
            events: page.events.into_iter().map(Into::into).collect(),
            next: page.next,
        }
    }
}

impl TryFrom<v1::ListEventsResponse> for EventPage {
    type Error = WireError;

    fn try_from(response: v1::ListEventsResponse) -> Result<Self, WireError> {
        Ok(EventPage {
            events: response
                .events
                .into_iter()
                .map(TryInto::try_into)
                .collect::<Result<_, _>>()?,
            next: response.next,
        })
    }
}

impl From<Vec<Checkpoint>> for v1::ListCheckpointsResponse {
    fn from(checkpoints: Vec<Checkpoint>) -> Self {
        v1::ListCheckpointsResponse {
            checkpoints: checkpoints.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<v1::ListCheckpointsResponse> for Vec<Checkpoint> {
    fn from(response: v1::ListCheckpointsResponse) -> Self {
        response.checkpoints.into_iter().map(Into::into).collect()
    }
}

impl From<Vec<Source>> for v1::ListSourcesResponse {
    fn from(sources: Vec<Source>) -> Self {
        v1::ListSourcesResponse {
            sources: sources.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<v1::ListSourcesResponse> for Vec<Source> {
    fn from(response: v1::ListSourcesResponse) -> Self {
        response.sources.into_iter().map(Into::into).collect()
    }
}

impl From<MergeOutcome> for v1::MergeResponse {
    fn from(m: MergeOutcome) -> Self {
        v1::MergeResponse {
            mutation: Some(m.mutation.into()),
            ancestor: m.ancestor,
            changed: m.changed,
            combined: m.combined,
        }
    }
}

impl TryFrom<v1::MergeResponse> for MergeOutcome {
    type Error = WireError;

    fn try_from(m: v1::MergeResponse) -> Result<Self, WireError> {
        Ok(MergeOutcome {
            mutation: required(m.mutation, "merge response", "mutation")?.into(),
            ancestor: m.ancestor,
            changed: m.changed,
            combined: m.combined,
        })
    }
}

impl From<Promotion> for v1::PromoteResponse {
    fn from(p: Promotion) -> Self {
        v1::PromoteResponse {
            source: Some(p.source.into()),
            commit: Some(p.commit.into()),
        }
    }
}

impl TryFrom<v1::PromoteResponse> for Promotion {
    type Error = WireError;

    fn try_from(p: v1::PromoteResponse) -> Result<Self, WireError> {
        Ok(Promotion {
            source: required(p.source, "promote response", "source")?.into(),
            commit: required(p.commit, "promote response", "commit")?.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;

    fn session() -> Session {
        Session {
            id: "child".into(),
            revision: 1,
            root: "r".into(),
            state: "active".into(),
            source: Some("templates/app".into()),
            base_commit: None,
            last_commit: None,
            parent: Some(ParentRef {
                session_id: "parent".into(),
                revision: 3,
            }),
            origin: json!({ "kind": "fork", "sessionId": "parent", "revision": 3 }),
            labels: BTreeMap::from([("team".into(), "docs".into())]),
            size_bytes: 10,
            file_count: 2,
            event_count: 4,
            created_at: "2026-01-01T00:00:00.000Z".into(),
            updated_at: "2026-01-01T00:00:01.000Z".into(),
        }
    }

    #[test]
    fn results_read_back_as_they_were_sent() {
        let s = session();
        assert_eq!(Session::try_from(v1::Session::from(s.clone())).unwrap(), s);

        let manifest = Manifest {
            session_id: "s".into(),
            revision: 2,
            root: "r".into(),
            size_bytes: 5,
            file_count: 1,
            entries: vec![ManifestEntry {
                path: "a/b".into(),
                kind: EntryKind::Symlink,
                size: 5,
                hash: "h".into(),
                mode: 0o777,
            }],
        };
        let wire = v1::Manifest::from(manifest.clone());
        assert_eq!(wire.entries[0].kind, "symlink");
        assert_eq!(Manifest::try_from(wire).unwrap(), manifest);

        let page = EventPage {
            events: vec![Event {
                seq: 1,
                revision: 1,
                kind: "session.created".into(),
                actor: Some("agent".into()),
                detail: json!({ "origin": { "kind": "blank" } }),
                at: "t".into(),
            }],
            next: Some(1),
        };
        let wire = v1::ListEventsResponse::from(page.clone());
        assert_eq!(EventPage::try_from(wire).unwrap(), page);

        let value = CacheValue {
            key: "k".into(),
            value: json!([1, 2]),
            version: 3,
            expires_at: None,
            updated_at: "t".into(),
        };
        assert_eq!(
            CacheValue::try_from(v1::CacheValue::from(value.clone())).unwrap(),
            value
        );
    }

    #[test]
    fn requests_keep_bytes_as_bytes() {
        let ops = vec![
            BatchOp::write("bin/tool", vec![0u8, 159, 146, 150]),
            BatchOp::delete("old"),
            BatchOp::mkdir("new/dir"),
            BatchOp::rename("a", "b"),
            BatchOp::symlink("link", "../target"),
            BatchOp::chmod("bin/tool", 0o755),
        ];
        let wire: Vec<v1::BatchOp> = ops.iter().cloned().map(Into::into).collect();
        assert!(matches!(
            &wire[0].op,
            Some(v1::batch_op::Op::Write(w)) if w.content == [0, 159, 146, 150]
        ));
        assert_eq!(batch_ops(wire).unwrap(), ops);

        let archive = CreateSession::from_tar_gz(vec![31, 139]).id("s");
        let request = create_session_request(archive.clone(), Some("me".into()));
        assert_eq!(
            request.from,
            Some(v1::create_session_request::From::TarGz(vec![31, 139]))
        );
        assert_eq!(CreateSession::from(request), archive);
    }

    #[test]
    fn a_git_origin_without_a_ref_is_an_empty_ref_on_the_wire() {
        let git = CreateSession::from_git("/repo", "");
        let request = create_session_request(git.clone(), None);
        assert!(matches!(
            &request.from,
            Some(v1::create_session_request::From::Git(g)) if g.r#ref.is_empty()
        ));
        assert_eq!(CreateSession::from(request), git);
    }

    #[test]
    fn malformed_messages_say_what_is_wrong() {
        let empty = batch_ops(vec![v1::BatchOp::default(), v1::BatchOp { op: None }]);
        assert_eq!(empty.unwrap_err().to_string(), "operation 0 is empty");
        let broken = v1::Session {
            origin_json: "{".into(),
            ..v1::Session::default()
        };
        assert!(matches!(
            Session::try_from(broken),
            Err(WireError::Json {
                field: "origin_json",
                ..
            })
        ));
        let blank = Session::try_from(v1::Session::default()).unwrap();
        assert_eq!(blank.origin, Value::Null);
        let merge = MergeOutcome::try_from(v1::MergeResponse::default()).unwrap_err();
        assert_eq!(merge.to_string(), "the merge response has no mutation");
        let kind = v1::FileContent {
            kind: "socket".into(),
            ..v1::FileContent::default()
        };
        assert!(matches!(
            FileContent::try_from(kind),
            Err(WireError::Unknown { .. })
        ));
        assert!(parse_json("value_json", "").is_err());
    }
}
