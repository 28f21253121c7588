//! The mount's view of the session: inodes for the paths of the last manifest, with the local
//! changes not yet sent applied on top. Pure data: no I/O, no locking.

use std::collections::{BTreeMap, HashMap};
use std::time::SystemTime;

use crate::workspace::{EntryKind, Manifest};

pub type Ino = u64;
pub const ROOT: Ino = 1;

pub struct Node {
    pub parent: Ino,
    pub name: String,
    pub kind: EntryKind,
    pub mode: u32,
    pub size: u64,
    /// The hash of the bytes the server holds for this node, when the local bytes are those.
    pub hash: Option<String>,
    /// The local bytes differ from `hash`: they live in the node's staging file.
    pub dirty: bool,
    /// Bumped by every local change to the bytes, so a send can tell whether it sent the latest.
    pub generation: u64,
    /// A link's target, once read or made here.
    pub target: Option<String>,
    pub children: BTreeMap<String, Ino>,
    pub mtime: SystemTime,
}

impl Node {
    fn new(parent: Ino, name: &str, kind: EntryKind, mode: u32, mtime: SystemTime) -> Self {
        Self {
            parent,
            name: name.to_owned(),
            kind,
            mode,
            size: 0,
            hash: None,
            dirty: false,
            generation: 0,
            target: None,
            children: BTreeMap::new(),
            mtime,
        }
    }
}

/// What a reconciliation with a manifest changed, for the kernel's caches.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changed {
    /// Names added to or removed from a directory.
    pub entries: Vec<(Ino, String)>,
    /// Nodes whose bytes changed.
    pub contents: Vec<Ino>,
}

pub struct Tree {
    nodes: HashMap<Ino, Node>,
    next: Ino,
}

/// The directory mode the engine gives a directory it made (`mkdir -p`).
pub const DIR_MODE: u32 = 0o755;

impl Tree {
    pub fn new(now: SystemTime) -> Self {
        let mut nodes = HashMap::new();
        nodes.insert(ROOT, Node::new(ROOT, "", EntryKind::Dir, DIR_MODE, now));
        Self {
            nodes,
            next: ROOT + 1,
        }
    }

    pub fn get(&self, ino: Ino) -> Option<&Node> {
        self.nodes.get(&ino)
    }

    pub fn get_mut(&mut self, ino: Ino) -> Option<&mut Node> {
        self.nodes.get_mut(&ino)
    }

    pub fn lookup(&self, parent: Ino, name: &str) -> Option<Ino> {
        self.nodes.get(&parent)?.children.get(name).copied()
    }

    /// The session path of a node; empty for the root.
    pub fn path(&self, ino: Ino) -> Option<String> {
        let mut names = Vec::new();
        let mut at = ino;
        while at != ROOT {
            let node = self.nodes.get(&at)?;
            names.push(node.name.as_str());
            at = node.parent;
        }
        names.reverse();
        Some(names.join("/"))
    }

    /// The session path of `name` in directory `parent`.
    pub fn child_path(&self, parent: Ino, name: &str) -> Option<String> {
        let dir = self.path(parent)?;
        Some(if dir.is_empty() {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        })
    }

    pub fn resolve(&self, path: &str) -> Option<Ino> {
        path.split('/')
            .filter(|c| !c.is_empty())
            .try_fold(ROOT, |at, name| self.lookup(at, name))
    }

    pub fn insert(
        &mut self,
        parent: Ino,
        name: &str,
        kind: EntryKind,
        mode: u32,
        mtime: SystemTime,
    ) -> Ino {
        let ino = self.next;
        self.next += 1;
        self.nodes
            .insert(ino, Node::new(parent, name, kind, mode, mtime));
        if let Some(dir) = self.nodes.get_mut(&parent) {
            dir.children.insert(name.to_owned(), ino);
        }
        ino
    }

    /// Removes a node and everything below it, returning them (the caller may still need the
    /// bytes of a file whose write is not sent yet).
    pub fn remove(&mut self, ino: Ino) -> Vec<(Ino, Node)> {
        let Some(node) = self.nodes.remove(&ino) else {
            return Vec::new();
        };
        if let Some(dir) = self.nodes.get_mut(&node.parent) {
            dir.children.remove(&node.name);
        }
        let mut removed = Vec::new();
        let mut stack: Vec<Ino> = node.children.values().copied().collect();
        removed.push((ino, node));
        while let Some(child) = stack.pop() {
            if let Some(n) = self.nodes.remove(&child) {
                stack.extend(n.children.values().copied());
                removed.push((child, n));
            }
        }
        removed
    }

    pub fn move_to(&mut self, ino: Ino, parent: Ino, name: &str) {
        let Some(node) = self.nodes.get_mut(&ino) else {
            return;
        };
        let (old_parent, old_name) = (node.parent, std::mem::replace(&mut node.name, name.into()));
        node.parent = parent;
        if let Some(dir) = self.nodes.get_mut(&old_parent) {
            dir.children.remove(&old_name);
        }
        if let Some(dir) = self.nodes.get_mut(&parent) {
            dir.children.insert(name.to_owned(), ino);
        }
    }

    /// Whether `ino` is `ancestor` or lies below it.
    pub fn is_within(&self, mut ino: Ino, ancestor: Ino) -> bool {
        loop {
            if ino == ancestor {
                return true;
            }
            if ino == ROOT {
                return false;
            }
            match self.nodes.get(&ino) {
                Some(node) => ino = node.parent,
                None => return false,
            }
        }
    }

