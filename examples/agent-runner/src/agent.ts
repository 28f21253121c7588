// The "agent": given the files of a session and a strategy, it proposes new contents for the
// files. Here it is a deterministic codemod (no network, no model) so that the example runs
// anywhere and its tests can check every line; `proposeEdits` is where a model call goes.
//
// The three rules keep every line where it was (they only change text within lines), so a
// change is always "line N before, line N after" and the diff below is exact.

/** A file as the agent reads it. */
export interface SourceFile {
  path: string;
  text: string;
}

export type RuleName = 'trailing-whitespace' | 'var-to-let-const' | 'semicolons';

/** What the agent is asked to do: which rules it may apply, and the same in words for a model. */
export interface Strategy {
  name: string;
  rules: RuleName[];
  instructions: string;
}

/** One changed line. Lines are numbered from 1. */
export interface LineChange {
  line: number;
  rules: RuleName[];
}

/** A file's proposed new content. */
export interface FileEdit {
  path: string;
  after: string;
  changes: LineChange[];
}

/** The strategies of successive rounds, the boldest first: a reviewer who denies a round gets
 * the next, more conservative one. */
export const STRATEGIES: Strategy[] = [
  {
    name: 'full',
    rules: ['trailing-whitespace', 'var-to-let-const', 'semicolons'],
    instructions:
      'Remove trailing whitespace, replace var with const (or let where the variable is reassigned), ' +
      'and end every statement with a semicolon.',
  },
  {
    name: 'conservative',
    rules: ['trailing-whitespace', 'semicolons'],
    instructions:
      'Only formatting: remove trailing whitespace and end every statement with a semicolon. ' +
      'Leave declarations as they are.',
  },
  {
    name: 'whitespace-only',
    rules: ['trailing-whitespace'],
    instructions: 'Only remove trailing whitespace.',
  },
];

/** The files the agent works on. */
export function isCode(path: string): boolean {
  return /\.(js|cjs|mjs)$/.test(path);
}

// ---------------------------------------------------------------------------------------------
// >>> PLUG YOUR MODEL IN HERE <<<
//
// `proposeEdits` is the whole agent. The workflow calls it as an activity (`ctx.activity`, with
// retries and a timeout), so its answer is journaled: once recorded, a replay (after a crash, or
// on another worker) gets the same answer back instead of asking the model again. To use a
// model, send it `strategy.instructions` and each file's text, and return the files it rewrote
// as `FileEdit`s (`changedLines(file.text, after, strategy.rules)` fills in `changes`). Keep it
// free of side effects on the session: the workflow writes the edits itself, with
// `ctx.workspace.batch`, exactly once.
// ---------------------------------------------------------------------------------------------
export async function proposeEdits(files: SourceFile[], strategy: Strategy): Promise<FileEdit[]> {
  return files.flatMap((file) => {
    const edit = applyRules(file, strategy.rules);
    return edit ? [edit] : [];
  });
}

/** The file after the rules, or null if they change nothing. */
export function applyRules(file: SourceFile, rules: RuleName[]): FileEdit | null {
  const after = rewrite(file.text.split('\n'), rules).join('\n');
  const changes = changedLines(file.text, after, rules);
  return changes.length === 0 ? null : { path: file.path, after, changes };
}

/** The rules in a fixed order, whatever order the strategy names them in. */
function rewrite(lines: string[], rules: RuleName[]): string[] {
  let out = lines;
  if (rules.includes('trailing-whitespace')) out = out.map((l) => l.replace(/[ \t]+$/, ''));
  if (rules.includes('var-to-let-const')) out = varToLetConst(out);
  if (rules.includes('semicolons')) out = addSemicolons(out);
  return out;
}

/** The lines that differ between two texts, line N against line N, each with the rules that
 * change it when applied alone (for the reviewer's counts). */
export function changedLines(before: string, after: string, rules: RuleName[]): LineChange[] {
  const old = before.split('\n');
  const alone = rules.map((rule) => ({ rule, lines: rewrite(old, [rule]) }));
  const changes: LineChange[] = [];
  after.split('\n').forEach((line, i) => {
    if (line !== old[i]) {
      changes.push({ line: i + 1, rules: alone.filter((a) => a.lines[i] !== old[i]).map((a) => a.rule) });
    }
  });
  return changes;
}

/** `var x` becomes `const x`, or `let x` when the file assigns `x` again (or declares it without
 * a value). File-wide, so a name reused in two functions gets the safer `let`. */
function varToLetConst(lines: string[]): string[] {
  const source = lines.join('\n');
  return lines.map((line) =>
    line.replace(/\bvar\s+([A-Za-z_$][\w$]*)(\s*=(?!=)|\s+(?:in|of)\b)?/g, (whole, name: string, init?: string) => {
      const keyword = init === undefined || reassigned(source, name) ? 'let' : 'const';
      return whole.replace(/^var/, keyword);
    }),
  );
}

function reassigned(source: string, name: string): boolean {
  const id = name.replace(/\$/g, '\\$');
  const assignments = source.match(new RegExp(`(?<![\\w$.])${id}\\s*(?:[-+*/%&|^]|\\*\\*|<<|>>>?)?=(?![=>])`, 'g'));
  const updates = new RegExp(`(?<![\\w$.])${id}\\s*(?:\\+\\+|--)|(?:\\+\\+|--)\\s*${id}(?![\\w$])`).test(source);
  // The declaration itself is one assignment.
  return updates || (assignments?.length ?? 0) > 1;
}

