//! Keeping and moving work: checkpoints and restore, commits onto a source, three-way merges,
//! promotion to a source's baseline, and export.

use std::sync::Arc;

use aether_store::workspace::{CheckpointRecord, CommitRecord, Effect, Head, SessionRecord};
use aether_types::{
    now_millis,
    workspace::{Checkpoint, Commit, EventKind, Export, MergeOutcome, Mutation, Promotion, Source},
};
use serde_json::json;

use super::{Append, Change, Op, Workspaces};
use crate::{
    Error, Result,
    import::{self, Imported},
    merge,
    path::WsPath,
    records,
};

impl Workspaces {
    /// Records the current tree under a new checkpoint: one row, whatever the tree's size.
    pub async fn checkpoint(&self, change: &Change, name: Option<String>) -> Result<Checkpoint> {
        let session = self.load_active(&change.session_id).await?;
        if let Some(name) = &name
            && (name.is_empty() || name.chars().count() > 256)
        {
            return Err(Error::invalid("a checkpoint name is 1-256 characters"));
        }
        let record = CheckpointRecord {
            id: uuid::Uuid::now_v7().to_string(),
            session_id: session.id.clone(),
            name: name.clone(),
            head: session.head.clone(),
            created_at: now_millis(),
        };
        let detail = json!({ "checkpointId": record.id, "name": name, "root": record.head.root });
        // Pinned to the revision read, so the checkpoint is exactly the tree it names.
        let append = Append::event(EventKind::CheckpointCreated, &change.actor, detail)
            .expecting(Some(pinned(change, &session)))
            .with(Effect::Checkpoint(record.clone()))
            .returning_value(&records::checkpoint(record.clone()));
        self.record(&session, append).await?;
        Ok(records::checkpoint(record))
    }

    pub async fn checkpoints(&self, id: &str) -> Result<Vec<Checkpoint>> {
        self.load(id).await?;
        let found = self.store().checkpoints(id).await?;
        Ok(found.into_iter().map(records::checkpoint).collect())
    }

    /// The session's checkpoint `reference` names: its id, else its name (the newest checkpoint
    /// of that name, as a name can be given again). Another session's checkpoint is not found.
    pub(super) async fn checkpoint_of(
        &self,
        session: &SessionRecord,
        reference: &str,
    ) -> Result<CheckpointRecord> {
        if let Some(found) = self
            .store()
            .checkpoint(reference)
            .await?
            .filter(|c| c.session_id == session.id)
        {
            return Ok(found);
        }
        // Oldest first, so the last of a name is the newest.
        self.store()
            .checkpoints(&session.id)
            .await?
            .into_iter()
            .rfind(|c| c.name.as_deref() == Some(reference))
            .ok_or_else(|| {
                Error::NotFound(format!("checkpoint {reference} of session {}", session.id))
            })
    }

    /// The head a read looks at: the session's, or a checkpoint's.
    pub(super) async fn head_at(
        &self,
        session: &SessionRecord,
        checkpoint: Option<&str>,
    ) -> Result<Head> {
        match checkpoint {
            None => Ok(session.head.clone()),
            Some(reference) => Ok(self.checkpoint_of(session, reference).await?.head),
        }
    }

    /// Puts the session's tree back to a checkpoint's (by id or name), as a new revision.
    pub async fn restore(&self, change: &Change, checkpoint_id: &str) -> Result<Mutation> {
        let id = change.session_id.as_str();
        let session = self.load_active(id).await?;
        let checkpoint = self.checkpoint_of(&session, checkpoint_id).await?;
        let head = Head {
            revision: session.head.revision + 1,
            ..checkpoint.head.clone()
        };
        let detail = json!({
            "checkpointId": checkpoint.id,
            "checkpointRevision": checkpoint.head.revision,
            "root": checkpoint.head.root,
        });
        let append = Append::event(EventKind::SessionRestored, &change.actor, detail)
            .expecting(Some(pinned(change, &session)))
            .moving_to(head);
        self.record(&session, append).await
    }

