import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';

import type { ManifestEntry } from '../../api/types';
import { formatBytes } from '../../lib/format';
import { ancestorsOf, buildTree, visibleNodes, type VisibleNode } from '../../lib/tree';
import './sessions.css';

/**
 * A session's files as a WAI-ARIA tree: arrows move (Right opens a folder or enters it, Left
 * closes it or goes to its parent), Home and End jump, Enter or Space opens a file or toggles a
 * folder. One item is in the tab order at a time.
 */
export function FileTree({
  entries,
  selected,
  onOpen,
  label = 'Files',
}: {
  entries: readonly ManifestEntry[];
  selected: string | null;
  onOpen: (path: string) => void;
  label?: string;
}) {
  const roots = useMemo(() => buildTree(entries), [entries]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(selected ? ancestorsOf(selected) : []));
  const [focusPath, setFocusPath] = useState<string | null>(null);
  const tree = useRef<HTMLUListElement>(null);
  const moveFocus = useRef(false);

  // Opening a file from elsewhere (a link, an annotation) shows it: its folders open.
  const [shownFor, setShownFor] = useState(selected);
  if (selected !== shownFor) {
    setShownFor(selected);
    if (selected) {
      const needed = ancestorsOf(selected).filter((p) => !expanded.has(p));
      if (needed.length) setExpanded(new Set([...expanded, ...needed]));
    }
  }

  const visible = visibleNodes(roots, expanded);
  const current = visible.find((v) => v.node.path === focusPath) ?? visible.find((v) => v.node.path === selected) ?? visible[0];

  useEffect(() => {
    if (!moveFocus.current || !tree.current) return;
    moveFocus.current = false;
    const items = tree.current.querySelectorAll<HTMLElement>('[role="treeitem"]');
    for (const item of items) {
      if (item.dataset.path === focusPath) {
        item.focus();
        item.scrollIntoView({ block: 'nearest' });
        break;
      }
    }
  }, [focusPath, expanded]);

  if (visible.length === 0) return <p className="muted">This session has no files.</p>;

  const focusOn = (path: string) => {
    moveFocus.current = true;
    setFocusPath(path);
  };

  const toggle = (path: string, open?: boolean) => {
    const next = new Set(expanded);
    const shouldOpen = open ?? !next.has(path);
    if (shouldOpen) next.add(path);
    else next.delete(path);
    setExpanded(next);
  };

  const activate = (item: VisibleNode) => {
    setFocusPath(item.node.path);
    if (item.node.kind === 'dir') toggle(item.node.path);
    else onOpen(item.node.path);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (!current) return;
    const index = visible.indexOf(current);
    const node = current.node;
    const isDir = node.kind === 'dir';
    const isOpen = isDir && expanded.has(node.path);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown': {
        const next = visible[index + 1];
        if (next) focusOn(next.node.path);
        break;
      }
      case 'ArrowUp': {
        const prev = visible[index - 1];
        if (prev) focusOn(prev.node.path);
        break;
      }
      case 'ArrowRight':
        if (isDir && !isOpen) toggle(node.path, true);
        else if (isOpen && node.children[0]) focusOn(node.children[0].path);
        break;
      case 'ArrowLeft':
        if (isOpen) toggle(node.path, false);
        else if (current.parentPath !== null) focusOn(current.parentPath);
        break;
      case 'Home': {
        const first = visible[0];
        if (first) focusOn(first.node.path);
        break;
      }
      case 'End': {
        const last = visible[visible.length - 1];
        if (last) focusOn(last.node.path);
        break;
      }
      case 'Enter':
      case ' ':
        activate(current);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  return (
    <ul ref={tree} className="file-tree" role="tree" aria-label={label} onKeyDown={onKeyDown}>
      {visible.map((item) => {
        const { node } = item;
        const isDir = node.kind === 'dir';
        const isOpen = isDir && expanded.has(node.path);
        return (
          <li
            key={node.path}
            role="treeitem"
            data-path={node.path}
            aria-level={item.level}
            aria-setsize={item.setSize}
            aria-posinset={item.posInSet}
            aria-expanded={isDir ? isOpen : undefined}
            aria-selected={isDir ? undefined : node.path === selected}
            tabIndex={item === current ? 0 : -1}
            className={`tree-item tree-${node.kind}${node.path === selected ? ' tree-selected' : ''}`}
            style={{ paddingLeft: `${0.5 + (item.level - 1) * 1.1}rem` }}
            onClick={(event) => {
              event.stopPropagation();
              activate(item);
            }}
          >
            <span className="tree-icon" aria-hidden="true">
              {isDir ? (isOpen ? '▾' : '▸') : node.kind === 'symlink' ? '↪' : '·'}
            </span>
            <span className="tree-name">{node.name}</span>
            {!isDir ? <span className="tree-size muted">{formatBytes(node.size)}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