/**
 * Ends statements with `;`. Deliberately simple, for code formatted like the sample: it follows
 * brackets across lines (skipping strings and `//` comments) and adds a semicolon to a line that
 * ends a statement — at statement level, ending in a name, a literal, `)` or `]`, or the `}` of an
 * object literal. Braces after `=`, `(`, `,`, `:`, `[` or `return` open object literals; any
 * other brace opens a block. A real project would use a parser (or a model).
 */
function addSemicolons(lines: string[]): string[] {
  const stack: Array<'(' | '[' | 'block' | 'object'> = [];
  let previous = ''; // the last significant character, or `return`, across lines
  return lines.map((line) => {
    let last = -1; // where the line's last significant character is
    let closedObject = false;
    let inString: string | null = null;
    for (let i = 0; i < line.length; i++) {
      const c = line.charAt(i);
      if (inString) {
        if (c === '\\') i++;
        else if (c === inString) {
          inString = null;
          last = i;
          previous = c;
        }
        continue;
      }
      if (c === '/' && line[i + 1] === '/') break;
      if (/\s/.test(c)) continue;
      closedObject = false;
      if (c === '"' || c === "'" || c === '`') {
        inString = c;
        continue;
      }
      if (c === '(' || c === '[') stack.push(c);
      else if (c === '{') stack.push(/[=(,:[?]/.test(previous) || previous === 'return' ? 'object' : 'block');
      else if (c === ')' || c === ']') stack.pop();
      else if (c === '}') closedObject = stack.pop() === 'object';
      last = i;
      previous = /[\w$]/.test(c) && line.slice(0, i + 1).endsWith('return') ? 'return' : c;
    }
    const top = stack[stack.length - 1];
    const atStatementLevel = top === undefined || top === 'block';
    if (last < 0 || !atStatementLevel) return line;
    const end = line.charAt(last);
    const code = line.slice(0, last + 1).trim();
    const endsStatement =
      (/[\w$)\]'"`]/.test(end) && !/(^|[^\w$])(else|do|try|finally)$/.test(code) && !controlHead(code)) ||
      (end === '}' && closedObject);
    if (!endsStatement) return line;
    previous = ';';
    return `${line.slice(0, last + 1)};${line.slice(last + 1)}`;
  });
}

/** `if (...)`, `for (...)`, `while (...)` with the statement on the next line. */
function controlHead(code: string): boolean {
  const match = /^(?:\}\s*)?(?:else\s+)?(if|for|while|with|switch)\s*\(/.exec(code);
  if (!match) return false;
  // The head ends where its parenthesis closes: anything after it is the statement.
  let depth = 0;
  for (let i = match[0].length - 1; i < code.length; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')' && --depth === 0) return i === code.length - 1;
  }
  return true;
}

/** Trailing whitespace, made visible for a reviewer. */
const visible = (line: string) => line.replace(/[ \t]+$/, (ws) => ws.replace(/ /g, '·').replace(/\t/g, '→'));

/**
 * A markdown summary of edits for a reviewer: how many lines each rule changed, per file, and
 * the changed lines (trailing whitespace shown as `·` and `→`).
 */
export function describeEdits(files: SourceFile[], edits: FileEdit[]): string {
  const rules: RuleName[] = ['trailing-whitespace', 'var-to-let-const', 'semicolons'];
  const table = [
    `| file | lines | ${rules.join(' | ')} |`,
    `|---|---|${rules.map(() => '---').join('|')}|`,
    ...edits.map((edit) => {
      const counts = rules.map((rule) => edit.changes.filter((c) => c.rules.includes(rule)).length);
      return `| \`${edit.path}\` | ${edit.changes.length} | ${counts.join(' | ')} |`;
    }),
  ];
  const diffs = edits.map((edit) => {
    const before = (files.find((f) => f.path === edit.path)?.text ?? '').split('\n');
    const after = edit.after.split('\n');
    const body = edit.changes.flatMap((c) => [
      `@@ line ${c.line} @@`,
      `-${visible(before[c.line - 1] ?? '')}`,
      `+${visible(after[c.line - 1] ?? '')}`,
    ]);
    return [`#### \`${edit.path}\``, '```diff', ...body, '```'].join('\n');
  });
  return [...table, '', ...diffs].join('\n');
}

/** Lines changed in all. */
export function linesChanged(edits: FileEdit[]): number {
  return edits.reduce((n, e) => n + e.changes.length, 0);
}

/** The most an approval's detail may hold (the engine refuses more than 64 KiB). */
const MAX_DETAIL_BYTES = 60_000;

/** Markdown cut to what an approval's detail may hold, saying so when it was cut. */
export function fitDetail(markdown: string): string {
  if (Buffer.byteLength(markdown) <= MAX_DETAIL_BYTES) return markdown;
  const cut = Buffer.from(markdown).subarray(0, MAX_DETAIL_BYTES).toString('utf8').replace(/\uFFFD$/, '');
  return `${cut}\n\n… (cut here: the rest is in the evidence)`;
}
