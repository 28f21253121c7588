//! The workspace service: every operation of the API, transport-free. The server's HTTP routes
//! and gRPC methods call these and only translate; the policy (defaults, caps, limits) is here.
//!
//! A change to a session's tree is computed against the revision it read, its new objects are
//! stored, and then one store transaction moves the head if the revision is still the same and
//! appends the event. So a stale request, an invalid operation or a limit changes nothing that a
//! reader can see; at worst it leaves unreferenced objects.

mod activity;
mod coordinate;
mod diff;
mod files;
mod knowledge;
mod persist;
mod sessions;

pub use persist::ExportStream;

use std::{
    collections::HashMap,
    sync::{Arc, Weak},
};

use aether_store::workspace::{
    Applied, Effect, Head, NewEvent, SessionChange, SessionRecord, SessionState, WorkspaceStore,
};
use aether_types::{
    Millis,
    config::WorkspacesConfig,
    now_millis,
    workspace::{EventKind, Mutation},
};
use serde::Serialize;
use serde_json::Value;

use crate::{
    Error, Result,
    bus::Bus,
    import::{ImportLimits, Imported},
    path::WsPath,
    tree::{Built, Editor, EntryKind, Objects},
};

/// Attempts at a change whose caller did not pin a revision, when other writers keep winning.
const MAX_ATTEMPTS: usize = 8;

/// Who is acting, for the event log.
pub type Actor = Option<String>;

/// Who changes which session, from which revision: the envelope every revisioned change
/// (the tree, checkpoints, commits, merges, promotion, archiving) arrives in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub session_id: String,
    /// The revision the caller read; a session elsewhere refuses the change (`stale_revision`).
    /// `None`: whatever the revision is when the change lands.
    pub expected_revision: Option<u64>,
    pub actor: Actor,
}

impl Change {
    pub fn new(
        session_id: impl Into<String>,
        expected_revision: Option<u64>,
        actor: Actor,
    ) -> Self {
        Self {
            session_id: session_id.into(),
            expected_revision,
            actor,
        }
    }
}

/// What one store transaction appends to a session: an event, and with it optionally a new head,
/// a new state and an effect, checked against a revision.
/// How a workflow activity's result is computed from what the store did (see
/// `activity::record`).
type Returning = Arc<dyn Fn(&Applied) -> Value + Send + Sync>;

struct Append<'a> {
    kind: EventKind,
    actor: &'a Actor,
    detail: Value,
    /// What the change returns, when a workflow's activity makes it.
    returning: Option<Returning>,
    /// For a tree change whose operation returns more than the [`Mutation`] (a merge): that
    /// result, from the mutation.
    outcome: Option<Arc<dyn Fn(Mutation) -> Value + Send + Sync>>,
    /// The revision the session must still be at.
    expect: Option<u64>,
    head: Option<Head>,
    state: Option<SessionState>,
    effect: Effect,
}

impl<'a> Append<'a> {
    fn event(kind: EventKind, actor: &'a Actor, detail: Value) -> Self {
        Self {
            kind,
            actor,
            detail,
            returning: None,
            outcome: None,
            expect: None,
            head: None,
            state: None,
            effect: Effect::None,
        }
    }

    /// The operation's result, known before the change is applied.
    fn returning_value(self, result: &impl Serialize) -> Self {
        let value = serde_json::to_value(result).unwrap_or(Value::Null);
        self.returning(move |_| value.clone())
    }

    /// The operation's result, from what the store did.
    fn returning(mut self, f: impl Fn(&Applied) -> Value + Send + Sync + 'static) -> Self {
        self.returning = Some(Arc::new(f));
        self
    }

    fn expecting(mut self, revision: Option<u64>) -> Self {
        self.expect = revision;
        self
    }

    fn moving_to(mut self, head: Head) -> Self {
        self.head = Some(head);
        self
    }

    fn entering(mut self, state: SessionState) -> Self {
        self.state = Some(state);
        self
    }

    fn with(mut self, effect: Effect) -> Self {
        self.effect = effect;
        self
    }
}

/// One change to a tree; every mutating route is a list of these.
#[derive(Debug, Clone)]
pub enum Op {
    Write {
        path: WsPath,
        kind: EntryKind,
        content: Arc<Vec<u8>>,
        mode: u32,
    },
    Mkdir(WsPath),
    Delete(WsPath),
    Rename {
        from: WsPath,
        to: WsPath,
    },
    /// The permission bits of a file or directory.
    Chmod {
        path: WsPath,
        mode: u32,
    },
    Patch {
        path: WsPath,
        segments: Vec<(u64, Vec<u8>)>,
        truncate: Option<u64>,
    },
}

#[derive(Clone)]
pub struct Workspaces {
    objects: Objects,
    limits: Arc<WorkspacesConfig>,
    bus: Bus,
    writers: SessionLocks,
    /// Permits for heavy work (imports, exports, merges), one per core: more of it at once
    /// only multiplies the memory held and takes threads from everything else.
    heavy: Arc<tokio::sync::Semaphore>,
}

