//! Local changes not yet sent, in the order they were made. The server applies a batch in
//! order, so replaying the log reproduces the local tree; a file's bytes are read when the batch
//! is sent, so a file written many times between two sends travels once.

use std::collections::{BTreeMap, HashSet};

use super::tree::Ino;
use crate::workspace::{BatchOp, EntryKind, ManifestEntry};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// The bytes and mode `ino` has when the batch is sent, at the path it had when written.
    Write {
        ino: Ino,
        path: String,
    },
    Mkdir(String),
    Delete(String),
    Rename {
        from: String,
        to: String,
    },
    Symlink {
        path: String,
        target: String,
    },
    Chmod {
        path: String,
        mode: u32,
    },
}

impl Op {
    /// The paths the operation reads or replaces on the server.
    pub fn paths(&self) -> Vec<&str> {
        match self {
            Op::Write { path, .. }
            | Op::Mkdir(path)
            | Op::Delete(path)
            | Op::Symlink { path, .. }
            | Op::Chmod { path, .. } => vec![path],
            Op::Rename { from, to } => vec![from, to],
        }
    }
}

/// `path` is `of` or lies below it.
pub fn within(path: &str, of: &str) -> bool {
    path == of
        || (path.len() > of.len() && path.starts_with(of) && path.as_bytes()[of.len()] == b'/')
}

#[derive(Debug, Default)]
pub struct Log {
    ops: Vec<(u64, Op)>,
    next_seq: u64,
}

impl Log {
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// The sequence number of the newest change, 0 before any.
    pub fn last_seq(&self) -> u64 {
        self.next_seq
    }

    pub fn push(&mut self, op: Op) {
        if let Op::Write { ino, path } = &op
            && self.write_is_pending(*ino, path)
        {
            return;
        }
        self.next_seq += 1;
        self.ops.push((self.next_seq, op));
    }

    /// A write of `ino` at `path` is queued and nothing after it moved or removed that path,
    /// so it will send the newest bytes anyway.
    fn write_is_pending(&self, ino: Ino, path: &str) -> bool {
        for (_, op) in self.ops.iter().rev() {
            match op {
                Op::Write { ino: i, path: p } if *i == ino && p == path => return true,
                other => {
                    if other
                        .paths()
                        .iter()
                        .any(|p| within(path, p) || within(p, path))
                        && !matches!(other, Op::Write { .. } | Op::Chmod { .. })
                    {
                        return false;
                    }
                }
            }
        }
        false
    }

    pub fn take(&mut self) -> Vec<(u64, Op)> {
        std::mem::take(&mut self.ops)
    }

    /// Puts unsent operations back in front of any made since they were taken.
    pub fn restore(&mut self, mut unsent: Vec<(u64, Op)>) {
        unsent.append(&mut self.ops);
        self.ops = unsent;
    }

    pub fn touches(&self, ino: Ino) -> bool {
        self.ops
            .iter()
            .any(|(_, op)| matches!(op, Op::Write { ino: i, .. } if *i == ino))
    }
}

/// What the mount believes the server holds, path by path: the last manifest with the mount's
/// own sent changes applied. A change made elsewhere shows as a difference from a new manifest.
#[derive(Debug, Default, Clone)]
pub struct Base {
    pub entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: EntryKind,
    pub hash: String,
    pub mode: u32,
}

impl Base {
    pub fn from_entries(entries: &[ManifestEntry]) -> Self {
        Self {
            entries: entries
                .iter()
                .map(|e| {
                    let hash = if e.kind == EntryKind::Dir {
                        String::new()
                    } else {
                        e.hash.clone()
                    };
                    (
                        e.path.clone(),
                        Entry {
                            kind: e.kind,
                            hash,
                            mode: e.mode,
                        },
                    )
                })
                .collect(),
        }
    }

