// @vitest-environment node
import { describe, expect, it } from 'vitest';

import type { ManifestEntry } from '../api/types';
import { evidenceLink, safeHttpUrl } from './evidence';
import { parseJsonInput, payloadValue, prettyJson } from './json';
import { decodeText, splitLines } from './text';
import { ancestorsOf, buildTree, visibleNodes } from './tree';

const entry = (path: string, kind: ManifestEntry['kind'] = 'file', size = 1): ManifestEntry => ({
  path, kind, size, hash: 'h', mode: 420,
});

describe('buildTree', () => {
  it('nests paths, makes up missing directories, sorts directories first', () => {
    const roots = buildTree([entry('src/b.ts'), entry('README.md'), entry('src/a.ts'), entry('docs', 'dir'), entry('src/lib/x.ts')]);
    expect(roots.map((n) => `${n.kind}:${n.path}`)).toEqual(['dir:docs', 'dir:src', 'file:README.md']);
    const src = roots[1];
    expect(src?.children.map((n) => n.path)).toEqual(['src/lib', 'src/a.ts', 'src/b.ts']);
  });

  it('lists the visible nodes with levels and positions', () => {
    const roots = buildTree([entry('src/a.ts'), entry('src/b.ts'), entry('z.md')]);
    const closed = visibleNodes(roots, new Set());
    expect(closed.map((v) => v.node.path)).toEqual(['src', 'z.md']);
    const open = visibleNodes(roots, new Set(['src']));
    expect(open.map((v) => [v.node.path, v.level, v.posInSet, v.setSize, v.parentPath])).toEqual([
      ['src', 1, 1, 2, null],
      ['src/a.ts', 2, 1, 2, 'src'],
      ['src/b.ts', 2, 2, 2, 'src'],
      ['z.md', 1, 2, 2, null],
    ]);
    expect(ancestorsOf('a/b/c.txt')).toEqual(['a', 'a/b']);
    expect(ancestorsOf('c.txt')).toEqual([]);
  });
});

describe('evidence', () => {
  it('links sessions, checkpoints and annotations to the sessions page', () => {
    expect(evidenceLink({ kind: 'session', sessionId: 's 1', revision: 4 })).toEqual({
      kind: 'internal', to: '/sessions/s%201?revision=4', label: 'Session s 1 at revision 4',
    });
    expect(evidenceLink({ kind: 'checkpoint', sessionId: 's1', checkpointId: 'cp1' })).toMatchObject({
      to: '/sessions/s1?diff=base..cp1',
    });
    expect(evidenceLink({ kind: 'annotation', sessionId: 's1', annotationId: 'n1' })).toMatchObject({
      to: '/sessions/s1?annotation=n1',
    });
  });

  it('makes only http and https URLs into links', () => {
    expect(evidenceLink({ kind: 'url', url: 'https://ci.example/run/1', label: 'CI' })).toEqual({
      kind: 'external', href: 'https://ci.example/run/1', label: 'CI',
    });
    expect(evidenceLink({ kind: 'url', url: 'javascript:alert(1)' }).kind).toBe('text');
    expect(safeHttpUrl(' JavaScript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,x')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl('http://x.test/a?b=1')).toBe('http://x.test/a?b=1');
  });
});

describe('json', () => {
  it('decodes payloads', () => {
    expect(payloadValue('{"a":1}')).toEqual({ a: 1 });
    expect(payloadValue('not json')).toBe('not json');
    expect(payloadValue([255, 0])).toBe('<2 bytes, not UTF-8>');
    expect(payloadValue(null)).toBeNull();
    expect(prettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyJson(undefined)).toBe('null');
  });

  it('validates typed JSON', () => {
    expect(parseJsonInput('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonInput('', { optional: true })).toEqual({ ok: true, value: undefined });
    expect(parseJsonInput('  ').ok).toBe(false);
    const bad = parseJsonInput('{a: 1}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^Not valid JSON/);
  });
});

describe('text', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('decodes UTF-8 text and refuses binary', () => {
    expect(decodeText(bytes('héllo\n'))).toBe('héllo\n');
    expect(decodeText(new Uint8Array([104, 0, 105]))).toBeNull();
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41]))).toBeNull();
    // A read cut inside a character still reads as text.
    expect(decodeText(bytes('é').slice(0, 1), { truncated: true })).toBe('\uFFFD');
  });

  it('splits lines without a phantom last line', () => {
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\r\nb')).toEqual(['a', 'b']);
    expect(splitLines('')).toEqual([]);
    expect(splitLines('\n')).toEqual(['']);
  });
});
