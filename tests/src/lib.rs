//! Shared pieces of the end-to-end tests and of the `test-worker` process they start.

pub mod effects;
pub mod process;

use std::{
    fs::OpenOptions,
    io::Write,
    path::{Path, PathBuf},
};

/// Appends one line to a side-effect log, so that tests can count how often a step really ran.
pub fn record(log: &Path, line: &str) -> std::io::Result<()> {
    let mut file = OpenOptions::new().create(true).append(true).open(log)?;
    writeln!(file, "{line}")?;
    file.sync_data()
}

/// The lines of a side-effect log (empty if it does not exist yet).
pub fn lines(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .map(|text| text.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// How many times `line` occurs in the log.
pub fn count(log: &Path, line: &str) -> usize {
    lines(log).iter().filter(|l| *l == line).count()
}

/// A binary built from this workspace (`cargo build --workspace --bins` builds them all), found
/// next to the running one: a test binary in target/<profile>/deps, or a binary such as the
/// fault harness in target/<profile> itself.
pub fn workspace_bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the running binary knows its path");
    let beside = exe.parent().expect("a binary lives in a directory");
    let dir = if beside.ends_with("deps") {
        beside.parent().unwrap_or(beside)
    } else {
        beside
    };
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is missing: run `cargo build --workspace --bins` before the tests (scripts/test.sh does)",
        path.display()
    );
    path
}

/// A loopback port nothing listens on right now, for a server that must come back on the
/// same address after a restart.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}
