// A session's file tree from its manifest (a flat list of paths): directories first, then
// files, each sorted by name; directories that only appear as a prefix are made up.

import type { EntryKind, ManifestEntry } from '../api/types';

export interface TreeNode {
  /** The full path, without a leading slash. */
  path: string;
  name: string;
  kind: EntryKind;
  size: number;
  children: TreeNode[];
}

function normalise(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+$/, '');
}

export function buildTree(entries: readonly ManifestEntry[]): TreeNode[] {
  const root: TreeNode = { path: '', name: '', kind: 'dir', size: 0, children: [] };
  const dirs = new Map<string, TreeNode>([['', root]]);

  const dirFor = (path: string): TreeNode => {
    const existing = dirs.get(path);
    if (existing) return existing;
    const cut = path.lastIndexOf('/');
    const parent = dirFor(cut < 0 ? '' : path.slice(0, cut));
    const node: TreeNode = { path, name: path.slice(cut + 1), kind: 'dir', size: 0, children: [] };
    parent.children.push(node);
    dirs.set(path, node);
    return node;
  };

  for (const entry of entries) {
    const path = normalise(entry.path);
    if (path === '') continue;
    if (entry.kind === 'dir') {
      dirFor(path);
      continue;
    }
    const cut = path.lastIndexOf('/');
    const parent = dirFor(cut < 0 ? '' : path.slice(0, cut));
    parent.children.push({
      path,
      name: path.slice(cut + 1),
      kind: entry.kind,
      size: entry.size,
      children: [],
    });
  }

  const sort = (node: TreeNode) => {
    node.children.sort((a, b) => {
      if ((a.kind === 'dir') !== (b.kind === 'dir')) return a.kind === 'dir' ? -1 : 1;
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
    node.children.forEach(sort);
  };
  sort(root);
  return root.children;
}

export interface VisibleNode {
  node: TreeNode;
  level: number;
  /** 1-based position among its siblings, and their count (`aria-posinset`, `aria-setsize`). */
  posInSet: number;
  setSize: number;
  parentPath: string | null;
}

/** The nodes a tree shows with these directories expanded, in display order. */
export function visibleNodes(roots: readonly TreeNode[], expanded: ReadonlySet<string>): VisibleNode[] {
  const out: VisibleNode[] = [];
  const walk = (nodes: readonly TreeNode[], level: number, parentPath: string | null) => {
    nodes.forEach((node, i) => {
      out.push({ node, level, posInSet: i + 1, setSize: nodes.length, parentPath });
      if (node.kind === 'dir' && expanded.has(node.path)) walk(node.children, level + 1, node.path);
    });
  };
  walk(roots, 1, null);
  return out;
}

/** Every directory that contains `path` (to expand the tree down to a file). */
export function ancestorsOf(path: string): string[] {
  const parts = normalise(path).split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i += 1) out.push(parts.slice(0, i).join('/'));
  return out;
}
