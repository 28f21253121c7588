use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use super::record_path;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The directory a session is mounted on.
    pub dir: PathBuf,
    /// The cache directory the mount was started with, if not the default.
    #[arg(long, env = "AETHER_MOUNT_CACHE", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// How long to wait for the mount to send what is pending and exit.
    #[arg(long, default_value = "60s", value_parser = humantime::parse_duration)]
    pub timeout: Duration,
}

/// Unmounts through `fusermount3 -u` (the mounting process then sends what is pending and
/// exits), and waits for that process to be done.
pub async fn run(args: Args) -> anyhow::Result<()> {
    let dir = std::fs::canonicalize(&args.dir)
        .with_context(|| format!("{} does not exist", args.dir.display()))?;
    let record = record_path(args.cache_dir.as_deref(), &dir);
    let status = tokio::process::Command::new("fusermount3")
        .arg("-u")
        .arg(&dir)
        .status()
        .await
        .context("cannot run fusermount3 (Debian's fuse3 package)")?;
    if !status.success() {
        bail!(
            "fusermount3 could not unmount {} (is a process still using it?)",
            dir.display()
        );
    }
    let deadline = Instant::now() + args.timeout;
    while record.exists() {
        if Instant::now() > deadline {
            bail!(
                "{} is unmounted, but its process did not finish sending within {:?}",
                dir.display(),
                args.timeout
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("unmounted {}", dir.display());
    Ok(())
}