    /// A durable record of the session's tree on its source (or on `source`, for a session that
    /// has none). Commits are results, not saves: use checkpoints for progress.
    pub async fn commit(
        &self,
        change: &Change,
        message: &str,
        author: &str,
        source: Option<String>,
    ) -> Result<Commit> {
        if message.trim().is_empty() || author.trim().is_empty() {
            return Err(Error::invalid("a commit needs a message and an author"));
        }
        let id = change.session_id.as_str();
        let session = self.load_active(id).await?;
        let source = source.or_else(|| session.source.clone()).ok_or_else(|| {
            Error::FailedPrecondition(format!(
                "session {id} has no source; pass one to commit onto"
            ))
        })?;
        check_source_name(&source)?;
        let record = CommitRecord {
            id: uuid::Uuid::now_v7().to_string(),
            source,
            session_id: Some(session.id.clone()),
            parent: session
                .last_commit
                .clone()
                .or_else(|| session.base_commit.clone()),
            root: session.head.root.clone(),
            size_bytes: session.head.size_bytes,
            file_count: session.head.file_count,
            message: message.to_owned(),
            author: author.to_owned(),
            created_at: now_millis(),
        };
        let detail = json!({
            "commitId": record.id,
            "source": record.source,
            "parent": record.parent,
            "message": record.message,
            "author": record.author,
            "root": record.root,
        });
        let append = Append::event(EventKind::SessionCommitted, &change.actor, detail)
            .expecting(Some(pinned(change, &session)))
            .with(Effect::Commit(record.clone()))
            .returning_value(&records::commit(record.clone()));
        self.record(&session, append).await?;
        Ok(records::commit(record))
    }

    /// Makes the session's tree the source's new baseline. The source must still be where the
    /// session started from (a fast-forward) unless `force`.
    pub async fn promote(
        &self,
        change: &Change,
        source: Option<String>,
        author: &str,
        force: bool,
    ) -> Result<Promotion> {
        let (id, actor) = (change.session_id.as_str(), &change.actor);
        let session = self.load_active(id).await?;
        let name = source.or_else(|| session.source.clone()).ok_or_else(|| {
            Error::FailedPrecondition(format!(
                "session {id} has no source; pass the source to promote to"
            ))
        })?;
        check_source_name(&name)?;
        let current = self.store().source(&name).await?;
        let current_head = current.as_ref().map(|s| s.head_commit.clone());
        if !force
            && let Some(head) = &current_head
            && session.source.as_deref() == Some(name.as_str())
            && session.base_commit.as_ref() != Some(head)
        {
            return Err(aether_store::workspace::Error::SourceMoved {
                source_name: name,
                expected: session
                    .base_commit
                    .clone()
                    .unwrap_or_else(|| "(none)".into()),
                actual: head.clone(),
            }
            .into());
        }
        let commit = CommitRecord {
            id: uuid::Uuid::now_v7().to_string(),
            source: name.clone(),
            session_id: Some(session.id.clone()),
            parent: current_head.clone(),
            root: session.head.root.clone(),
            size_bytes: session.head.size_bytes,
            file_count: session.head.file_count,
            message: format!("promote session {}", session.id),
            author: if author.trim().is_empty() {
                actor.clone().unwrap_or_else(|| "aether".into())
            } else {
                author.to_owned()
            },
            created_at: now_millis(),
        };
        let detail = json!({ "source": name, "commitId": commit.id, "previous": current_head });
        // The source as the promotion leaves it: what a workflow's activity returns.
        let promoted = Promotion {
            source: records::source(aether_store::workspace::SourceRecord {
                name: name.clone(),
                head_commit: commit.id.clone(),
                root: commit.root.clone(),
                size_bytes: commit.size_bytes,
                file_count: commit.file_count,
                created_at: current.as_ref().map_or(commit.created_at, |s| s.created_at),
                updated_at: commit.created_at,
            }),
            commit: records::commit(commit.clone()),
        };
        let append = Append::event(EventKind::SessionPromoted, actor, detail)
            .expecting(Some(pinned(change, &session)))
            .with(Effect::Promote {
                commit: commit.clone(),
                expect_head: current_head,
            })
            .returning_value(&promoted);
        self.record(&session, append).await?;
        let source =
            self.store().source(&name).await?.ok_or_else(|| {
                Error::Internal(format!("source {name} vanished after promotion"))
            })?;
        Ok(Promotion {
            source: records::source(source),
            commit: records::commit(commit),
        })
    }

    pub async fn sources(&self) -> Result<Vec<Source>> {
        Ok(self
            .store()
            .sources()
            .await?
            .into_iter()
            .map(records::source)
            .collect())
    }

