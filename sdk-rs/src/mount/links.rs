//! Where a link leads when the kernel follows it. `check_link_target` judges a target by its
//! text; the kernel walks it component by component through the links it meets, so `up -> ..`
//! beside `out -> up/../..` passes the first test yet leaves the session. Walking the mount's
//! own tree the way the kernel will catches that.

use super::tree::{Ino, ROOT, Tree};
use crate::workspace::EntryKind;

/// More links on one walk than this is a loop (Linux's own limit).
const MAX_HOPS: usize = 40;

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Inside,
    Outside,
    /// The walk meets this link, whose target the mount has not read yet.
    NeedTarget(Ino),
}

/// A point of the walk: a node of the tree, or a path below `depth` levels that the tree does
/// not hold (yet), which only its text can say more about.
#[derive(Clone, Copy)]
enum At {
    Node(Ino),
    Beyond(usize),
}

/// Whether following `target` from directory `dir` stays inside the session.
pub fn judge(tree: &Tree, dir: Ino, target: &str) -> Verdict {
    let mut hops = 0;
    match walk(tree, At::Node(dir), target, &mut hops) {
        Ok(_) => Verdict::Inside,
        Err(verdict) => verdict,
    }
}

fn depth(tree: &Tree, mut ino: Ino) -> usize {
    let mut levels = 0;
    while ino != ROOT {
        match tree.get(ino) {
            Some(node) => ino = node.parent,
            None => break,
        }
        levels += 1;
    }
    levels
}

fn walk(tree: &Tree, from: At, target: &str, hops: &mut usize) -> Result<At, Verdict> {
    if target.starts_with('/') {
        return Err(Verdict::Outside);
    }
    let mut at = from;
    for part in target.split('/') {
        at = match (part, at) {
            ("" | ".", at) => at,
            ("..", At::Node(ROOT)) | ("..", At::Beyond(0)) => return Err(Verdict::Outside),
            ("..", At::Node(ino)) => At::Node(tree.get(ino).map_or(ROOT, |n| n.parent)),
            ("..", At::Beyond(levels)) => At::Beyond(levels - 1),
            (name, At::Node(ino)) => match tree.lookup(ino, name) {
                Some(child) => match tree.get(child) {
                    Some(node) if node.kind == EntryKind::Symlink => {
                        *hops += 1;
                        if *hops > MAX_HOPS {
                            return Err(Verdict::Outside);
                        }
                        let Some(link_target) = node.target.clone() else {
                            return Err(Verdict::NeedTarget(child));
                        };
                        walk(tree, At::Node(ino), &link_target, hops)?
                    }
                    _ => At::Node(child),
                },
                None => At::Beyond(depth(tree, ino) + 1),
            },
            (_, At::Beyond(levels)) => At::Beyond(levels + 1),
        };
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;

    fn link(tree: &mut Tree, dir: Ino, name: &str, target: &str) -> Ino {
        let ino = tree.insert(dir, name, EntryKind::Symlink, 0o777, SystemTime::UNIX_EPOCH);
        tree.get_mut(ino).unwrap().target = Some(target.into());
        ino
    }

    #[test]
    fn a_chain_of_links_that_each_stay_inside_can_still_lead_out() {
        let now = SystemTime::UNIX_EPOCH;
        let mut tree = Tree::new(now);
        let sub = tree.insert(ROOT, "sub", EntryKind::Dir, 0o755, now);
        link(&mut tree, sub, "up", "..");
        assert_eq!(judge(&tree, sub, ".."), Verdict::Inside);
        assert_eq!(judge(&tree, ROOT, "sub/up/../.."), Verdict::Outside);
        assert_eq!(judge(&tree, ROOT, "sub/up/sub"), Verdict::Inside);
        assert_eq!(judge(&tree, ROOT, "missing/../sub"), Verdict::Inside);
        assert_eq!(judge(&tree, ROOT, "missing/../.."), Verdict::Outside);
        assert_eq!(judge(&tree, ROOT, "/etc/passwd"), Verdict::Outside);
        let looped = link(&mut tree, ROOT, "loop", "loop");
        assert_eq!(judge(&tree, ROOT, "loop"), Verdict::Outside);
        tree.get_mut(looped).unwrap().target = None;
        assert_eq!(judge(&tree, ROOT, "loop/x"), Verdict::NeedTarget(looped));
    }
}