/// One lock per session with a change in progress on this node. Changes to one session queue
/// here instead of racing to the database and retrying; the revision check still guards against
/// other nodes.
#[derive(Clone, Default)]
struct SessionLocks {
    locks: Arc<std::sync::Mutex<HashMap<String, Weak<tokio::sync::Mutex<()>>>>>,
}

impl SessionLocks {
    async fn lock(&self, id: &str) -> tokio::sync::OwnedMutexGuard<()> {
        let lock = {
            let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
            locks.retain(|_, weak| weak.strong_count() > 0);
            match locks.get(id).and_then(Weak::upgrade) {
                Some(lock) => lock,
                None => {
                    let lock = Arc::new(tokio::sync::Mutex::new(()));
                    locks.insert(id.to_owned(), Arc::downgrade(&lock));
                    lock
                }
            }
        };
        lock.lock_owned().await
    }
}

impl Workspaces {
    /// The service over `store`, within the `[workspaces]` limits.
    ///
    /// On a store other nodes share, it relays their bus messages to this node's subscribers
    /// from a task of its own (so it must be made within a tokio runtime).
    pub fn new(store: Arc<dyn WorkspaceStore>, limits: &WorkspacesConfig) -> Self {
        let bus = Bus::default();
        if let Some(published) = store.published_elsewhere() {
            tokio::spawn(coordinate::relay_from_elsewhere(
                bus.clone(),
                Arc::downgrade(&store),
                published,
            ));
        }
        Self {
            objects: Objects::new(store),
            limits: Arc::new(limits.clone()),
            bus,
            writers: SessionLocks::default(),
            heavy: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get().max(2)),
            )),
        }
    }

    /// A permit for heavy work; waits while as many heavy operations as there are cores run.
    async fn heavy(&self) -> Result<tokio::sync::OwnedSemaphorePermit> {
        self.heavy
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Error::Internal("the workspace service is stopping".into()))
    }

    fn import_limits(&self) -> ImportLimits {
        ImportLimits {
            max_file_bytes: self.limits.max_file_bytes,
            max_total_bytes: self.limits.max_session_bytes,
            max_files: self.limits.max_files,
        }
    }

    fn store(&self) -> &Arc<dyn WorkspaceStore> {
        self.objects.store()
    }

    async fn load(&self, id: &str) -> Result<SessionRecord> {
        self.store()
            .session(id)
            .await?
            .ok_or_else(|| Error::NotFound(format!("session {id}")))
    }

    async fn load_active(&self, id: &str) -> Result<SessionRecord> {
        let session = self.load(id).await?;
        if session.state == SessionState::Archived {
            return Err(Error::Archived(session.id));
        }
        Ok(session)
    }

    fn check_size(&self, built: &Built) -> Result<()> {
        if built.size_bytes > self.limits.max_session_bytes {
            return Err(Error::TooLarge(format!(
                "the session would hold {} bytes; the limit is {}",
                built.size_bytes, self.limits.max_session_bytes
            )));
        }
        if built.file_count > self.limits.max_files {
            return Err(Error::TooLarge(format!(
                "the session would hold {} files; the limit is {}",
                built.file_count, self.limits.max_files
            )));
        }
        Ok(())
    }

    fn check_file(&self, path: &WsPath, size: u64) -> Result<()> {
        if size > self.limits.max_file_bytes {
            return Err(Error::TooLarge(format!(
                "{path} would be {size} bytes; the limit per file is {}",
                self.limits.max_file_bytes
            )));
        }
        Ok(())
    }

    async fn apply_op(&self, editor: &mut Editor, op: &Op) -> Result<()> {
        match op {
            Op::Write {
                path,
                kind,
                content,
                mode,
            } => {
                self.check_file(path, content.len() as u64)?;
                editor
                    .write(path, *kind, content.as_ref().clone(), *mode)
                    .await
            }
            Op::Mkdir(path) => editor.mkdir(path).await,
            Op::Delete(path) => editor.delete(path).await,
            Op::Rename { from, to } => editor.rename(from, to).await,
            Op::Chmod { path, mode } => editor.chmod(path, *mode).await,
            Op::Patch {
                path,
                segments,
                truncate,
            } => {
                let entry = editor
                    .get(path)
                    .await?
                    .ok_or_else(|| Error::NotFound(path.to_string()))?;
                if entry.kind != EntryKind::File {
                    return Err(Error::FailedPrecondition(format!("{path} is not a file")));
                }
                let mut content = self.objects.blob(&entry.hash).await?;
                if let Some(length) = truncate {
                    self.check_file(path, *length)?;
                    content.resize(usize::try_from(*length).unwrap_or(usize::MAX), 0);
                }
                for (offset, bytes) in segments {
                    let end = offset.saturating_add(bytes.len() as u64);
                    self.check_file(path, end)?;
                    let (start, end) = (*offset as usize, end as usize);
                    if content.len() < end {
                        content.resize(end, 0);
                    }
                    content[start..end].copy_from_slice(bytes);
                }
                editor
                    .write(path, EntryKind::File, content, entry.mode)
                    .await
            }
        }
    }

    /// Builds a tree from imported entries.
    async fn build(&self, entries: Vec<Imported>) -> Result<Built> {
        let mut editor = Editor::empty(self.objects.clone());
        for entry in entries {
            match entry.kind {
                EntryKind::Dir => editor.mkdir(&entry.path).await?,
                kind => {
                    editor
                        .write(&entry.path, kind, entry.content, entry.mode)
                        .await?
                }
            }
        }
        let built = editor.finish()?;
        self.check_size(&built)?;
        Ok(built)
    }

    /// Applies `ops` to the session's tree as one change. With an expected revision, the
    /// session must be at it; without, the change is recomputed if another writer gets in first.
    async fn mutate(
        &self,
        change: &Change,
        kind: EventKind,
        detail: Value,
        ops: &[Op],
    ) -> Result<Mutation> {
        self.mutate_for(change, kind, detail, ops, None).await
    }

    /// [`Workspaces::mutate`] for an operation whose result is `outcome` of the mutation.
    async fn mutate_for(
        &self,
        change: &Change,
        kind: EventKind,
        detail: Value,
        ops: &[Op],
        outcome: Option<Arc<dyn Fn(Mutation) -> Value + Send + Sync>>,
    ) -> Result<Mutation> {
        let (id, expect) = (change.session_id.as_str(), change.expected_revision);
        let _writer = self.writers.lock(id).await;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let session = self.load_active(id).await?;
            let base = session.head.revision;
            if let Some(expected) = expect
                && expected != base
            {
                return Err(aether_store::workspace::Error::StaleRevision {
                    id: session.id,
                    expected,
                    actual: base,
                }
                .into());
            }
            let mut editor = Editor::open(self.objects.clone(), &session.head.root).await?;
            for op in ops {
                self.apply_op(&mut editor, op).await?;
            }
            let built = editor.finish()?;
            self.check_size(&built)?;
            let mut append =
                Append::event(kind, &change.actor, detail.clone()).expecting(Some(base));
            append.outcome = outcome.clone();
            match self.advance(&session, built, append).await {
                Err(Error::Store(aether_store::workspace::Error::StaleRevision { .. }))
                    if expect.is_none() && attempt < MAX_ATTEMPTS =>
                {
                    // Another node won; give it a moment before recomputing.
                    tokio::time::sleep(std::time::Duration::from_millis(5 * attempt as u64)).await;
                }
                other => return other,
            }
        }
    }

    /// Stores a new tree's objects and moves the session to it.
    async fn advance(
        &self,
        session: &SessionRecord,
        built: Built,
        append: Append<'_>,
    ) -> Result<Mutation> {
        self.objects.put(built.objects).await?;
        let head = Head {
            root: built.root,
            revision: session.head.revision + 1,
            size_bytes: built.size_bytes,
            file_count: built.file_count,
        };
        self.record(session, append.moving_to(head)).await
    }

    /// Appends to the session in one transaction; the result names the session's new state.
    async fn record(&self, session: &SessionRecord, append: Append<'_>) -> Result<Mutation> {
        let root = append
            .head
            .as_ref()
            .map_or_else(|| session.head.root.clone(), |h| h.root.clone());
        let session_id = session.id.clone();
        let mutation = move |applied: &Applied| Mutation {
            session_id: session_id.clone(),
            revision: applied.event.revision,
            root: root.clone(),
            event_seq: applied.event.seq,
        };
        let append = match (&append.returning, append.outcome.clone()) {
            (Some(_), _) => append,
            (None, outcome) => {
                let mutation = mutation.clone();
                append.returning(move |applied| match &outcome {
                    Some(outcome) => outcome(mutation(applied)),
                    None => serde_json::to_value(mutation(applied)).unwrap_or(Value::Null),
                })
            }
        };
        let applied = self.apply(session, append, now_millis()).await?;
        Ok(mutation(&applied))
    }

    async fn apply(
        &self,
        session: &SessionRecord,
        append: Append<'_>,
        at: Millis,
    ) -> Result<Applied> {
        let kind = append.kind.as_str();
        let change = SessionChange {
            session_id: session.id.clone(),
            expect_revision: append.expect,
            head: append.head,
            state: append.state,
            event: NewEvent {
                kind: kind.to_owned(),
                actor: append.actor.clone(),
                detail: activity::mark(append.detail),
            },
            effect: append.effect,
            at,
            activity: activity::current(append.returning),
        };
        let applied = self.store().apply(change).await?;
        activity::used();
        changed(kind);
        Ok(applied)
    }
}

/// Counts a change committed to a session, by its event kind (`aether_workspace_changes_total`
/// through the `metrics` facade; nothing unless the server installed a recorder). Reads are
/// counted by the API layers, per route.
fn changed(kind: impl Into<metrics::SharedString>) {
    metrics::counter!(aether_types::metrics::WORKSPACE_CHANGES, "kind" => kind).increment(1);
}
