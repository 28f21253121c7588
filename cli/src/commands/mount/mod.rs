//! `aether mount SESSION DIR` and `aether unmount DIR`: a session as a local directory, through
//! the Rust SDK's FUSE mount. The mounting process stays in the foreground until Ctrl-C,
//! SIGTERM or an unmount from outside, sends what is pending, and exits; a small record under
//! the cache directory lets `aether unmount` wait for that.

pub mod start;
pub mod stop;

use std::path::{Path, PathBuf};

use aether_sdk::mount::default_cache_dir;
use serde::{Deserialize, Serialize};

/// What a running mount leaves for `aether unmount`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Record {
    pub pid: u32,
    pub dir: PathBuf,
    pub session: String,
}

/// Where the record of the mount at `dir` lives: one file per mount point.
pub fn record_path(cache_dir: Option<&Path>, dir: &Path) -> PathBuf {
    let root = cache_dir.map_or_else(default_cache_dir, Path::to_owned);
    let key = dir.display().to_string();
    let name: String = key
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    root.join("mounts").join(format!("{name}.json"))
}
