//! The one task that talks to the server for a mount: it sends the queued changes as
//! revision-checked batches, settles conflicts with changes made elsewhere, and brings those
//! changes into the mount.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use backoff::backoff::Backoff;
use tokio_util::sync::CancellationToken;

use super::pending::{Base, Op, conflicting};
use super::remote::{retry_policy, transient};
use super::tree::{Changed, Ino};
use super::{MountConflict, Shared, State};
use crate::Error;
use crate::workspace::{BatchOp, Reason};

/// Closes that come together (a build writing many files) go as one batch.
const BATCH_WINDOW: Duration = Duration::from_millis(20);
/// Bytes of file content in one batch, well under the message bound.
const BATCH_BYTES: usize = 32 << 20;

pub async fn run(shared: Arc<Shared>, stop: CancellationToken) {
    let mut policy = retry_policy(None);
    let follows_head = shared.options.checkpoint.is_none();
    loop {
        if shared.lock().log.is_empty() {
            tokio::select! {
                _ = shared.wake.notified() => tokio::time::sleep(BATCH_WINDOW).await,
                _ = tokio::time::sleep(shared.options.refresh), if follows_head => {}
                _ = stop.cancelled() => return,
            }
        }
        let mut outcome = send(&shared).await;
        if outcome.is_ok() && follows_head {
            outcome = refresh(&shared).await;
        }
        match outcome {
            Ok(()) => policy.reset(),
            Err(err) => {
                let wait = policy.next_backoff().unwrap_or(Duration::from_secs(2));
                if transient(&err) {
                    tracing::warn!(error = %err, retry_in = ?wait, "the server cannot be reached; the mount's changes stay queued");
                } else {
                    tracing::error!(error = %err, retry_in = ?wait, "the mount cannot sync with the server");
                }
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stop.cancelled() => return,
                }
            }
        }
    }
}

/// One operation ready to go: what the server gets, and what the mount learns once it has it.
struct Prepared {
    seq: u64,
    op: Op,
    batch: BatchOp,
    /// A written node, the generation of the bytes sent, and their hash.
    written: Option<(Ino, u64, String)>,
    bytes: usize,
}

/// Sends the queued changes, oldest first, until none is left (or one cannot be sent).
async fn send(shared: &Shared) -> Result<(), Error> {
    loop {
        let (chunk, expected) = {
            let mut st = shared.lock();
            let ops = st.log.take();
            if ops.is_empty() {
                return Ok(());
            }
            let mut chunk = Vec::new();
            let mut bytes = 0;
            let mut rest = ops.into_iter();
            for (seq, op) in rest.by_ref() {
                let prepared = prepare(shared, &st, seq, op);
                bytes += prepared.bytes;
                chunk.push(prepared);
                if bytes >= BATCH_BYTES {
                    break;
                }
            }
            st.log.restore(rest.collect());
            (chunk, st.revision)
        };
        let ops = chunk.iter().map(|p| p.batch.clone()).collect();
        match shared.remote.batch(ops, expected).await {
            Ok(mutation) => settle(shared, chunk, mutation.revision),
            Err(err) if err.reason() == Some(Reason::StaleRevision) => {
                unsend(shared, chunk);
                rebase(shared).await?;
            }
            Err(err) if transient(&err) => {
                unsend(shared, chunk);
                return Err(err);
            }
            Err(err) => one_by_one(shared, chunk, err).await?,
        }
    }
}

fn unsend(shared: &Shared, chunk: Vec<Prepared>) {
    shared
        .lock()
        .log
        .restore(chunk.into_iter().map(|p| (p.seq, p.op)).collect());
}

/// The bytes of a written node as they are now: its staging file while it differs from what
/// the server has, else its blob.
fn bytes_of(shared: &Shared, st: &State, ino: Ino) -> (Vec<u8>, u32, u64) {
    let node = st.tree.get(ino).or_else(|| st.graveyard.get(&ino));
    let Some(node) = node else {
        return (Vec::new(), 0o644, 0);
    };
    let bytes = match (&node.hash, node.dirty) {
        (_, true) => shared.cache.read_staging(ino),
        (Some(hash), false) => shared.cache.read_blob(hash),
        (None, false) => Ok(Vec::new()),
    };
    let bytes = bytes.unwrap_or_else(|e| {
        tracing::error!(ino, error = %e, "cannot read a written file's local bytes");
        Vec::new()
    });
    (bytes, node.mode, node.generation)
}

fn prepare(shared: &Shared, st: &State, seq: u64, op: Op) -> Prepared {
    let (batch, written, bytes) = match &op {
        Op::Write { ino, path } => {
            let (content, mode, generation) = bytes_of(shared, st, *ino);
            let hash = super::cache::sha256_hex(&content);
            let len = content.len();
            let write = BatchOp::Write {
                path: path.clone(),
                content: content.into(),
                mode: Some(mode),
            };
            (write, Some((*ino, generation, hash)), len)
        }
        Op::Symlink { path, target } => (
            BatchOp::symlink(path.clone(), target.clone()),
            None,
            target.len(),
        ),
        Op::Mkdir(path) => (BatchOp::mkdir(path.clone()), None, 0),
        Op::Delete(path) => (BatchOp::delete(path.clone()), None, 0),
        Op::Rename { from, to } => (BatchOp::rename(from.clone(), to.clone()), None, 0),
        Op::Chmod { path, mode } => (BatchOp::chmod(path.clone(), *mode), None, 0),
    };
    Prepared {
        seq,
        op,
        batch,
        written,
        bytes,
    }
}

