//! Reading the tree and the mutations of its paths.

use std::sync::Arc;

use aether_types::workspace::{
    BatchOp, EventKind, FileContent, Manifest, ManifestEntry, Mutation, Segment,
};
use serde_json::json;

use super::{Change, Op, Workspaces};
use crate::{
    Error, Result,
    limits::MAX_PATHS_PER_REQUEST,
    path::{WsPath, check_link_target},
    tree::{DEFAULT_FILE_MODE, EntryKind, SYMLINK_MODE},
};

/// The most operations one batch may carry.
pub const MAX_BATCH_OPS: usize = 100_000;

fn check_mode(mode: Option<u32>) -> Result<u32> {
    match mode {
        None => Ok(DEFAULT_FILE_MODE),
        Some(mode) if mode <= 0o777 => Ok(mode),
        Some(mode) => Err(Error::invalid(format!(
            "mode {mode:o} is not a permission mode (0 to 777 octal)"
        ))),
    }
}

/// Each path parsed, or the first that is not one; at least one.
fn parse_paths(paths: &[String]) -> Result<Vec<WsPath>> {
    if paths.is_empty() {
        return Err(Error::invalid("give at least one path"));
    }
    if paths.len() > MAX_PATHS_PER_REQUEST {
        return Err(Error::TooLarge(format!(
            "{} paths in one request; the limit is {MAX_PATHS_PER_REQUEST}",
            paths.len()
        )));
    }
    Ok(paths
        .iter()
        .map(|p| WsPath::parse_entry(p))
        .collect::<Result<Vec<_>, _>>()?)
}

/// The event detail of a change to several paths.
fn paths_detail(paths: &[WsPath]) -> serde_json::Value {
    json!({ "paths": paths.iter().map(ToString::to_string).collect::<Vec<_>>() })
}

impl Workspaces {
    /// Every path of the session's tree, or of one of its checkpoints (by id or name); the
    /// revision and root are then the checkpoint's.
    pub async fn manifest(&self, id: &str, checkpoint: Option<&str>) -> Result<Manifest> {
        let session = self.load(id).await?;
        let head = self.head_at(&session, checkpoint).await?;
        let entries = self
            .objects
            .walk(&head.root)
            .await?
            .into_iter()
            .map(|(path, entry)| ManifestEntry {
                path: path.to_string(),
                kind: entry.kind,
                size: entry.size,
                hash: entry.hash,
                mode: entry.mode,
            })
            .collect();
        Ok(Manifest {
            session_id: session.id,
            revision: head.revision,
            root: head.root,
            size_bytes: head.size_bytes,
            file_count: head.file_count,
            entries,
        })
    }

    /// A file's bytes from `offset`, at most `length` of them (all by default), in the session's
    /// tree or in one of its checkpoints' (by id or name).
    pub async fn read(
        &self,
        id: &str,
        path: &str,
        offset: u64,
        length: Option<u64>,
        checkpoint: Option<&str>,
    ) -> Result<FileContent> {
        let path = WsPath::parse_entry(path)?;
        let session = self.load(id).await?;
        let head = self.head_at(&session, checkpoint).await?;
        let entry = self
            .objects
            .lookup(&head.root, &path)
            .await?
            .ok_or_else(|| Error::NotFound(format!("{path} in session {id}")))?;
        if entry.kind == EntryKind::Dir {
            return Err(Error::IsADirectory(path.to_string()));
        }
        let content = self.objects.blob(&entry.hash).await?;
        let size = content.len() as u64;
        if offset > size {
            // Well formed: the file is shorter than the caller thought.
            return Err(Error::FailedPrecondition(format!(
                "offset {offset} is past the end of {path} ({size} bytes)"
            )));
        }
        let end = length.map_or(size, |l| offset.saturating_add(l).min(size));
        Ok(FileContent {
            path: path.to_string(),
            revision: head.revision,
            hash: entry.hash,
            mode: entry.mode,
            kind: entry.kind,
            size,
            offset,
            data: {
                // Cut in place: the blob is not copied a second time.
                let mut data = content;
                data.truncate(end as usize);
                data.drain(..offset as usize);
                data
            },
        })
    }

    pub async fn write(
        &self,
        change: &Change,
        path: &str,
        content: Vec<u8>,
        mode: Option<u32>,
    ) -> Result<Mutation> {
        let path = WsPath::parse_entry(path)?;
        let mode = check_mode(mode)?;
        self.check_file(&path, content.len() as u64)?;
        let (hash, content) = crate::tree::hash_content(content).await?;
        let detail = json!({
            "path": path.to_string(),
            "size": content.len(),
            "hash": hash,
        });
        let op = Op::Write {
            path,
            kind: EntryKind::File,
            content: Arc::new(content),
            mode,
        };
        self.mutate(change, EventKind::FileWritten, detail, &[op])
            .await
    }

    /// `mkdir -p` for each path.
    pub async fn mkdirs(&self, change: &Change, paths: &[String]) -> Result<Mutation> {
        let parsed = parse_paths(paths)?;
        let detail = paths_detail(&parsed);
        let ops: Vec<Op> = parsed.into_iter().map(Op::Mkdir).collect();
        self.mutate(change, EventKind::DirsCreated, detail, &ops)
            .await
    }

