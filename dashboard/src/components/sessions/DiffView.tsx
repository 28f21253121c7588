import { Fragment } from 'react';

import type { DiffFile } from '../../api/types';
import { diffHunks, diffStats, linePrefix, type DiffLineKind } from '../../lib/diff';
import { formatBytes } from '../../lib/format';
import { Badge, type Tone } from '../ui/Badge';
import './sessions.css';

const CHANGE_TONE: Record<DiffFile['change'], Tone> = { added: 'success', deleted: 'danger', modified: 'info' };
const LINE_LABEL: Record<DiffLineKind, string> = { add: 'added', del: 'removed', context: 'unchanged' };

/** A unified diff, file by file (`data-testid="diff-file"`): `+`/`-` prefixes and labels, not colour alone. */
export function DiffView({ files }: { files: readonly DiffFile[] }) {
  if (files.length === 0) return <p className="muted">No differences.</p>;
  return (
    <div className="diff">
      <p className="muted">
        {files.length === 1 ? '1 file changed' : `${files.length} files changed`}
      </p>
      {files.map((file) => (
        <DiffFileView key={file.path} file={file} />
      ))}
    </div>
  );
}

function sizes(file: DiffFile): string {
  const before = file.beforeSize ?? null;
  const after = file.afterSize ?? null;
  if (before !== null && after !== null) return `${formatBytes(before)} → ${formatBytes(after)}`;
  if (after !== null) return formatBytes(after);
  if (before !== null) return formatBytes(before);
  return '';
}

function DiffFileView({ file }: { file: DiffFile }) {
  const textless = file.binary || file.tooLarge === true;
  const hunks = textless ? null : diffHunks(file.before, file.after);
  const stats = hunks ? diffStats(hunks) : null;
  return (
    <section className="diff-file" data-testid="diff-file" data-path={file.path} aria-label={`${file.change}: ${file.path}`}>
      <header className="diff-file-head">
        <Badge tone={CHANGE_TONE[file.change]}>{file.change}</Badge>
        <h3 className="mono wrap-anywhere">{file.path}</h3>
        {stats ? (
          <span className="diff-stats">
            <span className="diff-stat-add">+{stats.added}</span> <span className="diff-stat-del">-{stats.removed}</span>
            <span className="visually-hidden">
              : {stats.added} lines added, {stats.removed} removed
            </span>
          </span>
        ) : null}
      </header>
      {file.binary ? (
        <p className="diff-note">Binary file {file.change}{sizes(file) ? ` (${sizes(file)})` : ''}: not shown.</p>
      ) : file.tooLarge === true ? (
        <p className="diff-note">Too large to show{sizes(file) ? ` (${sizes(file)})` : ''}.</p>
      ) : hunks === null ? (
        <p className="diff-note">Too many changes to show line by line.</p>
      ) : hunks.length === 0 ? (
        <p className="diff-note">Only the mode or an empty file changed.</p>
      ) : (
        <div className="diff-scroll" tabIndex={0} role="region" aria-label={`Changes in ${file.path}`}>
          <table className="diff-table">
            <thead className="visually-hidden">
              <tr>
                <th scope="col">Old line</th>
                <th scope="col">New line</th>
                <th scope="col">Change</th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              {hunks.map((hunk) => (
                <Fragment key={hunk.header}>
                  <tr className="diff-hunk">
                    <td colSpan={4}>{hunk.header}</td>
                  </tr>
                  {hunk.lines.map((line, i) => (
                    <tr key={`${hunk.header}:${i}`} className={`diff-line diff-${line.kind}`} data-kind={line.kind}>
                      <td className="diff-ln">{line.oldNo ?? ''}</td>
                      <td className="diff-ln">{line.newNo ?? ''}</td>
                      <td className="diff-mark">
                        <span aria-hidden="true">{linePrefix(line.kind)}</span>
                        <span className="visually-hidden">{LINE_LABEL[line.kind]}</span>
                      </td>
                      <td className="diff-text">
                        <code>{line.text === '' ? '\u00a0' : line.text}</code>
                        {line.noNewline ? <span className="muted diff-eof"> (no newline at end of file)</span> : null}
                      </td>
                    </tr>
                  ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