/// The server took the chunk: the base follows it, sent files are clean (unless written again
/// since), and callers waiting for these changes go on.
fn settle(shared: &Shared, chunk: Vec<Prepared>, revision: u64) {
    let mut st = shared.lock();
    st.revision = revision;
    let mut last = 0;
    for prepared in chunk {
        last = last.max(prepared.seq);
        let hash = prepared.written.as_ref().map(|(_, _, hash)| hash.as_str());
        st.base.apply(&prepared.batch, hash);
        let Some((ino, generation, hash)) = prepared.written else {
            continue;
        };
        if let Some(node) = st.tree.get_mut(ino) {
            // Changes to the bytes hold the same lock, so an equal generation means the staging
            // file still holds exactly what was sent.
            if node.dirty && node.generation == generation {
                match shared.cache.settle_staging(ino, &hash) {
                    Ok(()) => {
                        node.dirty = false;
                        node.hash = Some(hash.clone());
                        st.backing.remove(&ino);
                    }
                    Err(e) => {
                        tracing::warn!(ino, error = %e, "cannot keep a sent file in the cache; it stays staged");
                    }
                }
            }
        } else if !st.log.touches(ino) && st.graveyard.remove(&ino).is_some() {
            shared.cache.drop_staging(ino);
        }
    }
    drop(st);
    shared.settled.send_modify(|s| *s = (*s).max(last));
}

/// Someone else changed the session since the mount last saw it. Queued changes to paths they
/// did not touch go on top of theirs; a change to a path they touched keeps their version at the
/// path and the local one beside it.
async fn rebase(shared: &Shared) -> Result<(), Error> {
    let manifest = shared.remote.manifest().await?;
    let theirs = Base::from_entries(&manifest.entries);
    let mut st = shared.lock();
    let changed = st.base.changed_since(&theirs);
    let ops = st.log.take();
    let clashes: HashSet<String> = conflicting(ops.iter().flat_map(|(_, op)| op.paths()), &changed)
        .into_iter()
        .collect();
    let aside = |path: &str| format!("{path}.conflict-{}", manifest.revision);
    let mut kept = Vec::with_capacity(ops.len());
    for (seq, op) in ops {
        let op = match op {
            Op::Write { ino, path } if clashes.contains(&path) => {
                note_conflict(&mut st, Some(ino), &path, Some(aside(&path)));
                Op::Write {
                    ino,
                    path: aside(&path),
                }
            }
            Op::Symlink { path, target } if clashes.contains(&path) => {
                note_conflict(&mut st, None, &path, Some(aside(&path)));
                Op::Symlink {
                    path: aside(&path),
                    target,
                }
            }
            Op::Rename { from, to } if clashes.contains(&to) && !clashes.contains(&from) => {
                let ino = st.tree.resolve(&to);
                note_conflict(&mut st, ino, &to, Some(aside(&to)));
                Op::Rename {
                    from,
                    to: aside(&to),
                }
            }
            Op::Mkdir(path) => Op::Mkdir(path),
            op if op.paths().iter().any(|p| clashes.contains(*p)) => {
                let path = op.paths()[0].to_owned();
                let ino = st.tree.resolve(&path);
                note_conflict(&mut st, ino, &path, None);
                continue;
            }
            op => op,
        };
        kept.push((seq, op));
    }
    // Dropped operations are settled too: whoever waits for them must not wait for ever.
    let watermark = kept.first().map_or(st.log.last_seq(), |(seq, _)| seq - 1);
    st.log.restore(kept);
    st.base = theirs;
    st.revision = manifest.revision;
    // Their changes are in the base now; the tree takes them in once ours are sent.
    st.stale_tree |= !changed.is_empty();
    drop(st);
    shared.settled.send_modify(|s| *s = (*s).max(watermark));
    Ok(())
}

fn note_conflict(st: &mut State, ino: Option<Ino>, path: &str, kept_as: Option<String>) {
    match &kept_as {
        Some(aside) => tracing::warn!(
            path,
            kept_as = %aside,
            "a local change conflicts with one made elsewhere: theirs stays at the path, ours is kept beside it"
        ),
        None => tracing::warn!(
            path,
            "a local change conflicts with one made elsewhere and was dropped: theirs stays"
        ),
    }
    if let Some(ino) = ino {
        st.conflicted.insert(ino);
    }
    st.conflicts.push(MountConflict {
        path: path.to_owned(),
        kept_as,
    });
}

