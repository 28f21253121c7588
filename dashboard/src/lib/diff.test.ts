// @vitest-environment node
import { describe, expect, it } from 'vitest';

import { diffHunks, diffStats, formatDiffParam, linePrefix, parseDiffParam } from './diff';

describe('diffHunks', () => {
  it('marks added, removed and unchanged lines with their numbers', () => {
    const hunks = diffHunks('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(hunks).toHaveLength(1);
    const lines = hunks?.[0]?.lines.map((l) => [linePrefix(l.kind) + l.text, l.oldNo, l.newNo]);
    expect(lines).toEqual([
      [' a', 1, 1],
      ['-b', 2, null],
      ['+B', null, 2],
      [' c', 3, 3],
      ['+d', null, 4],
    ]);
    expect(hunks?.[0]?.header).toBe('@@ -1,3 +1,4 @@');
    expect(diffStats(hunks ?? [])).toEqual({ added: 2, removed: 1 });
  });

  it('treats a missing side as empty: an added or deleted file', () => {
    const added = diffHunks(null, 'x\ny\n');
    expect(added?.[0]?.lines.map((l) => l.kind)).toEqual(['add', 'add']);
    const deleted = diffHunks('x\n', null);
    expect(deleted?.[0]?.lines.map((l) => [l.kind, l.text])).toEqual([['del', 'x']]);
  });

  it('keeps three lines of context and splits distant changes into hunks', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 2\n', 'line two\n').replace('line 19\n', 'line nineteen\n');
    const hunks = diffHunks(before, after) ?? [];
    expect(hunks).toHaveLength(2);
    expect(hunks[1]?.lines[0]).toMatchObject({ kind: 'context', text: 'line 16', oldNo: 16, newNo: 16 });
  });

  it('notes a missing final newline on the line it concerns', () => {
    const hunks = diffHunks('a\n', 'a\nb') ?? [];
    const last = hunks[0]?.lines.at(-1);
    expect(last).toMatchObject({ kind: 'add', text: 'b', noNewline: true });
  });

  it('returns no hunks for equal texts', () => {
    expect(diffHunks('same\n', 'same\n')).toEqual([]);
  });
});

describe('the ?diff= parameter', () => {
  it('reads base, ranges and open ends', () => {
    expect(parseDiffParam('base')).toEqual({ from: 'base', to: 'head' });
    expect(parseDiffParam('cp1..cp2')).toEqual({ from: 'cp1', to: 'cp2' });
    expect(parseDiffParam('cp1..head')).toEqual({ from: 'cp1', to: 'head' });
    expect(parseDiffParam('cp1..')).toEqual({ from: 'cp1', to: 'head' });
    expect(parseDiffParam('cp1')).toEqual({ from: 'cp1', to: 'head' });
    expect(parseDiffParam('')).toBeNull();
    expect(parseDiffParam(null)).toBeNull();
  });

  it('writes what it reads', () => {
    expect(formatDiffParam({ from: 'base', to: 'head' })).toBe('base');
    expect(formatDiffParam({ from: 'cp1', to: 'head' })).toBe('cp1..head');
    expect(parseDiffParam(formatDiffParam({ from: 'base', to: 'cp9' }))).toEqual({ from: 'base', to: 'cp9' });
  });
});
