//! A session as a local directory (FUSE), for the tools an agent runs that want a filesystem:
//! `git status`, `npm test`, `cargo build`, an editor.
//!
//! - **Reads** are lazy: the tree comes from the manifest at mount time, a file's bytes from the
//!   server the first time it is read, kept on local disk by SHA-256 ([`MountOptions::cache_dir`])
//!   so a later mount of the same content reads nothing again.
//! - **Writes** stay local (a staging file per written file) until a file is closed or synced,
//!   or a directory change waits; then everything made so far goes as one revision-checked
//!   `batch`, one revision. A change made through the API while mounted shows up within
//!   [`MountOptions::refresh`]. A local change to a path that someone else changed since is a
//!   conflict: the other version stays at the path, the local one is kept beside it
//!   (`NAME.conflict-<revision>`), the next `fsync`/`close`/write of the file fails with `EIO`,
//!   and a warning is logged: neither version is lost.
//! - **Paths** pass the server's own rules ([`WsPath`](crate::workspace::path::WsPath)) before
//!   anything is queued, and a link must point inside the session; links are stored as links,
//!   and one read from the server that points out is not followed (`EIO`).
//! - **The server restarting** is waited out: pending changes stay queued (on disk, in the
//!   staging directory) and are sent when it answers again.
//!
//! ```no_run
//! # async fn demo(client: aether_sdk::Client) -> Result<(), aether_sdk::mount::MountError> {
//! use aether_sdk::mount::{MountOptions, with_mount};
//! let status = with_mount(&client.workspace(), "sess-1", "/tmp/work".as_ref(), MountOptions::default(), |dir| async move {
//!     tokio::process::Command::new("npm").arg("test").current_dir(dir).status().await
//! })
//! .await?;
//! # Ok(()) }
//! ```
//!
//! Not kept by a session, hence not by the mount across mounts: owners, timestamps (a file's
//! time is when this mount last saw it change) and hard links (refused with `EPERM`).

mod cache;
mod fetch;
mod fs;
mod links;
mod pending;
mod remote;
mod sync;
mod tree;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use tokio::sync::{Notify, watch};
use tokio_util::sync::CancellationToken;

use crate::workspace::WorkspaceClient;
use cache::Cache;
use pending::{Base, Log};
use remote::Remote;
use tree::{Ino, Node, Tree};

#[derive(Debug, thiserror::Error)]
pub enum MountError {
    #[error("cannot mount {dir}: {source}")]
    Mount {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("the mount's cache at {dir}: {source}")]
    Cache {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Remote(#[from] crate::Error),
    /// Changes that could not be sent before the deadline; their bytes stay in `staging`.
    #[error(
        "{count} change(s) not sent to the server within {waited:?}; their bytes are kept in {staging}"
    )]
    Unsent {
        count: usize,
        waited: Duration,
        staging: PathBuf,
    },
}

#[derive(Debug, Clone)]
pub struct MountOptions {
    /// Refuse every change (`EROFS`).
    pub read_only: bool,
    /// Show this checkpoint (id or name) of the session instead of its head; read-only.
    pub checkpoint: Option<String>,
    /// Where content is kept by hash; `$XDG_CACHE_HOME/aether/mount` (or `~/.cache/...`) by
    /// default.
    pub cache_dir: Option<PathBuf>,
    /// How often the session's revision is checked for changes made elsewhere.
    pub refresh: Duration,
    /// How long `fsync` and unmounting wait for the server before giving up.
    pub sync_timeout: Duration,
    /// Recorded as who made each change (the session's events).
    pub actor: Option<String>,
}

impl Default for MountOptions {
    fn default() -> Self {
        Self {
            read_only: false,
            checkpoint: None,
            cache_dir: None,
            refresh: Duration::from_secs(1),
            sync_timeout: Duration::from_secs(60),
            actor: None,
        }
    }
}

impl MountOptions {
    fn writable(&self) -> bool {
        !self.read_only && self.checkpoint.is_none()
    }
}

/// The default cache directory: `$XDG_CACHE_HOME/aether/mount`, else `~/.cache/aether/mount`,
/// else under the system's temporary directory.
pub fn default_cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("aether").join("mount")
}

/// A local change that collided with one made elsewhere: the other version is at `path`, the
/// local one at `kept_as` (or nowhere, for a removal or rename that was dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountConflict {
    pub path: String,
    pub kept_as: Option<String>,
}

