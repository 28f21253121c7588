//! Creating, finding, forking and retiring sessions, and their event log.

use std::path::{Path, PathBuf};

use aether_store::workspace::{
    self as store, Head, Lineage, NewEvent, SessionRecord, SessionState,
};
use aether_types::{
    now_millis,
    workspace::{CreateSession, EventKind, EventPage, Origin, Session, SessionFilter},
};
use serde_json::json;

use super::{Actor, Append, Change, Workspaces};
use crate::{Error, Result, import, limits::MAX_EVENT_PAGE_BYTES, records, tree::empty_tree};

/// The most events one page returns.
pub const MAX_EVENT_PAGE: usize = 1000;
/// Events in a page when the caller does not say.
pub const DEFAULT_EVENT_PAGE: usize = 100;
/// The most sessions one listing returns.
pub const MAX_SESSION_PAGE: usize = 1000;
/// Sessions in a listing when the caller does not say.
pub const DEFAULT_SESSION_PAGE: usize = 100;
/// The git ref a session is imported at when the caller names none.
pub const DEFAULT_GIT_REF: &str = "HEAD";

/// The one answer to a git import that is not allowed, naming the path as the caller gave it.
fn refused_import(path: &str) -> Error {
    Error::invalid(format!("cannot import {path}: {}", Error::GitImportRefused))
}

fn check_id(id: &str) -> Result<()> {
    let valid = !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !id.starts_with('.');
    if valid {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "invalid session id {id:?}: use 1-128 letters, digits, '-', '_' or '.'"
        )))
    }
}

/// A new session's starting point, resolved.
struct Start {
    head: Head,
    source: Option<String>,
    base_commit: Option<String>,
    parent: Option<Lineage>,
    origin: serde_json::Value,
}

impl Workspaces {
    pub async fn create(&self, request: CreateSession, actor: &Actor) -> Result<Session> {
        let id = match request.id {
            Some(id) => {
                check_id(&id)?;
                id
            }
            None => {
                super::activity::derived_id().unwrap_or_else(|| uuid::Uuid::now_v7().to_string())
            }
        };
        let start = self.start(request.from.unwrap_or(Origin::Blank)).await?;
        let now = now_millis();
        let record = SessionRecord {
            id,
            head: start.head,
            state: SessionState::Active,
            source: start.source,
            base_commit: start.base_commit,
            last_commit: None,
            parent: start.parent,
            origin: start.origin.clone(),
            labels: request.labels,
            event_count: 0,
            created_at: now,
            updated_at: now,
        };
        let event = NewEvent {
            kind: EventKind::SessionCreated.as_str().to_owned(),
            actor: actor.clone(),
            detail: super::activity::mark(json!({ "origin": start.origin })),
        };
        self.create_session(record.clone(), event).await?;
        self.get(&record.id).await
    }

