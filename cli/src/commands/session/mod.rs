//! `aether session ...`: inspect workspace sessions and take the cheap, safe actions on them
//! (checkpoint, fork, export) from a shell, through the same gRPC API as any client.

pub mod checkpoint;
pub mod export;
pub mod fork;
pub mod list;
pub mod manifest;
pub mod show;

use aether_sdk::workspace::Session;
use clap::Subcommand;

use super::ClientArgs;
use crate::output::{bytes, local_rfc3339};

#[derive(Subcommand)]
pub enum Command {
    /// List sessions.
    List(list::Args),
    /// Show a session: revision, size, origin, labels.
    Show(SessionArgs),
    /// List every path of a session's tree (or a checkpoint's) with its kind, size, mode and hash.
    Manifest(manifest::Args),
    /// Record a checkpoint of a session's current tree.
    Checkpoint(checkpoint::Args),
    /// Create a new session from a session's current tree.
    Fork(fork::Args),
    /// Write a session's tree to a tar.gz archive.
    Export(export::Args),
}

pub async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::List(args) => list::run(args).await,
        Command::Show(args) => show::run(args).await,
        Command::Manifest(args) => manifest::run(args).await,
        Command::Checkpoint(args) => checkpoint::run(args).await,
        Command::Fork(args) => fork::run(args).await,
        Command::Export(args) => export::run(args).await,
    }
}

/// A command about one session.
#[derive(clap::Args, Debug, Clone)]
pub struct SessionArgs {
    /// The session id.
    pub session_id: String,
    #[command(flatten)]
    pub client: ClientArgs,
}

/// `key=value`, for `--label`.
pub fn parse_label(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("expected key=value, got {text:?}")),
    }
}

/// Labels as one cell: `k=v, k2=v2`, or `-`.
pub fn labels(session: &Session) -> String {
    if session.labels.is_empty() {
        return "-".into();
    }
    session
        .labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How a session came to be, in words, from its `origin` JSON.
fn origin(session: &Session) -> String {
    let o = &session.origin;
    let text = |key: &str| o[key].as_str().unwrap_or("?").to_owned();
    match o["kind"].as_str() {
        Some("blank") => "blank".into(),
        Some("source") => format!("source {} at commit {}", text("name"), text("commit")),
        Some("checkpoint") => format!(
            "checkpoint {} of session {}",
            text("checkpointId"),
            text("sessionId")
        ),
        Some("fork") => format!(
            "fork of {} at revision {}",
            text("sessionId"),
            o["revision"]
        ),
        Some("git") => format!("git repository {} at {}", text("path"), text("ref")),
        Some("archive") => "uploaded archive".into(),
        _ => o.to_string(),
    }
}

/// A session as `show` and `fork` print it for people.
pub fn print_session(s: &Session) {
    // Everything here is the server's (labels especially: anyone may set them), so escaped.
    let field = |name: &str, value: &str| {
        println!(
            "{:<11}{}",
            format!("{name}:"),
            crate::output::printable(value)
        )
    };
    field("Session", &s.id);
    field("State", &s.state);
    field("Revision", &s.revision.to_string());
    field(
        "Files",
        &format!("{} ({})", s.file_count, bytes(s.size_bytes)),
    );
    field("Root", &s.root);
    field("Origin", &origin(s));
    if let Some(parent) = &s.parent {
        field(
            "Parent",
            &format!("{} at revision {}", parent.session_id, parent.revision),
        );
    }
    if let Some(source) = &s.source {
        match &s.base_commit {
            Some(base) => field("Source", &format!("{source} (from commit {base})")),
            None => field("Source", source),
        }
    }
    if let Some(commit) = &s.last_commit {
        field("Committed", commit);
    }
    field("Labels", &labels(s));
    field("Events", &s.event_count.to_string());
    field("Created", &local_rfc3339(&s.created_at));
    field("Updated", &local_rfc3339(&s.updated_at));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_need_a_key_and_an_equals_sign() {
        assert_eq!(
            parse_label("team=docs=x"),
            Ok(("team".into(), "docs=x".into()))
        );
        assert_eq!(parse_label("team="), Ok(("team".into(), String::new())));
        assert!(parse_label("team").is_err());
        assert!(parse_label("=docs").is_err());
    }
}