    pub async fn source(&self, name: &str) -> Result<Source> {
        self.store()
            .source(name)
            .await?
            .map(records::source)
            .ok_or_else(|| Error::NotFound(format!("source {name}")))
    }

    pub async fn commits(&self, source: &str) -> Result<Vec<Commit>> {
        Ok(self
            .store()
            .commits(source)
            .await?
            .into_iter()
            .map(records::commit)
            .collect())
    }

    /// The tree both sessions descend from: where their lineages meet (the earlier of the two
    /// branch points), else the source commit they share, else none (a two-way merge).
    async fn ancestor(
        &self,
        ours: &SessionRecord,
        theirs: &SessionRecord,
    ) -> Result<Option<String>> {
        let chain = |start: &SessionRecord| {
            let start = start.clone();
            async move {
                let mut chain = vec![(
                    start.id.clone(),
                    start.head.revision,
                    start.head.root.clone(),
                )];
                let mut next = start.parent.clone();
                while let Some(lineage) = next {
                    if chain.iter().any(|(id, _, _)| *id == lineage.session_id) || chain.len() > 64
                    {
                        break;
                    }
                    chain.push((
                        lineage.session_id.clone(),
                        lineage.revision,
                        lineage.root.clone(),
                    ));
                    next = match self.store().session(&lineage.session_id).await? {
                        Some(parent) => parent.parent,
                        None => None,
                    };
                }
                Ok::<_, Error>(chain)
            }
        };
        let ours_chain = chain(ours).await?;
        let theirs_chain = chain(theirs).await?;
        for (id, their_revision, their_root) in &theirs_chain {
            if let Some((_, our_revision, our_root)) = ours_chain.iter().find(|(o, _, _)| o == id) {
                let root = if our_revision <= their_revision {
                    our_root
                } else {
                    their_root
                };
                return Ok(Some(root.clone()));
            }
        }
        if let (Some(a), Some(b)) = (&ours.base_commit, &theirs.base_commit)
            && a == b
            && let Some(commit) = self.store().commit(a).await?
        {
            return Ok(Some(commit.root));
        }
        Ok(None)
    }

    /// Merges another session's tree into this one (three-way). With conflicts, nothing changes
    /// and the error lists them.
    pub async fn merge(&self, change: &Change, from: &str) -> Result<MergeOutcome> {
        let (id, expect) = (change.session_id.as_str(), change.expected_revision);
        if id == from {
            return Err(Error::invalid("a session cannot be merged into itself"));
        }
        let ours = self.load_active(id).await?;
        let theirs = self.load(from).await?;
        if let Some(expected) = expect
            && expected != ours.head.revision
        {
            return Err(aether_store::workspace::Error::StaleRevision {
                id: ours.id,
                expected,
                actual: ours.head.revision,
            }
            .into());
        }
        let ancestor = self.ancestor(&ours, &theirs).await?;
        let permit = self.heavy().await?;
        let plan = merge::plan(
            &self.objects,
            ancestor.as_deref(),
            &ours.head.root,
            &theirs.head.root,
        )
        .await?;
        drop(permit);
        if !plan.conflicts.is_empty() {
            return Err(Error::MergeConflict(plan.conflicts));
        }
        let mut changed: Vec<String> = Vec::new();
        let mut ops = Vec::new();
        // A deletion inside a directory that is itself deleted is already done by that one.
        let deleted: std::collections::BTreeSet<&WsPath> = plan.deletes.iter().collect();
        for path in &plan.deletes {
            if !path.ancestors().any(|a| deleted.contains(&a)) {
                changed.push(path.to_string());
                ops.push(Op::Delete(path.clone()));
            }
        }
        for path in &plan.mkdirs {
            changed.push(path.to_string());
            ops.push(Op::Mkdir(path.clone()));
        }
        for (path, kind, content, mode) in plan.writes {
            changed.push(path.to_string());
            ops.push(Op::Write {
                path,
                kind,
                content: Arc::new(content),
                mode,
            });
        }
        let detail = json!({
            "from": from,
            "fromRevision": theirs.head.revision,
            "ancestor": ancestor,
            "changed": changed,
            "combined": plan.combined,
        });
        // Pinned to the revision the plan was made against.
        let pinned = Change {
            expected_revision: Some(ours.head.revision),
            ..change.clone()
        };
        let outcome_of = {
            let (ancestor, changed, combined) = (ancestor.clone(), changed.clone(), plan.combined);
            move |mutation: Mutation| MergeOutcome {
                mutation,
                ancestor: ancestor.clone(),
                changed: changed.clone(),
                combined: combined.clone(),
            }
        };
        let returned = outcome_of.clone();
        let mutation = self
            .mutate_for(
                &pinned,
                EventKind::SessionMerged,
                detail,
                &ops,
                Some(Arc::new(move |m| {
                    serde_json::to_value(returned(m)).unwrap_or_default()
                })),
            )
            .await?;
        Ok(outcome_of(mutation))
    }