    async fn start(&self, origin: Origin) -> Result<Start> {
        let fresh = |head: Head, origin: serde_json::Value| Start {
            head,
            source: None,
            base_commit: None,
            parent: None,
            origin,
        };
        match origin {
            Origin::Blank => {
                let (root, bytes) = empty_tree()?;
                self.objects.put(vec![(root.clone(), bytes)]).await?;
                let head = Head {
                    root,
                    revision: 1,
                    size_bytes: 0,
                    file_count: 0,
                };
                Ok(fresh(head, json!({ "kind": "blank" })))
            }
            Origin::Source { name } => {
                let source = self
                    .store()
                    .source(&name)
                    .await?
                    .ok_or_else(|| Error::NotFound(format!("source {name}")))?;
                Ok(Start {
                    head: Head {
                        root: source.root,
                        revision: 1,
                        size_bytes: source.size_bytes,
                        file_count: source.file_count,
                    },
                    source: Some(name.clone()),
                    base_commit: Some(source.head_commit.clone()),
                    parent: None,
                    origin: json!({ "kind": "source", "name": name, "commit": source.head_commit }),
                })
            }
            Origin::Checkpoint { checkpoint_id } => {
                let checkpoint = self
                    .store()
                    .checkpoint(&checkpoint_id)
                    .await?
                    .ok_or_else(|| Error::NotFound(format!("checkpoint {checkpoint_id}")))?;
                let from = self.load(&checkpoint.session_id).await?;
                Ok(Start {
                    head: Head {
                        revision: 1,
                        ..checkpoint.head.clone()
                    },
                    source: from.source,
                    base_commit: from.base_commit,
                    parent: Some(Lineage {
                        session_id: checkpoint.session_id.clone(),
                        revision: checkpoint.head.revision,
                        root: checkpoint.head.root,
                    }),
                    origin: json!({
                        "kind": "checkpoint",
                        "checkpointId": checkpoint_id,
                        "sessionId": checkpoint.session_id,
                    }),
                })
            }
            Origin::Git { path, reference } => {
                let reference = reference
                    .filter(|r| !r.is_empty())
                    .unwrap_or_else(|| DEFAULT_GIT_REF.to_owned());
                let (repo, root) = self.importable(&path)?;
                let _permit = self.heavy().await?;
                let limits = self.import_limits();
                let reference_for_read = reference.clone();
                let (entries, submodules) = tokio::task::spawn_blocking(move || {
                    import::read_git(&repo, &root, &reference_for_read, limits)
                })
                .await
                .map_err(|e| Error::Internal(format!("git import task: {e}")))?
                .map_err(|e| match e {
                    Error::GitImportRefused => refused_import(&path),
                    other => other,
                })?;
                let built = self.build(entries).await?;
                let root = built.root.clone();
                let head = Head {
                    root,
                    revision: 1,
                    size_bytes: built.size_bytes,
                    file_count: built.file_count,
                };
                self.objects.put(built.objects).await?;
                Ok(fresh(
                    head,
                    json!({ "kind": "git", "path": path, "ref": reference, "skippedSubmodules": submodules }),
                ))
            }
            Origin::Archive { tar_gz } => {
                let bytes = tar_gz.0;
                let _permit = self.heavy().await?;
                let limits = self.import_limits();
                let entries =
                    tokio::task::spawn_blocking(move || import::read_tar_gz(&bytes, limits))
                        .await
                        .map_err(|e| Error::Internal(format!("archive import task: {e}")))??;
                let built = self.build(entries).await?;
                let head = Head {
                    root: built.root.clone(),
                    revision: 1,
                    size_bytes: built.size_bytes,
                    file_count: built.file_count,
                };
                self.objects.put(built.objects).await?;
                Ok(fresh(head, json!({ "kind": "archive" })))
            }
        }
    }

    /// A repository path the configuration allows importing from, with the import root it lies
    /// in (both canonical). No roots configured means git import is off. Every refusal reads the
    /// same, so that the answer says nothing about what exists on the server.
    fn importable(&self, path: &str) -> Result<(PathBuf, PathBuf)> {
        let roots = &self.limits.import_roots;
        if roots.is_empty() {
            return Err(Error::invalid(
                "git import is disabled on this server; an operator enables it by listing directories in [workspaces] import_roots",
            ));
        }
        let refused = || refused_import(path);
        let given = Path::new(path);
        if !given.is_absolute() {
            return Err(refused());
        }
        let canonical = given.canonicalize().map_err(|_| refused())?;
        roots
            .iter()
            .filter_map(|root| Path::new(root).canonicalize().ok())
            .find(|root| canonical.starts_with(root))
            .map(|root| (canonical, root))
            .ok_or_else(refused)
    }

    pub async fn get(&self, id: &str) -> Result<Session> {
        Ok(records::session(self.load(id).await?))
    }

    /// Newest first: at most `filter.limit` sessions (100 by default, never more than 1000).
    pub async fn list(&self, filter: &SessionFilter) -> Result<Vec<Session>> {
        let state = filter
            .state
            .as_deref()
            .map(|s| {
                SessionState::parse(s).ok_or_else(|| {
                    Error::invalid(format!("state must be active or archived, not {s:?}"))
                })
            })
            .transpose()?;
        let limit = filter
            .limit
            .map_or(DEFAULT_SESSION_PAGE, |l| {
                usize::try_from(l).unwrap_or(usize::MAX)
            })
            .min(MAX_SESSION_PAGE);
        let filter = store::SessionFilter {
            state,
            source: filter.source.clone(),
            parent: filter.parent.clone(),
            labels: filter.labels.clone(),
            limit: Some(limit),
        };
        let sessions = self.store().sessions(&filter).await?;
        Ok(sessions.into_iter().map(records::session).collect())
    }