    pub async fn rename(&self, change: &Change, from: &str, to: &str) -> Result<Mutation> {
        let (from, to) = (WsPath::parse_entry(from)?, WsPath::parse_entry(to)?);
        let detail = json!({ "from": from.to_string(), "to": to.to_string() });
        let op = Op::Rename { from, to };
        self.mutate(change, EventKind::PathRenamed, detail, &[op])
            .await
    }

    /// Removes each path (directories with their contents).
    pub async fn delete(&self, change: &Change, paths: &[String]) -> Result<Mutation> {
        let parsed = parse_paths(paths)?;
        let detail = paths_detail(&parsed);
        let ops: Vec<Op> = parsed.into_iter().map(Op::Delete).collect();
        self.mutate(change, EventKind::PathsDeleted, detail, &ops)
            .await
    }

    /// Several operations as one change: all of them, or (after any error) none.
    pub async fn batch(&self, change: &Change, operations: Vec<BatchOp>) -> Result<Mutation> {
        if operations.is_empty() {
            return Err(Error::invalid("a batch needs at least one operation"));
        }
        if operations.len() > MAX_BATCH_OPS {
            return Err(Error::TooLarge(format!(
                "a batch holds at most {MAX_BATCH_OPS} operations"
            )));
        }
        let mut ops = Vec::with_capacity(operations.len());
        let mut summary = Vec::with_capacity(operations.len().min(100));
        for (index, operation) in operations.into_iter().enumerate() {
            let at = |e: Error| Error::invalid(format!("operation {index}: {e}"));
            let (op, described) = match operation {
                BatchOp::Write {
                    path,
                    content,
                    mode,
                } => {
                    let path = WsPath::parse_entry(&path).map_err(|e| at(e.into()))?;
                    let bytes = content.into_bytes();
                    let mode = check_mode(mode).map_err(at)?;
                    let described =
                        json!({ "op": "write", "path": path.to_string(), "size": bytes.len() });
                    let op = Op::Write {
                        path,
                        kind: EntryKind::File,
                        content: Arc::new(bytes),
                        mode,
                    };
                    (op, described)
                }
                BatchOp::Delete { path } => {
                    let path = WsPath::parse_entry(&path).map_err(|e| at(e.into()))?;
                    let described = json!({ "op": "delete", "path": path.to_string() });
                    (Op::Delete(path), described)
                }
                BatchOp::Mkdir { path } => {
                    let path = WsPath::parse_entry(&path).map_err(|e| at(e.into()))?;
                    let described = json!({ "op": "mkdir", "path": path.to_string() });
                    (Op::Mkdir(path), described)
                }
                BatchOp::Rename { from, to } => {
                    let from = WsPath::parse_entry(&from).map_err(|e| at(e.into()))?;
                    let to = WsPath::parse_entry(&to).map_err(|e| at(e.into()))?;
                    let described =
                        json!({ "op": "rename", "from": from.to_string(), "to": to.to_string() });
                    (Op::Rename { from, to }, described)
                }
                BatchOp::Symlink { path, target } => {
                    let path = WsPath::parse_entry(&path).map_err(|e| at(e.into()))?;
                    check_link_target(&path, &target).map_err(|e| at(e.into()))?;
                    let described = json!({ "op": "symlink", "path": path.to_string() });
                    let op = Op::Write {
                        path,
                        kind: EntryKind::Symlink,
                        content: Arc::new(target.into_bytes()),
                        mode: SYMLINK_MODE,
                    };
                    (op, described)
                }
                BatchOp::Chmod { path, mode } => {
                    let path = WsPath::parse_entry(&path).map_err(|e| at(e.into()))?;
                    let mode = check_mode(Some(mode)).map_err(at)?;
                    let described =
                        json!({ "op": "chmod", "path": path.to_string(), "mode": mode });
                    (Op::Chmod { path, mode }, described)
                }
            };
            // The event keeps a bounded summary; the tree itself is the full record.
            if summary.len() < 100 {
                summary.push(described);
            }
            ops.push(op);
        }
        let detail = json!({ "count": ops.len(), "ops": summary });
        self.mutate(change, EventKind::BatchApplied, detail, &ops)
            .await
    }

    /// Byte-range writes into one file (growing it with zeros where needed), after an optional
    /// truncation to `truncate` bytes.
    pub async fn patch_segments(
        &self,
        change: &Change,
        path: &str,
        segments: Vec<Segment>,
        truncate: Option<u64>,
    ) -> Result<Mutation> {
        let path = WsPath::parse_entry(path)?;
        if segments.is_empty() && truncate.is_none() {
            return Err(Error::invalid("give segments, truncate, or both"));
        }
        let decoded: Vec<(u64, Vec<u8>)> = segments
            .into_iter()
            .map(|s| (s.offset, s.content.into_bytes()))
            .collect();
        let detail = json!({
            "path": path.to_string(),
            "segments": decoded.iter().map(|(offset, bytes)| json!({ "offset": offset, "length": bytes.len() })).collect::<Vec<_>>(),
            "truncate": truncate,
        });
        let op = Op::Patch {
            path,
            segments: decoded,
            truncate,
        };
        self.mutate(change, EventKind::FilePatched, detail, &[op])
            .await
    }
}
