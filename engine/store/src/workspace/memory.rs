//! Workspaces in process memory (the L0 tier): the same checks as SQL, under one lock.

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, Mutex, MutexGuard},
};

use aether_types::Millis;
use async_trait::async_trait;

use serde_json::Value;

use super::{
    Activity, AnnotationRecord, Applied, CacheEntry, CheckpointRecord, Children, Collected,
    CommitRecord, Effect, Error, EventRecord, KnowledgeRecord, NewEvent, Origin, Result,
    SessionChange, SessionFilter, SessionRecord, SourceRecord, WorkspaceStore,
};

#[derive(Default)]
pub struct MemoryWorkspaceStore {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Each object's bytes, and when it was last written.
    objects: HashMap<String, (Arc<Vec<u8>>, Millis)>,
    sessions: HashMap<String, SessionRecord>,
    events: HashMap<String, Vec<EventRecord>>,
    checkpoints: BTreeMap<String, CheckpointRecord>,
    cache: HashMap<(String, String), CacheEntry>,
    annotations: Vec<AnnotationRecord>,
    sources: BTreeMap<String, SourceRecord>,
    commits: Vec<CommitRecord>,
    activities: HashMap<Origin, Value>,
    knowledge: Vec<KnowledgeRecord>,
}

impl MemoryWorkspaceStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> Result<MutexGuard<'_, Inner>> {
        self.inner
            .lock()
            .map_err(|_| Error::Backend("workspace store lock poisoned".into()))
    }
}

fn event(session: &SessionRecord, new: NewEvent, at: Millis) -> EventRecord {
    EventRecord {
        session_id: session.id.clone(),
        seq: session.event_count,
        revision: session.head.revision,
        kind: new.kind,
        actor: new.actor,
        detail: new.detail,
        at,
    }
}

impl Inner {
    /// Checks the effect against current state and returns the cache version it would write.
    fn check_effect(&self, session_id: &str, effect: &Effect, at: Millis) -> Result<Option<u64>> {
        let current_version = |key: &str| {
            self.cache
                .get(&(session_id.to_owned(), key.to_owned()))
                .filter(|e| e.expires_at.is_none_or(|t| t > at))
                .map_or(0, |e| e.version)
        };
        match effect {
            Effect::CacheSet {
                key,
                expect_version,
                ..
            }
            | Effect::CacheDelete {
                key,
                expect_version,
            } => {
                let actual = current_version(key);
                if let Some(expected) = *expect_version
                    && expected != actual
                {
                    return Err(Error::StaleCacheVersion {
                        key: key.clone(),
                        expected,
                        actual,
                    });
                }
                Ok(matches!(effect, Effect::CacheSet { .. }).then_some(actual + 1))
            }
            Effect::Resolve { annotation_id, .. } => {
                if self
                    .annotations
                    .iter()
                    .any(|a| &a.id == annotation_id && a.session_id == session_id)
                {
                    Ok(None)
                } else {
                    Err(Error::AnnotationNotFound(annotation_id.clone()))
                }
            }
            Effect::Promote {
                commit,
                expect_head,
            } => {
                let actual = self.sources.get(&commit.source).map(|s| &s.head_commit);
                if actual != expect_head.as_ref() {
                    return Err(Error::SourceMoved {
                        source_name: commit.source.clone(),
                        expected: expect_head.clone().unwrap_or_else(|| "(none)".into()),
                        actual: actual.cloned().unwrap_or_else(|| "(none)".into()),
                    });
                }
                Ok(None)
            }
            Effect::None | Effect::Checkpoint(_) | Effect::Annotate(_) | Effect::Commit(_) => {
                Ok(None)
            }
        }
    }

    fn apply_effect(
        &mut self,
        session: &mut SessionRecord,
        effect: Effect,
        version: Option<u64>,
        at: Millis,
    ) {
        match effect {
            Effect::None => {}
            Effect::Checkpoint(c) => {
                self.checkpoints.insert(c.id.clone(), c);
            }
            Effect::CacheSet {
                key,
                value,
                expires_at,
                ..
            } => {
                let entry = CacheEntry {
                    key: key.clone(),
                    value,
                    version: version.unwrap_or(1),
                    expires_at,
                    updated_at: at,
                };
                self.cache.insert((session.id.clone(), key), entry);
            }
            Effect::CacheDelete { key, .. } => {
                self.cache.remove(&(session.id.clone(), key));
            }
            Effect::Annotate(a) => self.annotations.push(a),
            Effect::Resolve {
                annotation_id,
                resolved,
            } => {
                for a in self
                    .annotations
                    .iter_mut()
                    .filter(|a| a.id == annotation_id)
                {
                    a.resolved = resolved;
                    a.updated_at = at;
                }
            }
            Effect::Commit(c) => {
                session.last_commit = Some(c.id.clone());
                self.commits.push(c);
            }
            Effect::Promote { commit, .. } => {
                let created_at = self
                    .sources
                    .get(&commit.source)
                    .map_or(at, |s| s.created_at);
                self.sources.insert(
                    commit.source.clone(),
                    SourceRecord {
                        name: commit.source.clone(),
                        head_commit: commit.id.clone(),
                        root: commit.root.clone(),
                        size_bytes: commit.size_bytes,
                        file_count: commit.file_count,
                        created_at,
                        updated_at: at,
                    },
                );
                session.source = Some(commit.source.clone());
                session.base_commit = Some(commit.id.clone());
                session.last_commit = Some(commit.id.clone());
                self.commits.push(commit);
            }
        }
    }
}

