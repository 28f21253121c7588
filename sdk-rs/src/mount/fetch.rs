//! Bytes from the server into the cache: each hash fetched once however many readers want it at
//! the same time, and the other files of a directory fetched ahead, several at once, when one of
//! them is first read (a build or a search reads its neighbours next; one round trip per file in
//! turn would make a cold tree as slow as its file count).

use std::fs::File;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use tokio::sync::Notify;

use super::Shared;
use super::remote::Remote;
use super::tree::Ino;
use crate::workspace::EntryKind;

/// How long a read waits for an unreachable server before it fails.
pub const READ_PATIENCE: Duration = Duration::from_secs(30);
/// Files of one directory fetched ahead, at most, and how many at a time.
const AHEAD_FILES: usize = 256;
const AHEAD_AT_ONCE: usize = 8;
/// Larger files are left for a reader to ask for.
const AHEAD_MAX_BYTES: u64 = 1 << 20;

pub struct Fetched {
    pub file: File,
    /// The hash of the bytes stored: the server's, which may be newer than the one asked for.
    pub hash: String,
    pub size: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Remote(#[from] crate::Error),
    #[error("the cache: {0}")]
    Cache(#[from] std::io::Error),
}

/// The bytes of `hash` (at `path` on the server), from the cache or fetched into it.
pub async fn fetch(shared: &Shared, path: &str, hash: &str) -> Result<Fetched, FetchError> {
    loop {
        if let Some(file) = shared.cache.open_blob(hash)? {
            return Ok(Fetched {
                file,
                hash: hash.to_owned(),
                size: None,
            });
        }
        let underway = {
            let mut fetching = shared.fetching.lock().unwrap_or_else(|p| p.into_inner());
            match fetching.get(hash) {
                Some(done) => Some(done.clone()),
                None => {
                    fetching.insert(hash.to_owned(), Arc::new(Notify::new()));
                    None
                }
            }
        };
        if let Some(done) = underway {
            let notified = done.notified();
            tokio::pin!(notified);
            // Registered before the cache is looked at again, so the end cannot be missed.
            notified.as_mut().enable();
            if shared.cache.open_blob(hash)?.is_none() {
                let _ = tokio::time::timeout(READ_PATIENCE, notified).await;
            }
            continue;
        }
        let remote = &shared.remote;
        let stored = match Remote::patiently(READ_PATIENCE, || remote.read(path)).await {
            Ok(content) => shared
                .cache
                .put_blob(&content.hash, &content.data)
                .map(|file| Fetched {
                    file,
                    hash: content.hash,
                    size: Some(content.size),
                })
                .map_err(FetchError::from),
            Err(e) => Err(e.into()),
        };
        let done = shared
            .fetching
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(hash);
        if let Some(done) = done {
            done.notify_waiters();
        }
        return stored;
    }
}

/// Fetches the directory's other small files in the background, once per directory.
pub fn ahead(shared: &Arc<Shared>, dir: Ino) {
    let wanted: Vec<(String, String)> = {
        let mut st = shared.lock();
        if !st.fetched_ahead.insert(dir) {
            return;
        }
        let Some(node) = st.tree.get(dir) else {
            return;
        };
        node.children
            .values()
            .filter_map(|child| {
                let n = st.tree.get(*child)?;
                let small_file = n.kind == EntryKind::File && !n.dirty && n.size <= AHEAD_MAX_BYTES;
                let hash = n.hash.clone().filter(|_| small_file)?;
                Some((st.tree.path(*child)?, hash))
            })
            .filter(|(_, hash)| !shared.cache.has_blob(hash))
            .take(AHEAD_FILES)
            .collect()
    };
    if wanted.is_empty() {
        return;
    }
    let shared = shared.clone();
    shared.runtime.clone().spawn(async move {
        futures::stream::iter(wanted)
            .for_each_concurrent(AHEAD_AT_ONCE, |(path, hash)| {
                let shared = &shared;
                async move {
                    if let Err(e) = fetch(shared, &path, &hash).await {
                        // A reader that wants it asks again and reports the error.
                        tracing::debug!(path, error = %e, "fetching ahead failed");
                    }
                }
            })
            .await;
    });
}
