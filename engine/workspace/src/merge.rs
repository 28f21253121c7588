//! Three-way merge of trees: every path is compared across the common ancestor (base), ours and
//! theirs. A side that left a path as the base had it takes the other side's version; when both
//! changed one text file, their edits are merged line by line (`diffy`); anything else that both
//! changed differently is a [`Conflict`]. A merge with conflicts changes nothing: each conflict
//! names the three versions, so no one's work is dropped.

use std::{
    collections::{BTreeMap, BTreeSet},
    ops::Bound,
};

use aether_types::workspace::Conflict;

use crate::{
    Result,
    path::WsPath,
    tree::{Entry, EntryKind, Objects},
};

/// Largest text, per side, merged line by line; beyond it (or [`MAX_MERGE_LINES`]) a file both
/// sides changed is a `too-large` conflict. The line merge costs O(lines x differences), so
/// these bound one file's merge to well under a second.
pub const MAX_MERGE_BYTES: usize = 4 << 20;
/// Most lines, per side, merged line by line.
pub const MAX_MERGE_LINES: usize = 20_000;

/// The line merge of one file, on a blocking thread (it is CPU-bound and must not stall the
/// runtime); `None` when a side is over the size bounds.
async fn merge_text(
    base: String,
    ours: String,
    theirs: String,
) -> Result<Option<Result<String, String>>> {
    let over = |text: &str| text.len() > MAX_MERGE_BYTES || text.lines().count() > MAX_MERGE_LINES;
    if over(&base) || over(&ours) || over(&theirs) {
        return Ok(None);
    }
    tokio::task::spawn_blocking(move || Some(diffy::merge(&base, &ours, &theirs)))
        .await
        .map_err(|e| crate::Error::Internal(format!("merge task: {e}")))
}

/// What to do to "ours" to merge "theirs" in.
#[derive(Debug, Default)]
pub struct Plan {
    /// Removed first (files and directories).
    pub deletes: Vec<WsPath>,
    pub writes: Vec<(WsPath, EntryKind, Vec<u8>, u32)>,
    pub mkdirs: Vec<WsPath>,
    /// Paths whose content combined edits from both sides.
    pub combined: Vec<String>,
    pub conflicts: Vec<Conflict>,
}

fn same(a: Option<&Entry>, b: Option<&Entry>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.kind == b.kind && a.hash == b.hash && a.mode == b.mode,
        _ => false,
    }
}

fn pick<'a>(side: &'a BTreeMap<WsPath, Entry>, path: &WsPath) -> Option<&'a Entry> {
    side.get(path).filter(|e| e.kind != EntryKind::Dir)
}

async fn flat(objects: &Objects, root: Option<&str>) -> Result<BTreeMap<WsPath, Entry>> {
    Ok(match root {
        Some(root) => objects.walk(root).await?.into_iter().collect(),
        None => BTreeMap::new(),
    })
}

pub async fn plan(objects: &Objects, base: Option<&str>, ours: &str, theirs: &str) -> Result<Plan> {
    let base = flat(objects, base).await?;
    let ours = flat(objects, Some(ours)).await?;
    let theirs = flat(objects, Some(theirs)).await?;
    let mut plan = Plan::default();
    let is_content = |e: &Entry| e.kind != EntryKind::Dir;
    let paths: BTreeSet<&WsPath> = base
        .iter()
        .chain(&ours)
        .chain(&theirs)
        .filter(|(_, e)| is_content(e))
        .map(|(p, _)| p)
        .collect();
    let mut kept_files: BTreeSet<WsPath> = BTreeSet::new();
    for path in paths {
        let (b, o, t) = (pick(&base, path), pick(&ours, path), pick(&theirs, path));
        if same(o, t) || same(t, b) {
            if o.is_some() {
                kept_files.insert(path.clone());
            }
            continue;
        }
        if same(o, b) {
            match t {
                Some(t) => {
                    let content = objects.blob(&t.hash).await?;
                    plan.writes.push((path.clone(), t.kind, content, t.mode));
                    kept_files.insert(path.clone());
                }
                None => plan.deletes.push(path.clone()),
            }
            continue;
        }
        // Both sides changed the path, differently.
        let conflict = |reason: &str, marked: Option<String>| Conflict {
            path: path.to_string(),
            reason: reason.to_owned(),
            base: b.map(|e| e.hash.clone()),
            ours: o.map(|e| e.hash.clone()),
            theirs: t.map(|e| e.hash.clone()),
            marked,
        };
        match (o, t) {
            (Some(o), Some(t)) if o.kind == EntryKind::File && t.kind == EntryKind::File => {
                let base_text = match b.filter(|b| b.kind == EntryKind::File) {
                    Some(b) => String::from_utf8(objects.blob(&b.hash).await?).ok(),
                    None => Some(String::new()),
                };
                let ours_text = String::from_utf8(objects.blob(&o.hash).await?).ok();
                let theirs_text = String::from_utf8(objects.blob(&t.hash).await?).ok();
                let (Some(base_text), Some(ours_text), Some(theirs_text)) =
                    (base_text, ours_text, theirs_text)
                else {
                    plan.conflicts.push(conflict("binary", None));
                    continue;
                };
                match merge_text(base_text, ours_text, theirs_text).await? {
                    None => plan.conflicts.push(conflict("too-large", None)),
                    Some(Ok(merged)) => {
                        plan.writes.push((
                            path.clone(),
                            EntryKind::File,
                            merged.into_bytes(),
                            o.mode,
                        ));
                        plan.combined.push(path.to_string());
                        kept_files.insert(path.clone());
                    }
                    Some(Err(marked)) => {
                        let reason = if b.is_some() { "content" } else { "add-add" };
                        plan.conflicts.push(conflict(reason, Some(marked)));
                    }
                }
            }
            (Some(_), Some(_)) => plan.conflicts.push(conflict("kind", None)),
            _ => plan.conflicts.push(conflict("modify-delete", None)),
        }
    }
    // Explicit directories: theirs' new ones are made; ones theirs removed go if nothing that
    // survives the merge lives under them.
    let is_dir = |side: &BTreeMap<WsPath, Entry>, p: &WsPath| {
        side.get(p).is_some_and(|e| e.kind == EntryKind::Dir)
    };
    for (path, entry) in &theirs {
        if entry.kind == EntryKind::Dir && !is_dir(&base, path) && !is_dir(&ours, path) {
            plan.mkdirs.push(path.clone());
        }
    }
    // Paths sort with everything below a directory right after it, so each question about a
    // directory's contents is a range scan, not a pass over every path.
    let mut deleted: BTreeSet<WsPath> = plan.deletes.iter().cloned().collect();
    let from = |path: &WsPath| (Bound::Included(path.clone()), Bound::Unbounded);
    for (path, entry) in &base {
        if entry.kind == EntryKind::Dir
            && is_dir(&ours, path)
            && !is_dir(&theirs, path)
            && kept_files
                .range(from(path))
                .take_while(|p| p.starts_with(path))
                .next()
                .is_none()
            && !ours
                .range(from(path))
                .map(|(p, _)| p)
                .take_while(|p| p.starts_with(path))
                .any(|p| p != path && !base.contains_key(p))
            && !deleted.contains(path)
            && !path.ancestors().any(|a| deleted.contains(&a))
        {
            deleted.insert(path.clone());
            plan.deletes.push(path.clone());
        }
    }
    Ok(plan)
}
