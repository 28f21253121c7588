//! Trees of content-addressed objects, as git keeps them: a file's content is stored once under
//! its SHA-256; a directory is an object listing its entries (name → kind, hash, size, mode) and
//! is itself stored under the hash of that listing. A session's state is one root hash, so a
//! checkpoint or a fork records a hash and copies nothing; an edit rewrites only the directories
//! on the path from the edited entry to the root.
//!
//! Each directory entry also carries the byte and file totals below it, so the size of any tree
//! is known from its root without walking it.

use std::{
    collections::{BTreeMap, HashMap, btree_map},
    sync::Arc,
};

use aether_store::workspace::WorkspaceStore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Error, Result, path::WsPath};

/// Prefix of every encoded directory, so a directory can never be mistaken for a file that
/// happens to contain JSON.
const TREE_MAGIC: &[u8] = b"aether-tree-v1\n";

pub const DEFAULT_FILE_MODE: u32 = 0o644;
pub const EXECUTABLE_MODE: u32 = 0o755;
pub const DIR_MODE: u32 = 0o755;
pub const SYMLINK_MODE: u32 = 0o777;

/// The API's kinds are the tree's: their serde names are part of the stored directory format.
pub use aether_types::workspace::EntryKind;

/// One name in a directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub kind: EntryKind,
    pub hash: String,
    /// Content length of a file or link; total bytes of the files below a directory.
    pub size: u64,
    pub mode: u32,
    /// Files (and links) below a directory; 1 for a file or link.
    #[serde(default)]
    pub files: u64,
}

/// A stored directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tree {
    pub entries: BTreeMap<String, Entry>,
}

impl Tree {
    pub fn encode(&self) -> Result<Vec<u8>> {
        let mut bytes = TREE_MAGIC.to_vec();
        serde_json::to_writer(&mut bytes, &self.entries)
            .map_err(|e| Error::Internal(format!("encoding a tree: {e}")))?;
        Ok(bytes)
    }

    pub fn decode(hash: &str, bytes: &[u8]) -> Result<Self> {
        let body = bytes
            .strip_prefix(TREE_MAGIC)
            .ok_or_else(|| Error::Internal(format!("object {hash} is not a directory")))?;
        let entries = serde_json::from_slice(body)
            .map_err(|e| Error::Internal(format!("object {hash} is corrupt: {e}")))?;
        Ok(Self { entries })
    }

    /// (bytes, files) below this directory.
    pub fn totals(&self) -> (u64, u64) {
        self.entries
            .values()
            .fold((0, 0), |(size, files), e| (size + e.size, files + e.files))
    }
}