    /// Every node with its path, parents before children.
    pub fn walk(&self) -> Vec<(String, Ino)> {
        let mut out = Vec::new();
        let mut stack = vec![(String::new(), ROOT)];
        while let Some((path, ino)) = stack.pop() {
            if let Some(node) = self.nodes.get(&ino) {
                for (name, child) in node.children.iter().rev() {
                    let child_path = if path.is_empty() {
                        name.clone()
                    } else {
                        format!("{path}/{name}")
                    };
                    stack.push((child_path, *child));
                }
            }
            if ino != ROOT {
                out.push((path, ino));
            }
        }
        out
    }

    /// Makes the tree the manifest's, except for nodes `keep` names (local changes not yet
    /// sent, which stay as they are).
    pub fn reconcile(
        &mut self,
        manifest: &Manifest,
        now: SystemTime,
        keep: impl Fn(&Node) -> bool,
    ) -> Changed {
        let mut changed = Changed::default();
        let remote: HashMap<&str, &crate::workspace::ManifestEntry> = manifest
            .entries
            .iter()
            .map(|e| (e.path.as_str(), e))
            .collect();
        for (path, ino) in self.walk() {
            let Some(node) = self.nodes.get(&ino) else {
                continue; // removed with its parent
            };
            if keep(node) {
                continue;
            }
            match remote.get(path.as_str()) {
                Some(entry) if entry.kind == node.kind => {
                    let content_changed = entry.kind != EntryKind::Dir
                        && node.hash.as_deref() != Some(entry.hash.as_str());
                    let Some(node) = self.nodes.get_mut(&ino) else {
                        continue;
                    };
                    node.mode = entry.mode;
                    if content_changed {
                        node.hash = Some(entry.hash.clone());
                        node.size = entry.size;
                        node.target = None;
                        node.mtime = now;
                        changed.contents.push(ino);
                    }
                }
                _ => {
                    let (parent, name) = (node.parent, node.name.clone());
                    self.remove(ino);
                    changed.entries.push((parent, name));
                }
            }
        }
        for entry in &manifest.entries {
            if self.resolve(&entry.path).is_some() {
                continue;
            }
            let (dir, name) = match entry.path.rsplit_once('/') {
                Some((dir, name)) => (dir, name),
                None => ("", entry.path.as_str()),
            };
            // The manifest lists a directory before what it holds.
            let Some(parent) = self.resolve(dir) else {
                continue;
            };
            let ino = self.insert(parent, name, entry.kind, entry.mode, now);
            if let Some(node) = self.nodes.get_mut(&ino) {
                node.size = entry.size;
                if entry.kind != EntryKind::Dir {
                    node.hash = Some(entry.hash.clone());
                }
            }
            changed.entries.push((parent, name.to_owned()));
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::ManifestEntry;

    fn entry(path: &str, kind: EntryKind, hash: &str) -> ManifestEntry {
        ManifestEntry {
            path: path.into(),
            kind,
            size: hash.len() as u64,
            hash: hash.into(),
            mode: 0o644,
        }
    }

    fn manifest(entries: Vec<ManifestEntry>) -> Manifest {
        Manifest {
            session_id: "s".into(),
            revision: 1,
            root: "r".into(),
            size_bytes: 0,
            file_count: entries.len() as u64,
            entries,
        }
    }

    #[test]
    fn reconciling_adds_changes_and_removes_paths_but_keeps_local_ones() {
        let now = SystemTime::UNIX_EPOCH;
        let mut tree = Tree::new(now);
        let first = manifest(vec![
            entry("src", EntryKind::Dir, ""),
            entry("src/a.rs", EntryKind::File, "h1"),
            entry("old.txt", EntryKind::File, "h2"),
        ]);
        tree.reconcile(&first, now, |_| false);
        let a = tree.resolve("src/a.rs").unwrap();
        assert_eq!(tree.path(a).unwrap(), "src/a.rs");
        let local = tree.insert(ROOT, "mine.txt", EntryKind::File, 0o644, now);
        tree.get_mut(local).unwrap().dirty = true;

        let second = manifest(vec![
            entry("src", EntryKind::Dir, ""),
            entry("src/a.rs", EntryKind::File, "h3"),
            entry("new.txt", EntryKind::File, "h4"),
        ]);
        let changed = tree.reconcile(&second, now, |n| n.dirty);
        assert_eq!(changed.contents, vec![a]);
        assert!(tree.resolve("old.txt").is_none());
        assert!(tree.resolve("new.txt").is_some());
        assert_eq!(tree.resolve("mine.txt"), Some(local), "a local file stays");
        assert_eq!(tree.get(a).unwrap().hash.as_deref(), Some("h3"));
        assert!(changed.entries.contains(&(ROOT, "old.txt".into())));
        assert!(changed.entries.contains(&(ROOT, "new.txt".into())));
    }

    #[test]
    fn moving_and_removing_keep_parents_and_paths_true() {
        let now = SystemTime::UNIX_EPOCH;
        let mut tree = Tree::new(now);
        let dir = tree.insert(ROOT, "d", EntryKind::Dir, DIR_MODE, now);
        let file = tree.insert(dir, "f", EntryKind::File, 0o644, now);
        let other = tree.insert(ROOT, "e", EntryKind::Dir, DIR_MODE, now);
        tree.move_to(dir, other, "d2");
        assert_eq!(tree.path(file).unwrap(), "e/d2/f");
        assert!(tree.is_within(file, other));
        assert!(!tree.is_within(other, dir));
        let removed = tree.remove(other);
        assert_eq!(removed.len(), 3);
        assert!(tree.get(file).is_none());
        assert!(tree.get(ROOT).unwrap().children.is_empty());
    }
}