/// The server refused a chunk: each operation alone, so that one it will not take (a path it
/// refuses, a file over its size limit) costs only itself.
async fn one_by_one(shared: &Shared, chunk: Vec<Prepared>, err: Error) -> Result<(), Error> {
    tracing::warn!(error = %err, ops = chunk.len(), "the server refused a batch; sending its operations one at a time");
    let mut rest = chunk.into_iter();
    while let Some(prepared) = rest.next() {
        let expected = shared.lock().revision;
        match shared
            .remote
            .batch(vec![prepared.batch.clone()], expected)
            .await
        {
            Ok(mutation) => settle(shared, vec![prepared], mutation.revision),
            Err(e) if transient(&e) || e.reason() == Some(Reason::StaleRevision) => {
                // Back in the log in order; the main loop waits or rebases.
                unsend(shared, std::iter::once(prepared).chain(rest).collect());
                return if transient(&e) {
                    Err(e)
                } else {
                    rebase(shared).await
                };
            }
            Err(e) => refuse(shared, prepared, e).await,
        }
    }
    Ok(())
}

/// One operation the server will not take. A refused write's bytes are kept beside its path
/// (`PATH.refused-REV`) when the server takes them there, else in the staging directory (which
/// then outlives the mount); either way it is reported.
async fn refuse(shared: &Shared, prepared: Prepared, err: Error) {
    let path = prepared.op.paths()[0].to_owned();
    let mut kept_as = None;
    if let BatchOp::Write {
        path: written,
        content,
        mode,
    } = &prepared.batch
    {
        let aside = format!("{written}.refused-{}", shared.lock().revision);
        let op = BatchOp::Write {
            path: aside.clone(),
            content: content.clone(),
            mode: *mode,
        };
        match shared
            .remote
            .ws
            .batch(&shared.remote.session, vec![op], None)
            .await
        {
            Ok(_) => kept_as = Some(aside),
            Err(e) => {
                tracing::error!(path, error = %e, staging = %shared.cache.staging_dir().display(), "a refused write cannot be kept beside its path either; its bytes stay in the staging directory");
                shared.lock().keep_staging = true;
            }
        }
    }
    tracing::error!(path, error = %err, kept_as = ?kept_as, "the server refused a change from the mount");
    let mut st = shared.lock();
    let ino = prepared
        .written
        .as_ref()
        .map(|(ino, ..)| *ino)
        .or_else(|| st.tree.resolve(&path));
    if let Some(ino) = ino {
        st.conflicted.insert(ino);
    }
    st.conflicts.push(MountConflict {
        path: path.clone(),
        kept_as: kept_as.clone(),
    });
    st.stale_tree = true;
    if let Some((ino, generation, _)) = prepared.written
        && let Some(node) = st.tree.get_mut(ino)
        && node.generation == generation
    {
        // The server's version (or none) is what the mount shows from the next refresh on.
        node.dirty = false;
        node.hash = None;
        if kept_as.is_some() {
            shared.cache.drop_staging(ino);
        }
        st.backing.remove(&ino);
    }
    drop(st);
    shared.settled.send_modify(|s| *s = (*s).max(prepared.seq));
}

/// Takes in changes made elsewhere, when there are some and nothing local is queued.
async fn refresh(shared: &Shared) -> Result<(), Error> {
    let revision = shared.remote.revision().await?;
    {
        let st = shared.lock();
        if revision == st.revision && !st.stale_tree {
            return Ok(());
        }
    }
    let manifest = shared.remote.manifest().await?;
    let changed = {
        let mut st = shared.lock();
        if !st.log.is_empty() {
            // The next send meets the change as a stale revision and settles it.
            return Ok(());
        }
        st.base = Base::from_entries(&manifest.entries);
        st.revision = manifest.revision;
        st.stale_tree = false;
        let changed = st
            .tree
            .reconcile(&manifest, SystemTime::now(), |node| node.dirty);
        for ino in &changed.contents {
            st.backing.remove(ino);
        }
        changed
    };
    tracing::debug!(
        revision = manifest.revision,
        changed = changed.contents.len(),
        entries = changed.entries.len(),
        "took in changes made elsewhere"
    );
    invalidate(shared, changed);
    Ok(())
}

/// Tells the kernel to forget what it cached of changed nodes and names. The calls go to a
/// thread of their own: the kernel may hold a directory's lock while one of its requests waits
/// for this task (an `fsync` of the directory), and the invalidation waits for that lock.
fn invalidate(shared: &Shared, changed: Changed) {
    let sender = shared
        .invalidations
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    if let Some(sender) = sender {
        let _ = sender.send(changed);
    }
}

/// The thread that sends the kernel its invalidations, until the mount's sender goes.
pub fn invalidator(notifier: fuser::Notifier) -> std::sync::mpsc::Sender<Changed> {
    let (sender, receiver) = std::sync::mpsc::channel::<Changed>();
    std::thread::spawn(move || {
        // The kernel answers ENOENT for what it never cached: nothing to do then.
        for changed in receiver {
            for ino in &changed.contents {
                let _ = notifier.inval_inode(fuser::INodeNo(*ino), 0, 0);
            }
            for (parent, name) in &changed.entries {
                let _ = notifier.inval_entry(fuser::INodeNo(*parent), OsStr::new(name));
            }
        }
    });
    sender
}