/// The hex SHA-256 of some bytes: the name of an object.
pub fn hash_bytes(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Content above this is hashed on a blocking thread: the SHA-256 of a file near the 64 MiB limit
/// takes long enough to hold up every other request on the runtime's thread.
const BLOCKING_HASH_BYTES: usize = 1 << 20;

/// The hash of `content`, and `content` back; off the async runtime when it is large.
pub async fn hash_content(content: Vec<u8>) -> Result<(String, Vec<u8>)> {
    if content.len() <= BLOCKING_HASH_BYTES {
        return Ok((hash_bytes(&content), content));
    }
    tokio::task::spawn_blocking(move || (hash_bytes(&content), content))
        .await
        .map_err(|e| Error::Internal(format!("hashing task: {e}")))
}

/// The encoded empty directory and its hash.
pub fn empty_tree() -> Result<(String, Vec<u8>)> {
    let bytes = Tree::default().encode()?;
    Ok((hash_bytes(&bytes), bytes))
}

/// Reads objects from the workspace store.
#[derive(Clone)]
pub struct Objects {
    store: Arc<dyn WorkspaceStore>,
}

impl Objects {
    pub fn new(store: Arc<dyn WorkspaceStore>) -> Self {
        Self { store }
    }

    pub fn store(&self) -> &Arc<dyn WorkspaceStore> {
        &self.store
    }

    async fn get(&self, hash: &str) -> Result<Vec<u8>> {
        self.store
            .object(hash)
            .await?
            .ok_or_else(|| Error::Internal(format!("object {hash} is missing")))
    }

    pub async fn tree(&self, hash: &str) -> Result<Tree> {
        Tree::decode(hash, &self.get(hash).await?)
    }

    pub async fn blob(&self, hash: &str) -> Result<Vec<u8>> {
        self.get(hash).await
    }

    pub async fn put(&self, objects: Vec<(String, Vec<u8>)>) -> Result<()> {
        Ok(self.store.put_objects(objects).await?)
    }

    /// Every entry of the tree, depth first in path order (a directory before its contents).
    pub async fn walk(&self, root: &str) -> Result<Vec<(WsPath, Entry)>> {
        let mut out = Vec::new();
        let mut stack: Vec<(WsPath, Entry)> = Vec::new();
        let push_children = |stack: &mut Vec<(WsPath, Entry)>, dir: &WsPath, tree: Tree| {
            // Reversed, so that popping yields path order.
            for (name, entry) in tree.entries.into_iter().rev() {
                stack.push((dir.join(&name), entry));
            }
        };
        push_children(&mut stack, &WsPath::root(), self.tree(root).await?);
        while let Some((path, entry)) = stack.pop() {
            if entry.kind == EntryKind::Dir {
                push_children(&mut stack, &path, self.tree(&entry.hash).await?);
            }
            out.push((path, entry));
        }
        Ok(out)
    }

    /// The entry at a path of a tree (`None` if absent), reading only the directories on the way.
    pub async fn lookup(&self, root: &str, path: &WsPath) -> Result<Option<Entry>> {
        let mut tree = self.tree(root).await?;
        let components = path.components();
        for (i, name) in components.iter().enumerate() {
            let Some(entry) = tree.entries.remove(name) else {
                return Ok(None);
            };
            if i + 1 == components.len() {
                return Ok(Some(entry));
            }
            if entry.kind != EntryKind::Dir {
                return Ok(None);
            }
            tree = self.tree(&entry.hash).await?;
        }
        Ok(None)
    }
}

/// An entry of a directory being edited.
#[derive(Debug)]
enum Slot {
    /// Untouched (a file, or a directory not yet read).
    Stored(Entry),
    /// A directory read into memory, possibly changed.
    Dir(DirNode),
}

#[derive(Debug)]
struct DirNode {
    entries: BTreeMap<String, Slot>,
    /// The stored entry it was read from; `None` for a new directory.
    stored: Option<Entry>,
    /// Its permission bits: the stored entry's until a chmod changes them.
    mode: u32,
    changed: bool,
}

impl Default for DirNode {
    fn default() -> Self {
        Self {
            entries: BTreeMap::new(),
            stored: None,
            mode: DIR_MODE,
            changed: false,
        }
    }
}

impl DirNode {
    fn from_tree(tree: Tree, stored: Option<Entry>) -> Self {
        Self {
            entries: tree
                .entries
                .into_iter()
                .map(|(name, entry)| (name, Slot::Stored(entry)))
                .collect(),
            mode: stored.as_ref().map_or(DIR_MODE, |s| s.mode),
            stored,
            changed: false,
        }
    }
}

/// A new tree: its root hash, its totals, and the objects to store before it is referenced.
#[derive(Debug)]
pub struct Built {
    pub root: String,
    pub size_bytes: u64,
    pub file_count: u64,
    pub objects: Vec<(String, Vec<u8>)>,
}

/// Edits a tree in memory, reading directories as the edits reach them; [`Editor::finish`]
/// writes out only the directories that changed.
pub struct Editor {
    objects: Objects,
    root: DirNode,
    blobs: HashMap<String, Vec<u8>>,
}

impl Editor {
    pub async fn open(objects: Objects, root: &str) -> Result<Self> {
        let tree = objects.tree(root).await?;
        Ok(Self {
            objects,
            root: DirNode::from_tree(tree, None),
            blobs: HashMap::new(),
        })
    }

    pub fn empty(objects: Objects) -> Self {
        Self {
            objects,
            root: DirNode {
                changed: true,
                ..DirNode::default()
            },
            blobs: HashMap::new(),
        }
    }

    /// The directory at `path`, read into memory. With `create`, missing directories are made;
    /// with `change`, every directory on the way is marked for rewriting.
    async fn dir(&mut self, path: &WsPath, create: bool, change: bool) -> Result<&mut DirNode> {
        let objects = &self.objects;
        let mut node = &mut self.root;
        for (depth, name) in path.components().iter().enumerate() {
            node.changed |= change;
            let here = || path.components()[..=depth].join("/");
            let slot = match node.entries.entry(name.clone()) {
                btree_map::Entry::Occupied(o) => o.into_mut(),
                btree_map::Entry::Vacant(v) if create => v.insert(Slot::Dir(DirNode {
                    changed: true,
                    ..DirNode::default()
                })),
                btree_map::Entry::Vacant(_) => {
                    return Err(Error::NotFound(format!("directory {}", here())));
                }
            };
            if let Slot::Stored(entry) = slot {
                if entry.kind != EntryKind::Dir {
                    return Err(Error::NotADirectory(here()));
                }
                let tree = objects.tree(&entry.hash).await?;
                *slot = Slot::Dir(DirNode::from_tree(tree, Some(entry.clone())));
            }
            node = match slot {
                Slot::Dir(dir) => dir,
                Slot::Stored(_) => return Err(Error::Internal("directory not loaded".into())),
            };
        }
        node.changed |= change;
        Ok(node)
    }

    /// The entry at `path` as it stands in the edit (directories report their stored totals).
    pub async fn get(&mut self, path: &WsPath) -> Result<Option<Entry>> {
        let (Some(parent), Some(name)) = (path.parent(), path.name()) else {
            return Ok(None);
        };
        let dir = match self.dir(&parent, false, false).await {
            Ok(dir) => dir,
            Err(Error::NotFound(_) | Error::NotADirectory(_)) => return Ok(None),
            Err(err) => return Err(err),
        };
        Ok(match dir.entries.get(name) {
            None => None,
            Some(Slot::Stored(entry)) => Some(entry.clone()),
            Some(Slot::Dir(node)) => Some(match node.stored.clone() {
                Some(stored) => Entry {
                    mode: node.mode,
                    ..stored
                },
                None => Entry {
                    kind: EntryKind::Dir,
                    hash: String::new(),
                    size: 0,
                    mode: node.mode,
                    files: 0,
                },
            }),
        })
    }

    /// Writes a file (or link), making missing parent directories.
    pub async fn write(
        &mut self,
        path: &WsPath,
        kind: EntryKind,
        content: Vec<u8>,
        mode: u32,
    ) -> Result<()> {
        let (Some(parent), Some(name)) = (path.parent(), path.name()) else {
            return Err(Error::invalid("cannot write the session root"));
        };
        let (hash, content) = hash_content(content).await?;
        let size = content.len() as u64;
        self.blobs.entry(hash.clone()).or_insert(content);
        let dir = self.dir(&parent, true, true).await?;
        if let Some(Slot::Dir(_))
        | Some(Slot::Stored(Entry {
            kind: EntryKind::Dir,
            ..
        })) = dir.entries.get(name)
        {
            return Err(Error::IsADirectory(path.to_string()));
        }
        dir.entries.insert(
            name.to_owned(),
            Slot::Stored(Entry {
                kind,
                hash,
                size,
                mode,
                files: 1,
            }),
        );
        Ok(())
    }

    /// Sets the permission bits of a file or directory, keeping its content. A link has no mode
    /// of its own (its target's applies), so it is refused.
    pub async fn chmod(&mut self, path: &WsPath, mode: u32) -> Result<()> {
        let (Some(parent), Some(name)) = (path.parent(), path.name()) else {
            return Err(Error::invalid("cannot change the mode of the session root"));
        };
        let entry = self
            .get(path)
            .await?
            .ok_or_else(|| Error::NotFound(path.to_string()))?;
        match entry.kind {
            EntryKind::Symlink => Err(Error::invalid(format!(
                "{path} is a symbolic link, which has no mode of its own"
            ))),
            // Read into memory (and marked, with every directory above it, for rewriting) so
            // that `seal` writes the new mode into its parent's listing.
            EntryKind::Dir => {
                self.dir(path, false, true).await?.mode = mode;
                Ok(())
            }
            EntryKind::File => {
                let dir = self.dir(&parent, false, true).await?;
                match dir.entries.get_mut(name) {
                    Some(Slot::Stored(entry)) => {
                        entry.mode = mode;
                        Ok(())
                    }
                    _ => Err(Error::NotFound(path.to_string())),
                }
            }
        }
    }

    /// `mkdir -p`.
    pub async fn mkdir(&mut self, path: &WsPath) -> Result<()> {
        self.dir(path, true, true).await.map(|_| ())
    }

    /// Removes a file, link or whole directory.
    pub async fn delete(&mut self, path: &WsPath) -> Result<()> {
        self.take(path).await.map(|_| ())
    }

    async fn take(&mut self, path: &WsPath) -> Result<Slot> {
        let (Some(parent), Some(name)) = (path.parent(), path.name()) else {
            return Err(Error::invalid("cannot remove the session root"));
        };
        if self.get(path).await?.is_none() {
            return Err(Error::NotFound(path.to_string()));
        }
        let dir = self.dir(&parent, false, true).await?;
        dir.entries
            .remove(name)
            .ok_or_else(|| Error::NotFound(path.to_string()))
    }

    /// Moves an entry; the destination must not exist and must not be inside the source.
    pub async fn rename(&mut self, from: &WsPath, to: &WsPath) -> Result<()> {
        if to.starts_with(from) {
            return Err(Error::invalid(format!(
                "cannot move {from} into itself ({to})"
            )));
        }
        let (Some(parent), Some(name)) = (to.parent(), to.name()) else {
            return Err(Error::invalid("cannot rename onto the session root"));
        };
        if self.get(to).await?.is_some() {
            return Err(Error::AlreadyExists(to.to_string()));
        }
        let slot = self.take(from).await?;
        let dir = self.dir(&parent, true, true).await?;
        dir.entries.insert(name.to_owned(), slot);
        Ok(())
    }

    /// The new tree. Nothing is stored yet: the caller checks limits, then stores `objects`.
    pub fn finish(mut self) -> Result<Built> {
        let mut objects: Vec<(String, Vec<u8>)> = self.blobs.drain().collect();
        let root = seal(self.root, &mut objects)?;
        Ok(Built {
            root: root.hash,
            size_bytes: root.size,
            file_count: root.files,
            objects,
        })
    }
}

/// Encodes a changed directory (and its changed subdirectories), bottom up.
fn seal(node: DirNode, objects: &mut Vec<(String, Vec<u8>)>) -> Result<Entry> {
    if !node.changed
        && let Some(stored) = node.stored
    {
        return Ok(stored);
    }
    let mut tree = Tree::default();
    for (name, slot) in node.entries {
        let entry = match slot {
            Slot::Stored(entry) => entry,
            Slot::Dir(dir) => seal(dir, objects)?,
        };
        tree.entries.insert(name, entry);
    }
    let (size, files) = tree.totals();
    let bytes = tree.encode()?;
    let hash = hash_bytes(&bytes);
    objects.push((hash.clone(), bytes));
    Ok(Entry {
        kind: EntryKind::Dir,
        hash,
        size,
        mode: node.mode,
        files,
    })
}