pub(crate) struct State {
    pub tree: Tree,
    pub log: Log,
    pub base: Base,
    pub revision: u64,
    /// Open descriptors of the bytes a node reads from (a blob or its staging file).
    pub backing: HashMap<Ino, Arc<File>>,
    /// Removed nodes whose queued write has not been sent yet.
    pub graveyard: HashMap<Ino, Node>,
    /// Nodes whose local change lost to one made elsewhere, not yet reported to a caller.
    pub conflicted: HashSet<Ino>,
    pub conflicts: Vec<MountConflict>,
    /// The tree may differ from the server's in ways the revision does not show (after a
    /// conflict or a refusal): the next refresh takes the server's tree even at the same
    /// revision.
    pub stale_tree: bool,
    /// Directories whose files were fetched ahead once already.
    pub fetched_ahead: HashSet<Ino>,
    /// A refused write's bytes are only in the staging directory: it outlives the mount.
    pub keep_staging: bool,
}

/// Descriptors the mount keeps open between reads; past this many they are all closed (each is
/// reopened by path or hash when next needed), so a walk over a large tree never runs out of
/// descriptors.
const MAX_OPEN_FILES: usize = 256;

impl State {
    pub fn keep_open(&mut self, ino: Ino, file: Arc<File>) {
        if self.backing.len() >= MAX_OPEN_FILES {
            self.backing.clear();
        }
        self.backing.insert(ino, file);
    }
}

pub(crate) struct Shared {
    pub state: Mutex<State>,
    pub remote: Remote,
    pub cache: Cache,
    pub runtime: tokio::runtime::Handle,
    pub options: MountOptions,
    /// Something was queued, or a caller waits for a send.
    pub wake: Notify,
    /// The sequence number of the newest change the server has (or that was settled otherwise).
    pub settled: watch::Sender<u64>,
    /// Hashes being fetched, and who waits for each.
    pub fetching: Mutex<HashMap<String, Arc<Notify>>>,
    /// Where the kernel's invalidations go (`sync::invalidator`), once mounted.
    pub invalidations: Mutex<Option<std::sync::mpsc::Sender<tree::Changed>>>,
    pub ended: CancellationToken,
    pub owner: (u32, u32),
}

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves state a later call can still read.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until every change made before the call is on the server.
    pub async fn sync(&self) -> Result<(), MountError> {
        let target = self.lock().log.last_seq();
        self.wake.notify_one();
        let mut settled = self.settled.subscribe();
        let waited = tokio::time::timeout(
            self.options.sync_timeout,
            settled.wait_for(|s| *s >= target),
        )
        .await;
        match waited {
            Ok(Ok(_)) => Ok(()),
            _ => Err(MountError::Unsent {
                count: self.lock().log.len(),
                waited: self.options.sync_timeout,
                staging: self.cache.staging_dir().to_owned(),
            }),
        }
    }
}

/// A mounted session. Dropping it unmounts without waiting for unsent changes; call
/// [`Mounted::unmount`] to send them first.
pub struct Mounted {
    dir: PathBuf,
    shared: Arc<Shared>,
    session: Option<fuser::BackgroundSession>,
    syncer: tokio::task::JoinHandle<()>,
    stop: CancellationToken,
}