    /// A path the server holds these bytes at.
    pub fn path_of(&self, hash: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(_, e)| e.kind != EntryKind::Dir && e.hash == hash)
            .map(|(path, _)| path.as_str())
    }

    /// Paths whose entry differs between the two.
    pub fn changed_since(&self, newer: &Base) -> HashSet<String> {
        let mut changed = HashSet::new();
        for (path, entry) in &self.entries {
            if newer.entries.get(path) != Some(entry) {
                changed.insert(path.clone());
            }
        }
        for path in newer.entries.keys() {
            if !self.entries.contains_key(path) {
                changed.insert(path.clone());
            }
        }
        changed
    }

    fn ensure_parents(&mut self, path: &str) {
        let mut at = path;
        while let Some((dir, _)) = at.rsplit_once('/') {
            self.entries.entry(dir.to_owned()).or_insert(Entry {
                kind: EntryKind::Dir,
                hash: String::new(),
                mode: super::tree::DIR_MODE,
            });
            at = dir;
        }
    }

    fn remove_under(&mut self, path: &str) -> Vec<(String, Entry)> {
        let keys: Vec<String> = self
            .entries
            .range(path.to_owned()..)
            .take_while(|(k, _)| k.starts_with(path))
            .filter(|(k, _)| within(k, path))
            .map(|(k, _)| k.clone())
            .collect();
        keys.into_iter()
            .filter_map(|k| self.entries.remove(&k).map(|e| (k, e)))
            .collect()
    }

    /// The server's tree after it applied `op`; a write's bytes hash to `written`.
    pub fn apply(&mut self, op: &BatchOp, written: Option<&str>) {
        let (path, kind, hash, mode) = match op {
            BatchOp::Write { path, mode, .. } => (
                path,
                EntryKind::File,
                written.unwrap_or_default().to_owned(),
                mode.unwrap_or(0o644),
            ),
            BatchOp::Symlink { path, target } => (
                path,
                EntryKind::Symlink,
                super::cache::sha256_hex(target.as_bytes()),
                0o777,
            ),
            BatchOp::Mkdir { path } => {
                self.ensure_parents(path);
                self.entries.entry(path.clone()).or_insert(Entry {
                    kind: EntryKind::Dir,
                    hash: String::new(),
                    mode: super::tree::DIR_MODE,
                });
                return;
            }
            BatchOp::Delete { path } => {
                self.remove_under(path);
                return;
            }
            BatchOp::Rename { from, to } => {
                let moved = self.remove_under(from);
                self.ensure_parents(to);
                for (path, entry) in moved {
                    let rest = &path[from.len()..];
                    self.entries.insert(format!("{to}{rest}"), entry);
                }
                return;
            }
            BatchOp::Chmod { path, mode } => {
                if let Some(entry) = self.entries.get_mut(path) {
                    entry.mode = *mode;
                }
                return;
            }
        };
        self.ensure_parents(path);
        self.entries
            .insert(path.clone(), Entry { kind, hash, mode });
    }
}

/// The paths of `ops` that someone else changed (`changed`, from [`Base::changed_since`]): at the
/// path, below it, or a directory above it.
pub fn conflicting<'a>(
    ops: impl Iterator<Item = &'a str>,
    changed: &HashSet<String>,
) -> Vec<String> {
    let mut out: Vec<String> = ops
        .filter(|p| changed.iter().any(|c| within(c, p) || within(p, c)))
        .map(str::to_owned)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_again_at_the_same_path_is_queued_once() {
        let mut log = Log::default();
        log.push(Op::Write {
            ino: 5,
            path: "a.txt".into(),
        });
        log.push(Op::Write {
            ino: 5,
            path: "a.txt".into(),
        });
        assert_eq!(log.take().len(), 1);
        // Renamed in between: the first write must reach the old path before the rename.
        log.push(Op::Write {
            ino: 5,
            path: "a.tmp".into(),
        });
        log.push(Op::Rename {
            from: "a.tmp".into(),
            to: "a.txt".into(),
        });
        log.push(Op::Write {
            ino: 5,
            path: "a.tmp".into(),
        });
        assert_eq!(log.take().len(), 3);
        assert_eq!(log.last_seq(), 4);
    }

    #[test]
    fn the_base_follows_sent_changes_and_names_what_others_changed() {
        let mut base = Base::default();
        base.apply(&BatchOp::write("src/a.rs", "a"), Some("h1"));
        base.apply(&BatchOp::rename("src", "lib"), None);
        assert!(base.entries.contains_key("lib"));
        assert_eq!(base.entries["lib/a.rs"].hash, "h1");
        assert!(!base.entries.contains_key("src/a.rs"));

        let mut theirs = base.clone();
        theirs.apply(&BatchOp::write("lib/a.rs", "b"), Some("h2"));
        let changed = base.changed_since(&theirs);
        assert_eq!(changed.len(), 1);
        assert_eq!(
            conflicting(["lib/a.rs", "lib", "other"].into_iter(), &changed),
            vec!["lib".to_owned(), "lib/a.rs".to_owned()]
        );
        assert!(within("lib/a.rs", "lib") && !within("library", "lib"));
    }
}
