import { useEffect, type ReactNode } from 'react';

import { useApi } from '../../api/context';
import type { Annotation } from '../../api/types';
import { useResource } from '../../hooks/useResource';
import { formatBytes, formatCount } from '../../lib/format';
import { decodeText } from '../../lib/text';
import { Badge } from '../ui/Badge';
import { CodeView } from '../ui/CodeView';
import { ErrorBanner, Spinner } from '../ui/Feedback';
import { Markdown } from '../ui/Markdown';
import './sessions.css';

/** The most of a file the viewer reads; a longer one says it is cut. */
export const FILE_VIEW_LIMIT = 1024 * 1024;

/**
 * One file of a session as text with line numbers, its annotations under their lines; a binary
 * file says so and shows none of its bytes.
 */
export function FileViewer({
  sessionId,
  path,
  annotations,
  focusAnnotation,
}: {
  sessionId: string;
  path: string;
  annotations: readonly Annotation[];
  focusAnnotation: string | null;
}) {
  const api = useApi();
  const file = useResource(`${sessionId}\n${path}`, (signal) => api.readFile(sessionId, path, FILE_VIEW_LIMIT, signal));
  const data = file.data;
  const text = data ? decodeText(data.bytes, { truncated: data.truncated }) : null;

  const mine = annotations.filter((a) => a.path === path);
  const fileLevel = mine.filter((a) => a.lineStart === null);
  const notes = new Map<number, ReactNode>();
  const highlight = new Set<number>();
  for (const annotation of mine) {
    if (annotation.lineStart === null) continue;
    const end = annotation.lineEnd ?? annotation.lineStart;
    if (annotation.id === focusAnnotation) {
      for (let n = annotation.lineStart; n <= end; n += 1) highlight.add(n);
    }
    const existing = notes.get(end);
    notes.set(
      end,
      <>
        {existing}
        <AnnotationNote annotation={annotation} focused={annotation.id === focusAnnotation} />
      </>,
    );
  }

  const focusedLine = mine.find((a) => a.id === focusAnnotation)?.lineStart ?? null;
  useEffect(() => {
    if (focusedLine === null || text === null) return;
    document.getElementById(`L${focusedLine}`)?.scrollIntoView({ block: 'center' });
  }, [focusedLine, text]);

  return (
    <div className="file-viewer">
      <div className="file-viewer-head">
        <h3 className="mono wrap-anywhere">{path}</h3>
        {data ? <span className="muted">{formatBytes(data.size)}</span> : null}
        {data?.revision !== null && data?.revision !== undefined ? <span className="muted">revision {data.revision}</span> : null}
      </div>
      {file.error ? <ErrorBanner error={file.error} title="The file could not be read" onRetry={file.reload} /> : null}
      {!data && !file.error ? <Spinner label="Reading the file…" /> : null}
      {fileLevel.length ? (
        <div className="file-notes">
          {fileLevel.map((a) => (
            <AnnotationNote key={a.id} annotation={a} focused={a.id === focusAnnotation} />
          ))}
        </div>
      ) : null}
      {data && data.kind === 'symlink' ? (
        <p data-testid="file-view">
          Symbolic link to <code className="wrap-anywhere">{text ?? '(unreadable target)'}</code>
        </p>
      ) : data && text === null ? (
        <p className="binary-notice" data-testid="file-view">
          Binary file, {data.size === 1 ? '1 byte' : `${formatCount(data.size)} bytes`}
          {data.size >= 1024 ? ` (${formatBytes(data.size)})` : ''}: not shown.
        </p>
      ) : data && text !== null ? (
        <>
          {data.truncated ? (
            <p className="muted">
              Showing the first {formatBytes(data.bytes.length)} of {formatBytes(data.size)}.
            </p>
          ) : null}
          <CodeView text={text} label={`Contents of ${path}`} notes={notes} highlight={highlight} />
        </>
      ) : null}
    </div>
  );
}

function AnnotationNote({ annotation, focused }: { annotation: Annotation; focused: boolean }) {
  const lines =
    annotation.lineStart === null
      ? 'whole file'
      : annotation.lineEnd !== null && annotation.lineEnd !== annotation.lineStart
        ? `lines ${annotation.lineStart}–${annotation.lineEnd}`
        : `line ${annotation.lineStart}`;
  return (
    <aside
      className={`annotation-note${focused ? ' annotation-focused' : ''}${annotation.resolved ? ' annotation-resolved' : ''}`}
      aria-label={`Annotation by ${annotation.author} on ${lines}`}
      data-testid="annotation-note"
    >
      <div className="annotation-note-head">
        <strong>{annotation.author}</strong> <span className="muted">on {lines}</span>
        {annotation.resolved ? <Badge tone="muted">resolved</Badge> : null}
      </div>
      <Markdown>{annotation.body}</Markdown>
    </aside>
  );
}