    /// A new session with this one's current tree; no content is copied.
    pub async fn fork(
        &self,
        id: &str,
        new_id: Option<String>,
        labels: std::collections::BTreeMap<String, String>,
        actor: &Actor,
    ) -> Result<Session> {
        let parent = self.load(id).await?;
        let child_id = match new_id {
            Some(child) => {
                check_id(&child)?;
                child
            }
            None => {
                super::activity::derived_id().unwrap_or_else(|| uuid::Uuid::now_v7().to_string())
            }
        };
        let now = now_millis();
        let origin =
            json!({ "kind": "fork", "sessionId": parent.id, "revision": parent.head.revision });
        let child = SessionRecord {
            id: child_id.clone(),
            head: Head {
                revision: 1,
                ..parent.head.clone()
            },
            state: SessionState::Active,
            source: parent.source.clone(),
            base_commit: parent.base_commit.clone(),
            last_commit: None,
            parent: Some(Lineage {
                session_id: parent.id.clone(),
                revision: parent.head.revision,
                root: parent.head.root.clone(),
            }),
            origin: origin.clone(),
            labels,
            event_count: 0,
            created_at: now,
            updated_at: now,
        };
        let event = NewEvent {
            kind: EventKind::SessionCreated.as_str().to_owned(),
            actor: actor.clone(),
            detail: super::activity::mark(json!({ "origin": origin })),
        };
        self.create_session(child, event).await?;
        let detail = json!({ "child": child_id, "revision": parent.head.revision });
        self.record(
            &parent,
            Append::event(EventKind::SessionForked, actor, detail),
        )
        .await?;
        self.get(&child_id).await
    }

    /// Creates the session with its first event; for a workflow's activity, at most once.
    async fn create_session(&self, record: SessionRecord, event: NewEvent) -> Result<()> {
        let created = records::session(SessionRecord {
            event_count: 1,
            ..record.clone()
        });
        let result = serde_json::to_value(created).unwrap_or_default();
        let activity =
            super::activity::current(Some(std::sync::Arc::new(move |_: &_| result.clone())));
        let kind = event.kind.clone();
        self.store().create_session(record, event, activity).await?;
        super::activity::used();
        super::changed(kind);
        Ok(())
    }

    /// Removes content nothing live references any more (archived sessions' trees, objects
    /// of changes that never landed) once it is older than `retention`: what makes archiving a
    /// session free its content. Safe against changes in flight: an object written within
    /// `retention` is kept, and references made while the collector runs wait for it.
    pub async fn collect_garbage(
        &self,
        retention: std::time::Duration,
    ) -> Result<aether_store::workspace::Collected> {
        let retention = i64::try_from(retention.as_millis()).unwrap_or(i64::MAX);
        let children = |bytes: &[u8]| {
            let tree = crate::tree::Tree::decode("", bytes).ok()?;
            Some(
                tree.entries
                    .into_values()
                    .map(|e| (e.hash, e.kind == crate::tree::EntryKind::Dir))
                    .collect(),
            )
        };
        Ok(self
            .store()
            .collect_garbage(now_millis().saturating_sub(retention), &children)
            .await?)
    }

    /// Makes the session read-only. Its revision moves, so a change computed before cannot land.
    pub async fn archive(&self, change: &Change) -> Result<Session> {
        let session = self.load_active(&change.session_id).await?;
        let head = Head {
            revision: session.head.revision + 1,
            ..session.head.clone()
        };
        let append = Append::event(EventKind::SessionArchived, &change.actor, json!({}))
            .expecting(Some(
                change.expected_revision.unwrap_or(session.head.revision),
            ))
            .moving_to(head.clone())
            .entering(SessionState::Archived)
            .returning_value(&records::session(SessionRecord {
                head,
                state: SessionState::Archived,
                event_count: session.event_count + 1,
                ..session.clone()
            }));
        self.record(&session, append).await?;
        self.get(&session.id).await
    }

    /// The events after sequence number `after` (0: from the start), oldest first: at most
    /// `limit` (100 by default, 1 to 1000), and no more than [`MAX_EVENT_PAGE_BYTES`] of them
    /// (always at least one). They are read a few at a time, so a page of large bus messages
    /// never has more than a few of them in memory beyond what it returns.
    pub async fn events(&self, id: &str, after: u64, limit: Option<usize>) -> Result<EventPage> {
        /// Events read from the store at once.
        const CHUNK: usize = 16;
        self.load(id).await?;
        let limit = limit.unwrap_or(DEFAULT_EVENT_PAGE).clamp(1, MAX_EVENT_PAGE);
        let mut events = Vec::new();
        let (mut bytes, mut cursor, mut more) = (0usize, after, false);
        'pages: loop {
            let want = (limit - events.len()).min(CHUNK);
            let chunk = self.store().events(id, cursor, want + 1).await?;
            let exhausted = chunk.len() <= want;
            for event in chunk.into_iter().take(want) {
                let size = super::coordinate::json_len(&event.detail);
                if !events.is_empty() && bytes.saturating_add(size) > MAX_EVENT_PAGE_BYTES {
                    more = true;
                    break 'pages;
                }
                bytes = bytes.saturating_add(size);
                cursor = event.seq;
                events.push(records::event(event));
            }
            if exhausted {
                break;
            }
            if events.len() == limit {
                more = true;
                break;
            }
        }
        let next = more.then(|| events.last().map(|e| e.seq)).flatten();
        Ok(EventPage { events, next })
    }
}