/// Mounts `session_id` at `dir` (an existing, empty directory).
pub async fn mount(
    ws: &WorkspaceClient,
    session_id: &str,
    dir: &Path,
    options: MountOptions,
) -> Result<Mounted, MountError> {
    let mount_error = |source| MountError::Mount {
        dir: dir.to_owned(),
        source,
    };
    // The kernel's requests wait on this runtime from the mount's own threads; a current-thread
    // runtime would not run those waits while its one thread is inside a file call.
    if tokio::runtime::Handle::current().runtime_flavor()
        == tokio::runtime::RuntimeFlavor::CurrentThread
    {
        return Err(mount_error(std::io::Error::other(
            "the mount needs a multi-threaded tokio runtime",
        )));
    }
    let meta = std::fs::metadata(dir).map_err(mount_error)?;
    let ws = match &options.actor {
        Some(actor) => ws.clone().with_actor(actor.clone()),
        None => ws.clone(),
    };
    let remote = Remote {
        ws,
        session: session_id.to_owned(),
        checkpoint: options.checkpoint.clone(),
    };
    let manifest = remote.manifest().await?;
    let mount_id = uuid::Uuid::new_v4().simple().to_string();
    let cache_root = options.cache_dir.clone().unwrap_or_else(default_cache_dir);
    let cache = Cache::open(&cache_root, &mount_id).map_err(|source| MountError::Cache {
        dir: cache_root.clone(),
        source,
    })?;
    let now = SystemTime::now();
    let mut tree = Tree::new(now);
    tree.reconcile(&manifest, now, |_| false);
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            tree,
            log: Log::default(),
            base: Base::from_entries(&manifest.entries),
            revision: manifest.revision,
            backing: HashMap::new(),
            graveyard: HashMap::new(),
            conflicted: HashSet::new(),
            conflicts: Vec::new(),
            stale_tree: false,
            fetched_ahead: HashSet::new(),
            keep_staging: false,
        }),
        remote,
        cache,
        runtime: tokio::runtime::Handle::current(),
        options,
        wake: Notify::new(),
        settled: watch::Sender::new(0),
        fetching: Mutex::new(HashMap::new()),
        invalidations: Mutex::new(None),
        ended: CancellationToken::new(),
        owner: (meta.uid(), meta.gid()),
    });
    let mut config = fuser::Config::default();
    config.mount_options = vec![
        fuser::MountOption::FSName(format!("aether:{session_id}")),
        fuser::MountOption::Subtype("aether".into()),
        fuser::MountOption::DefaultPermissions,
        fuser::MountOption::NoDev,
        fuser::MountOption::NoSuid,
    ];
    if !shared.options.writable() {
        config.mount_options.push(fuser::MountOption::RO);
    }
    // Several kernel requests at a time: one file's first read from the server does not hold
    // up a listing.
    config.n_threads = Some(4);
    let filesystem = fs::SessionFs::new(shared.clone());
    let dir_owned = dir.to_owned();
    let session =
        tokio::task::spawn_blocking(move || fuser::spawn_mount(filesystem, &dir_owned, &config))
            .await
            .map_err(|e| mount_error(std::io::Error::other(e)))?
            .map_err(mount_error)?;
    *shared
        .invalidations
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = Some(sync::invalidator(session.notifier()));
    let stop = CancellationToken::new();
    let syncer = tokio::spawn(sync::run(shared.clone(), stop.clone()));
    tracing::info!(session = session_id, dir = %dir.display(), revision = manifest.revision, "mounted");
    Ok(Mounted {
        dir: dir.to_owned(),
        shared,
        session: Some(session),
        syncer,
        stop,
    })
}

impl Mounted {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Waits until every change made so far is on the server.
    pub async fn sync(&self) -> Result<(), MountError> {
        self.shared.sync().await
    }

    /// The session's revision as the mount last saw it.
    pub fn revision(&self) -> u64 {
        self.shared.lock().revision
    }

    /// The conflicts met so far.
    pub fn conflicts(&self) -> Vec<MountConflict> {
        self.shared.lock().conflicts.clone()
    }

    /// Resolves when the directory was unmounted from outside (`aether unmount`,
    /// `fusermount3 -u`).
    pub async fn unmounted(&self) {
        self.shared.ended.cancelled().await
    }

    /// Unmounts (the kernel hands over every last write), then sends what is pending. Returns
    /// the conflicts met while mounted.
    pub async fn unmount(mut self) -> Result<Vec<MountConflict>, MountError> {
        if let Some(session) = self.session.take() {
            let dir = self.dir.clone();
            let gone = self.shared.ended.is_cancelled();
            // Unmounted from outside: only the session's threads are left to end.
            tokio::task::spawn_blocking(move || {
                if gone {
                    session.join()
                } else {
                    session.umount_and_join()
                }
            })
            .await
            .map_err(|e| MountError::Mount {
                dir: dir.clone(),
                source: std::io::Error::other(e),
            })?
            .map_err(|source| MountError::Mount { dir, source })?;
        }
        *self
            .shared
            .invalidations
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = None;
        let sent = self.shared.sync().await;
        self.stop.cancel();
        let _ = (&mut self.syncer).await;
        sent?;
        let keep = {
            let st = self.shared.lock();
            !st.log.is_empty() || st.keep_staging
        };
        if !keep {
            self.shared.cache.clear_staging();
        }
        tracing::info!(dir = %self.dir.display(), "unmounted");
        Ok(self.conflicts())
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.stop.cancel();
        if let Some(session) = self.session.take() {
            // Unmounting waits on the kernel; off the caller's (perhaps async) thread.
            std::thread::spawn(move || {
                let _ = session.umount_and_join();
            });
        }
    }
}

/// Mounts the session at `dir` for the duration of `f`, then sends what `f` changed and
/// unmounts: the tools a step runs see a directory, the session gets their changes.
pub async fn with_mount<F, Fut, T>(
    ws: &WorkspaceClient,
    session_id: &str,
    dir: &Path,
    options: MountOptions,
    f: F,
) -> Result<T, MountError>
where
    F: FnOnce(PathBuf) -> Fut,
    Fut: Future<Output = T>,
{
    let mounted = mount(ws, session_id, dir, options).await?;
    let out = f(dir.to_owned()).await;
    let conflicts = mounted.unmount().await?;
    for conflict in conflicts {
        tracing::warn!(path = %conflict.path, kept_as = ?conflict.kept_as, "the mount met a conflict");
    }
    Ok(out)
}