#[async_trait]
impl WorkspaceStore for MemoryWorkspaceStore {
    async fn put_objects(&self, objects: Vec<(String, Vec<u8>)>) -> Result<()> {
        let mut inner = self.lock()?;
        let now = aether_types::now_millis();
        for (hash, data) in objects {
            inner
                .objects
                .entry(hash)
                .and_modify(|(_, written)| *written = now)
                .or_insert_with(|| (Arc::new(data), now));
        }
        Ok(())
    }

    async fn object(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .lock()?
            .objects
            .get(hash)
            .map(|(d, _)| d.as_ref().clone()))
    }

    async fn create_session(
        &self,
        mut session: SessionRecord,
        new: NewEvent,
        activity: Option<Activity>,
    ) -> Result<EventRecord> {
        let mut inner = self.lock()?;
        if let Some(activity) = &activity
            && let Some(result) = inner.activities.get(&activity.origin)
        {
            return Err(activity.already_applied(result.clone()));
        }
        if inner.sessions.contains_key(&session.id) {
            return Err(Error::SessionExists(session.id));
        }
        if !inner.objects.contains_key(&session.head.root) {
            return Err(Error::ContentGone(session.head.root));
        }
        session.event_count = 1;
        let first = event(&session, new, session.created_at);
        if let Some(activity) = activity {
            let applied = Applied {
                event: first.clone(),
                cache_version: None,
            };
            inner
                .activities
                .insert(activity.origin.clone(), (activity.result)(&applied));
        }
        inner.events.insert(session.id.clone(), vec![first.clone()]);
        inner.sessions.insert(session.id.clone(), session);
        Ok(first)
    }

    async fn session(&self, id: &str) -> Result<Option<SessionRecord>> {
        Ok(self.lock()?.sessions.get(id).cloned())
    }

    async fn sessions(&self, filter: &SessionFilter) -> Result<Vec<SessionRecord>> {
        let inner = self.lock()?;
        let mut found: Vec<SessionRecord> = inner
            .sessions
            .values()
            .filter(|s| filter.matches(s))
            .cloned()
            .collect();
        found.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        found.truncate(filter.limit.unwrap_or(usize::MAX));
        Ok(found)
    }

    async fn apply(&self, change: SessionChange) -> Result<Applied> {
        let mut inner = self.lock()?;
        if let Some(activity) = &change.activity
            && let Some(result) = inner.activities.get(&activity.origin)
        {
            return Err(activity.already_applied(result.clone()));
        }
        let Some(mut session) = inner.sessions.get(&change.session_id).cloned() else {
            return Err(Error::SessionNotFound(change.session_id));
        };
        if let Some(expected) = change.expect_revision
            && expected != session.head.revision
        {
            return Err(Error::StaleRevision {
                id: session.id,
                expected,
                actual: session.head.revision,
            });
        }
        let cache_version = inner.check_effect(&session.id, &change.effect, change.at)?;
        if let Some(head) = change.head {
            session.head = head;
        }
        if let Some(state) = change.state {
            session.state = state;
        }
        session.event_count += 1;
        session.updated_at = change.at;
        inner.apply_effect(&mut session, change.effect, cache_version, change.at);
        let record = event(&session, change.event, change.at);
        inner
            .events
            .entry(session.id.clone())
            .or_default()
            .push(record.clone());
        inner.sessions.insert(session.id.clone(), session);
        let applied = Applied {
            event: record,
            cache_version,
        };
        if let Some(activity) = change.activity {
            inner
                .activities
                .insert(activity.origin.clone(), (activity.result)(&applied));
        }
        Ok(applied)
    }

    async fn collect_garbage(
        &self,
        written_before: Millis,
        children: &Children,
    ) -> Result<Collected> {
        let mut inner = self.lock()?;
        let live_sessions: HashMap<&str, &SessionRecord> = inner
            .sessions
            .values()
            .filter(|s| s.state != super::SessionState::Archived)
            .map(|s| (s.id.as_str(), s))
            .collect();
        let mut roots: Vec<(String, bool)> = live_sessions
            .values()
            .map(|s| (s.head.root.clone(), true))
            .collect();
        roots.extend(
            inner
                .checkpoints
                .values()
                .filter(|c| live_sessions.contains_key(c.session_id.as_str()))
                .map(|c| (c.head.root.clone(), true)),
        );
        roots.extend(inner.commits.iter().map(|c| (c.root.clone(), true)));
        roots.extend(inner.sources.values().map(|s| (s.root.clone(), true)));
        roots.extend(
            inner
                .activities
                .values()
                .filter_map(|r| r.get("hash").and_then(Value::as_str))
                .map(|h| (h.to_owned(), false)),
        );
        let mut marker = super::Marker::new(roots, children);
        while let Some(tree) = marker.next_tree() {
            marker.visit(inner.objects.get(&tree).map(|(d, _)| d.as_slice()));
        }
        let marked = marker.marked();
        let doomed: Vec<String> = inner
            .objects
            .iter()
            .filter(|(h, (_, written))| !marked.contains(*h) && *written < written_before)
            .map(|(h, _)| h.clone())
            .collect();
        let mut collected = Collected {
            live: marked.len() as u64,
            ..Collected::default()
        };
        for hash in doomed {
            if let Some((data, _)) = inner.objects.remove(&hash) {
                collected.removed += 1;
                collected.removed_bytes += data.len() as u64;
            }
        }
        Ok(collected)
    }

    async fn add_knowledge(&self, entry: KnowledgeRecord) -> Result<()> {
        self.lock()?.knowledge.push(entry);
        Ok(())
    }

    async fn knowledge(
        &self,
        source: &str,
        tag: Option<&str>,
        text: Option<&str>,
        limit: usize,
    ) -> Result<Vec<KnowledgeRecord>> {
        let inner = self.lock()?;
        let mut found: Vec<KnowledgeRecord> = inner
            .knowledge
            .iter()
            .filter(|k| k.source == source && k.matches(tag, text))
            .cloned()
            .collect();
        found.sort_by(|a, b| (b.created_at, &b.id).cmp(&(a.created_at, &a.id)));
        found.truncate(limit);
        Ok(found)
    }

    async fn knowledge_entry(&self, id: &str) -> Result<Option<KnowledgeRecord>> {
        Ok(self.lock()?.knowledge.iter().find(|k| k.id == id).cloned())
    }

    async fn delete_knowledge(&self, id: &str) -> Result<bool> {
        let mut inner = self.lock()?;
        let before = inner.knowledge.len();
        inner.knowledge.retain(|k| k.id != id);
        Ok(inner.knowledge.len() < before)
    }

    async fn activity_result(&self, origin: &Origin) -> Result<Option<Value>> {
        Ok(self.lock()?.activities.get(origin).cloned())
    }

    async fn events(&self, session_id: &str, after: u64, limit: usize) -> Result<Vec<EventRecord>> {
        let inner = self.lock()?;
        Ok(inner
            .events
            .get(session_id)
            .map(|events| {
                events
                    .iter()
                    .filter(|e| e.seq > after)
                    .take(limit)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default())
    }

    async fn checkpoints(&self, session_id: &str) -> Result<Vec<CheckpointRecord>> {
        let inner = self.lock()?;
        let mut found: Vec<CheckpointRecord> = inner
            .checkpoints
            .values()
            .filter(|c| c.session_id == session_id)
            .cloned()
            .collect();
        found.sort_by(|a, b| {
            a.created_at
                .cmp(&b.created_at)
                .then(a.head.revision.cmp(&b.head.revision))
        });
        Ok(found)
    }

    async fn checkpoint(&self, id: &str) -> Result<Option<CheckpointRecord>> {
        Ok(self.lock()?.checkpoints.get(id).cloned())
    }

    async fn cache_get(
        &self,
        session_id: &str,
        key: &str,
        now: Millis,
    ) -> Result<Option<CacheEntry>> {
        Ok(self
            .lock()?
            .cache
            .get(&(session_id.to_owned(), key.to_owned()))
            .filter(|e| e.expires_at.is_none_or(|t| t > now))
            .cloned())
    }

    async fn annotations(&self, session_id: &str) -> Result<Vec<AnnotationRecord>> {
        Ok(self
            .lock()?
            .annotations
            .iter()
            .filter(|a| a.session_id == session_id)
            .cloned()
            .collect())
    }

    async fn source(&self, name: &str) -> Result<Option<SourceRecord>> {
        Ok(self.lock()?.sources.get(name).cloned())
    }

    async fn sources(&self) -> Result<Vec<SourceRecord>> {
        Ok(self.lock()?.sources.values().cloned().collect())
    }

    async fn commit(&self, id: &str) -> Result<Option<CommitRecord>> {
        Ok(self.lock()?.commits.iter().find(|c| c.id == id).cloned())
    }

    async fn commits(&self, source: &str) -> Result<Vec<CommitRecord>> {
        Ok(self
            .lock()?
            .commits
            .iter()
            .rev()
            .filter(|c| c.source == source)
            .cloned()
            .collect())
    }
}
