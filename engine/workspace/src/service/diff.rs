//! What changed between two trees of a session: the review view of a fork against what it was
//! forked from, or of one checkpoint against another. Subtrees with the same hash are skipped
//! unread, so the cost follows the size of the change, not of the session. Only files and
//! links are listed (a directory is its files).

use aether_types::workspace::{Diff, FileChange, FileDiff, TreeRef};

use super::Workspaces;
use crate::{
    Result,
    path::WsPath,
    tree::{Entry, EntryKind, Tree},
};

/// The entry if it is a file or a link (directories are compared through their files).
fn file(entry: Option<&Entry>) -> Option<&Entry> {
    entry.filter(|e| e.kind != EntryKind::Dir)
}

/// Texts above this are left out of a diff (the file is listed as too large).
pub const MAX_DIFF_TEXT: u64 = 512 * 1024;

impl Workspaces {
    pub async fn diff(&self, id: &str, from: &TreeRef, to: &TreeRef) -> Result<Diff> {
        let session = self.load(id).await?;
        let from_root = self.root_of(&session, from).await?;
        let to_root = self.root_of(&session, to).await?;
        let mut files = Vec::new();
        // Pairs of directories to compare; `None` is a side where the directory is absent.
        let mut pending = vec![(WsPath::root(), from_root.clone(), to_root.clone())];
        while let Some((dir, before, after)) = pending.pop() {
            if before == after {
                continue;
            }
            let before = self.tree_or_empty(before.as_deref()).await?;
            let after = self.tree_or_empty(after.as_deref()).await?;
            let mut names: Vec<&String> =
                before.entries.keys().chain(after.entries.keys()).collect();
            names.sort();
            names.dedup();
            for name in names {
                let path = dir.join(name);
                let (old, new) = (before.entries.get(name), after.entries.get(name));
                if old.map(|e| (&e.hash, e.kind)) == new.map(|e| (&e.hash, e.kind)) {
                    continue;
                }
                let dir_hash = |e: Option<&Entry>| {
                    e.filter(|e| e.kind == EntryKind::Dir)
                        .map(|e| e.hash.clone())
                };
                if dir_hash(old).is_some() || dir_hash(new).is_some() {
                    pending.push((path.clone(), dir_hash(old), dir_hash(new)));
                }
                let (old_file, new_file) = (file(old), file(new));
                if old_file.is_some() || new_file.is_some() {
                    files.push(self.file_diff(&path, old_file, new_file).await?);
                }
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let name = |root: Option<String>| root.unwrap_or_else(|| "empty".to_owned());
        Ok(Diff {
            from_root: name(from_root),
            to_root: name(to_root),
            files,
        })
    }

    /// The root hash a reference names; `None` is the empty tree.
    async fn root_of(
        &self,
        session: &aether_store::workspace::SessionRecord,
        tree: &TreeRef,
    ) -> Result<Option<String>> {
        Ok(match tree {
            TreeRef::Head => Some(session.head.root.clone()),
            TreeRef::Checkpoint(checkpoint) => {
                Some(self.checkpoint_of(session, checkpoint).await?.head.root)
            }
            TreeRef::Base => match (&session.parent, &session.base_commit) {
                (Some(parent), _) => Some(parent.root.clone()),
                (None, Some(commit)) => self.store().commit(commit).await?.map(|c| c.root),
                (None, None) => None,
            },
        })
    }

    async fn tree_or_empty(&self, hash: Option<&str>) -> Result<Tree> {
        match hash {
            Some(hash) => self.objects.tree(hash).await,
            None => Ok(Tree::default()),
        }
    }

    async fn file_diff(
        &self,
        path: &WsPath,
        old: Option<&Entry>,
        new: Option<&Entry>,
    ) -> Result<FileDiff> {
        let change = match (old, new) {
            (None, _) => FileChange::Added,
            (_, None) => FileChange::Deleted,
            _ => FileChange::Modified,
        };
        let too_large = [old, new].iter().flatten().any(|e| e.size > MAX_DIFF_TEXT);
        let mut texts = [None, None];
        let mut binary = false;
        if !too_large {
            for (slot, entry) in texts.iter_mut().zip([old, new]) {
                if let Some(entry) = entry {
                    let bytes = self.objects.blob(&entry.hash).await?;
                    match String::from_utf8(bytes) {
                        Ok(text) if !text.contains('\0') => *slot = Some(text),
                        _ => binary = true,
                    }
                }
            }
            if binary {
                texts = [None, None];
            }
        }
        let [before, after] = texts;
        Ok(FileDiff {
            path: path.to_string(),
            change,
            binary,
            too_large,
            before,
            after,
            before_size: old.map(|e| e.size),
            after_size: new.map(|e| e.size),
        })
    }
}
