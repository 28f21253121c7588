use std::path::PathBuf;
use std::time::Duration;

use aether_sdk::mount::{MountOptions, mount};
use anyhow::Context;

use super::{Record, record_path};
use crate::commands::{ClientArgs, explain};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The session to mount.
    pub session_id: String,
    /// An existing, empty directory to mount it on.
    pub dir: PathBuf,
    /// Refuse every change.
    #[arg(long)]
    pub read_only: bool,
    /// Show this checkpoint (id or name) instead of the session's head; read-only.
    #[arg(long, value_name = "NAME")]
    pub checkpoint: Option<String>,
    /// Where file contents are cached by hash (shared by mounts).
    #[arg(long, env = "AETHER_MOUNT_CACHE", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// How often to look for changes made to the session elsewhere.
    #[arg(long, default_value = "1s", value_parser = humantime::parse_duration)]
    pub refresh: Duration,
    /// How long `fsync` and unmounting wait for an unreachable server.
    #[arg(long, default_value = "60s", value_parser = humantime::parse_duration)]
    pub sync_timeout: Duration,
    /// Recorded as who made the mount's changes.
    #[arg(long)]
    pub actor: Option<String>,
    /// Print one JSON line (`{"dir", "session", "revision"}`) once mounted, for programs.
    #[arg(long)]
    pub ready_json: bool,
    #[command(flatten)]
    pub client: ClientArgs,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    // fuser warns that its own unmount failed when the directory was unmounted from outside
    // first, which is how `aether unmount` works.
    crate::output::init_logging("info,fuser::mnt=error");
    let dir = std::fs::canonicalize(&args.dir)
        .with_context(|| format!("the mount point {} must exist", args.dir.display()))?;
    // Before mounting: a signal from here on unmounts cleanly instead of killing the process
    // and leaving a dead mount point behind.
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    let client = args.client.connect().await?;
    let options = MountOptions {
        read_only: args.read_only,
        checkpoint: args.checkpoint.clone(),
        cache_dir: args.cache_dir.clone(),
        refresh: args.refresh,
        sync_timeout: args.sync_timeout,
        actor: args.actor.clone(),
    };
    let mounted = mount(&client.workspace(), &args.session_id, &dir, options)
        .await
        .map_err(|e| match e {
            aether_sdk::mount::MountError::Remote(e) => explain(e, &args.client.server),
            other => other.into(),
        })?;
    let record = record_path(args.cache_dir.as_deref(), &dir);
    if let Some(parent) = record.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(
        &record,
        serde_json::to_vec(&Record {
            pid: std::process::id(),
            dir: dir.clone(),
            session: args.session_id.clone(),
        })?,
    )?;
    if args.ready_json {
        println!(
            "{}",
            serde_json::json!({
                "dir": dir,
                "session": args.session_id,
                "revision": mounted.revision(),
            })
        );
    } else {
        eprintln!(
            "mounted session {} at {}; Ctrl-C or `aether unmount {}` to unmount",
            args.session_id,
            dir.display(),
            dir.display()
        );
    }
    tokio::select! {
        _ = interrupt.recv() => {}
        _ = terminate.recv() => {}
        () = mounted.unmounted() => {}
    }
    let outcome = mounted.unmount().await;
    let _ = std::fs::remove_file(&record);
    let conflicts = outcome?;
    for conflict in &conflicts {
        match &conflict.kept_as {
            Some(aside) => eprintln!(
                "conflict: {} was changed elsewhere; the local version is kept as {aside}",
                conflict.path
            ),
            None => eprintln!(
                "conflict: {} was changed elsewhere; the local change to it was dropped",
                conflict.path
            ),
        }
    }
    Ok(())
}