    /// The session's tree as a tar.gz archive, whole: for a transport that sends it in one
    /// message, so it is refused once it grows past `max_request_bytes` (the message limit).
    pub async fn export(&self, id: &str) -> Result<Export> {
        let limit = usize::try_from(self.limits.max_request_bytes).unwrap_or(usize::MAX);
        let mut stream = self.export_stream(id).await?;
        let mut archive = Vec::new();
        while let Some(chunk) = stream.chunks.recv().await {
            let chunk = chunk.map_err(|e| Error::Internal(format!("export: {e}")))?;
            if archive.len() + chunk.len() > limit {
                return Err(Error::TooLarge(format!(
                    "the session's archive is over {limit} bytes, the largest message; export it over HTTP"
                )));
            }
            archive.extend_from_slice(&chunk);
        }
        Ok(Export {
            revision: stream.revision,
            tar_gz: archive,
        })
    }

    /// The session's tree as a tar.gz archive, produced while it is sent: one file's content is
    /// in memory at a time, and a reader that stops reading stops the export (the channel is
    /// small). Counts as heavy work while it runs.
    pub async fn export_stream(&self, id: &str) -> Result<ExportStream> {
        let permit = self.heavy().await?;
        let session = self.load(id).await?;
        let listing = self.objects.walk(&session.head.root).await?;
        let (sender, chunks) = tokio::sync::mpsc::channel(4);
        let objects = self.objects.clone();
        let runtime = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let entries = listing.into_iter().map(|(path, entry)| {
                let content = match entry.kind {
                    crate::tree::EntryKind::Dir => Vec::new(),
                    _ => runtime.block_on(objects.blob(&entry.hash))?,
                };
                Ok(Imported {
                    path,
                    kind: entry.kind,
                    mode: entry.mode,
                    content,
                })
            });
            let out = ChunkWriter {
                sender: sender.clone(),
                buffer: Vec::with_capacity(CHUNK_BYTES),
            };
            let failed = match import::write_tar_gz_to(out, entries) {
                Ok(mut out) => out.send().err(),
                Err(e) => Some(std::io::Error::other(e.to_string())),
            };
            if let Some(e) = failed
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                tracing::warn!(error = %e, "export failed");
                let _ = sender.blocking_send(Err(e));
            }
        });
        Ok(ExportStream {
            revision: session.head.revision,
            chunks,
        })
    }
}

/// Bytes of archive sent at once.
const CHUNK_BYTES: usize = 64 << 10;

/// An export in progress: the revision it is of, and the archive's bytes as they are made. An
/// `Err` chunk means the archive is incomplete.
pub struct ExportStream {
    pub revision: u64,
    pub chunks: tokio::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>,
}

/// Writes into a bounded channel in chunks, blocking (on its blocking thread) while the reader
/// is behind; a reader that went away is a broken pipe, which ends the export.
struct ChunkWriter {
    sender: tokio::sync::mpsc::Sender<std::io::Result<Vec<u8>>>,
    buffer: Vec<u8>,
}

impl ChunkWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK_BYTES));
        self.sender
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }
}

impl std::io::Write for ChunkWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The revision a change that does not touch the tree is pinned to: the caller's, else the one
/// just read, so that it names exactly the tree it was computed from.
fn pinned(change: &Change, session: &SessionRecord) -> u64 {
    change.expected_revision.unwrap_or(session.head.revision)
}

pub(super) fn check_source_name(name: &str) -> Result<()> {
    WsPath::parse_entry(name).map(|_| ()).map_err(|_| {
        Error::invalid(format!(
            "invalid source name {name:?}: a relative name like team/app"
        ))
    })
}
