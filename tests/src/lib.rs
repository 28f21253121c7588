//! Shared pieces of the end-to-end tests and of the `test-worker` process they start.

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

/// A binary built from this workspace (`cargo build --workspace --bins` builds them all).
pub fn workspace_bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary knows its path");
    // target/<profile>/deps/<test-binary> → target/<profile>/<name>
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binaries live in target/<profile>/deps");
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is missing: run `cargo build --workspace --bins` before the tests (scripts/test.sh does)",
        path.display()
    );
    path
}
