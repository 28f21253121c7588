//! The workspace service: every operation of the API, transport-free. The server's HTTP routes
//! and gRPC methods call these and only translate.
//!
//! A change to a session's tree is computed against the revision it read, its new objects are
//! stored, and then one store transaction moves the head if the revision is still the same and
//! appends the event. So a stale request, an invalid operation or a limit changes nothing that a
//! reader can see; at worst it leaves unreferenced objects.

mod coordinate;
mod files;
mod persist;
mod sessions;

use std::{path::PathBuf, sync::Arc};

use aether_store::workspace::{
    Effect, Head, NewEvent, SessionChange, SessionRecord, SessionState, WorkspaceStore,
};
use aether_types::now_millis;
use serde_json::Value;

use crate::{
    Error, Result,
    bus::Bus,
    import::{ImportLimits, Imported},
    model::Mutation,
    path::WsPath,
    tree::{Built, Editor, EntryKind, Objects},
};

/// Attempts at a change whose caller did not pin a revision, when other writers keep winning.
const MAX_ATTEMPTS: usize = 8;

/// Bounds from the `[workspaces]` configuration.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_session_bytes: u64,
    pub max_files: u64,
    /// Directories under which git repositories may be imported; empty allows any.
    pub import_roots: Vec<PathBuf>,
}

impl Limits {
    fn import(&self) -> ImportLimits {
        ImportLimits {
            max_file_bytes: self.max_file_bytes,
            max_total_bytes: self.max_session_bytes,
            max_files: self.max_files,
        }
    }
}

/// Who is acting, for the event log.
pub type Actor = Option<String>;

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
    Patch {
        path: WsPath,
        segments: Vec<(u64, Vec<u8>)>,
        truncate: Option<u64>,
    },
}

#[derive(Clone)]
pub struct Workspaces {
    objects: Objects,
    limits: Arc<Limits>,
    bus: Bus,
}

impl Workspaces {
    pub fn new(store: Arc<dyn WorkspaceStore>, limits: Limits) -> Self {
        Self {
            objects: Objects::new(store),
            limits: Arc::new(limits),
            bus: Bus::default(),
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
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
                    return Err(Error::invalid(format!("{path} is not a file")));
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

    /// Applies `ops` to the session's tree as one change. With `expect`, the session must be at
    /// that revision; without, the change is recomputed if another writer gets in first.
    async fn mutate(
        &self,
        id: &str,
        expect: Option<u64>,
        actor: &Actor,
        kind: &str,
        detail: Value,
        ops: &[Op],
    ) -> Result<Mutation> {
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
            match self
                .advance(&session, Some(base), built, actor, kind, detail.clone())
                .await
            {
                Err(Error::Store(aether_store::workspace::Error::StaleRevision { .. }))
                    if expect.is_none() && attempt < MAX_ATTEMPTS => {}
                other => return other,
            }
        }
    }

    /// Stores a new tree's objects and moves the session to it.
    async fn advance(
        &self,
        session: &SessionRecord,
        expect: Option<u64>,
        built: Built,
        actor: &Actor,
        kind: &str,
        detail: Value,
    ) -> Result<Mutation> {
        self.objects.put(built.objects).await?;
        let head = Head {
            root: built.root,
            revision: session.head.revision + 1,
            size_bytes: built.size_bytes,
            file_count: built.file_count,
        };
        self.record(
            session,
            expect,
            Some(head),
            None,
            actor,
            kind,
            detail,
            Effect::None,
        )
        .await
    }

    /// Appends an event (with an optional new head, state and effect) in one transaction.
    #[allow(clippy::too_many_arguments)]
    async fn record(
        &self,
        session: &SessionRecord,
        expect: Option<u64>,
        head: Option<Head>,
        state: Option<SessionState>,
        actor: &Actor,
        kind: &str,
        detail: Value,
        effect: Effect,
    ) -> Result<Mutation> {
        let applied = self
            .store()
            .apply(SessionChange {
                session_id: session.id.clone(),
                expect_revision: expect,
                head: head.clone(),
                state,
                event: NewEvent {
                    kind: kind.to_owned(),
                    actor: actor.clone(),
                    detail,
                },
                effect,
                at: now_millis(),
            })
            .await?;
        Ok(Mutation {
            session_id: session.id.clone(),
            revision: applied.event.revision,
            root: head.map_or_else(|| session.head.root.clone(), |h| h.root),
            event_seq: applied.event.seq,
        })
    }
}
