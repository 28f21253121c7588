// Unified diff lines from a file's text before and after, with jsdiff: hunks of changed lines
// with a few lines of context, each line marked added, removed or unchanged and numbered on
// its side(s).

import { structuredPatch } from 'diff';

export type DiffLineKind = 'add' | 'del' | 'context';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** The line's number before the change (null for an added line). */
  oldNo: number | null;
  /** The line's number after the change (null for a removed line). */
  newNo: number | null;
  /** The file ends on this line without a newline. */
  noNewline: boolean;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** `@@ -1,3 +1,4 @@` */
  header: string;
  lines: DiffLine[];
}

export interface DiffStats {
  added: number;
  removed: number;
}

/** Beyond this many edits the diff is not computed (it would stall the page). */
export const MAX_EDIT_LENGTH = 20_000;

/**
 * The hunks turning `before` into `after` (either may be null: an added or deleted file), or
 * null when the files differ too much to diff line by line in the browser.
 */
export function diffHunks(before: string | null, after: string | null, context = 3): DiffHunk[] | null {
  const patch = structuredPatch('a', 'b', before ?? '', after ?? '', undefined, undefined, {
    context,
    maxEditLength: MAX_EDIT_LENGTH,
  });
  if (!patch) return null;
  return patch.hunks.map((hunk) => {
    let oldNo = hunk.oldStart;
    let newNo = hunk.newStart;
    const lines: DiffLine[] = [];
    for (const raw of hunk.lines) {
      const mark = raw.charAt(0);
      const text = raw.slice(1);
      if (mark === '\\') {
        const last = lines[lines.length - 1];
        if (last) last.noNewline = true;
      } else if (mark === '+') {
        lines.push({ kind: 'add', text, oldNo: null, newNo: newNo++, noNewline: false });
      } else if (mark === '-') {
        lines.push({ kind: 'del', text, oldNo: oldNo++, newNo: null, noNewline: false });
      } else {
        lines.push({ kind: 'context', text, oldNo: oldNo++, newNo: newNo++, noNewline: false });
      }
    }
    return {
      oldStart: hunk.oldStart,
      oldLines: hunk.oldLines,
      newStart: hunk.newStart,
      newLines: hunk.newLines,
      header: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
      lines,
    };
  });
}

export function diffStats(hunks: readonly DiffHunk[]): DiffStats {
  let added = 0;
  let removed = 0;
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line.kind === 'add') added += 1;
      else if (line.kind === 'del') removed += 1;
    }
  }
  return { added, removed };
}

/** The prefix that marks a line without colour: `+`, `-` or a space. */
export function linePrefix(kind: DiffLineKind): string {
  return kind === 'add' ? '+' : kind === 'del' ? '-' : ' ';
}

/** One side of a diff as the URL (`?diff=`) and the API name it: `base`, `head`, or a checkpoint id. */
export interface DiffSpec {
  from: string;
  to: string;
}

/** `?diff=base` is the session against its base; `?diff=a..b` between two refs. */
export function parseDiffParam(value: string | null): DiffSpec | null {
  if (value === null) return null;
  const text = value.trim();
  if (text === '') return null;
  if (text === 'base') return { from: 'base', to: 'head' };
  const split = text.indexOf('..');
  if (split < 0) return { from: text, to: 'head' };
  const from = text.slice(0, split).trim() || 'base';
  const to = text.slice(split + 2).trim() || 'head';
  return { from, to };
}

export function formatDiffParam(spec: DiffSpec): string {
  if (spec.from === 'base' && spec.to === 'head') return 'base';
  return `${spec.from}..${spec.to}`;
}
