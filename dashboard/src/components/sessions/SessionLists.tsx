import { useState } from 'react';
import { Link } from 'react-router';

import { useApi } from '../../api/context';
import type { Annotation, Checkpoint, SessionEvent } from '../../api/types';
import { useResource } from '../../hooks/useResource';
import { formatBytes, parseTime } from '../../lib/format';
import { formatDiffParam } from '../../lib/diff';
import { sessionPath } from '../../lib/paths';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ErrorBanner, Spinner } from '../ui/Feedback';
import { JsonViewer } from '../ui/JsonViewer';
import { Markdown } from '../ui/Markdown';
import { Table } from '../ui/Table';
import { RelativeTime } from '../ui/Time';
import './sessions.css';

function When({ text }: { text: string }) {
  const ms = parseTime(text);
  return ms === null ? <span>{text}</span> : <RelativeTime at={ms} />;
}

export function CheckpointList({ sessionId, checkpoints }: { sessionId: string; checkpoints: readonly Checkpoint[] }) {
  if (checkpoints.length === 0) return <p className="muted">No checkpoints.</p>;
  return (
    <Table caption="Checkpoints" captionHidden stack>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Revision</th>
          <th scope="col">Files</th>
          <th scope="col">Size</th>
          <th scope="col">Created</th>
          <th scope="col">Compare</th>
        </tr>
      </thead>
      <tbody>
        {checkpoints.map((cp) => (
          <tr key={cp.id} data-testid="checkpoint-row">
            <th scope="row" data-label="Name">
              {cp.name ?? <span className="muted">unnamed</span>}
              <div className="mono muted wrap-anywhere">{cp.id}</div>
            </th>
            <td data-label="Revision" className="num">
              {cp.revision}
            </td>
            <td data-label="Files" className="num">
              {cp.fileCount}
            </td>
            <td data-label="Size" className="num nowrap">
              {formatBytes(cp.sizeBytes)}
            </td>
            <td data-label="Created" className="nowrap">
              <When text={cp.createdAt} />
            </td>
            <td data-label="Compare">
              <ul className="list-plain">
                <li>
                  <Link to={sessionPath(sessionId, { diff: formatDiffParam({ from: 'base', to: cp.id }) })}>
                    Base → this checkpoint
                  </Link>
                </li>
                <li>
                  <Link to={sessionPath(sessionId, { diff: formatDiffParam({ from: cp.id, to: 'head' }) })}>
                    This checkpoint → head
                  </Link>
                </li>
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function AnnotationList({ sessionId, annotations }: { sessionId: string; annotations: readonly Annotation[] }) {
  if (annotations.length === 0) return <p className="muted">No annotations.</p>;
  return (
    <ul className="annotation-list">
      {annotations.map((a) => {
        const where =
          a.lineStart === null
            ? a.path
            : `${a.path}:${a.lineStart}${a.lineEnd !== null && a.lineEnd !== a.lineStart ? `–${a.lineEnd}` : ''}`;
        return (
          <li key={a.id} className="annotation-item" data-testid="annotation-item">
            <div className="annotation-note-head">
              <Link to={sessionPath(sessionId, { path: a.path, annotation: a.id })} className="mono wrap-anywhere">
                {where}
              </Link>{' '}
              <span className="muted">
                by {a.author}, <When text={a.createdAt} />
              </span>{' '}
              {a.resolved ? <Badge tone="muted">resolved</Badge> : <Badge tone="info">open</Badge>}
            </div>
            <Markdown>{a.body}</Markdown>
          </li>
        );
      })}
    </ul>
  );
}

export const EVENTS_PAGE = 50;

/** The session's event log, a page at a time (`after` the last shown). */
export function EventList({ sessionId }: { sessionId: string }) {
  const api = useApi();
  const first = useResource(sessionId, (signal) => api.listSessionEvents(sessionId, 0, EVENTS_PAGE, signal));
  const [more, setMore] = useState<{ events: SessionEvent[]; next: number | null; for: string } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (first.error) return <ErrorBanner error={first.error} title="The events could not be loaded" onRetry={first.reload} />;
  if (!first.data) return <Spinner label="Loading events…" />;

  const extra = more?.for === sessionId ? more : null;
  const events = [...first.data.events, ...(extra?.events ?? [])];
  const next = extra ? extra.next : first.data.next;

  const loadMore = () => {
    if (next === null) return;
    setLoading(true);
    setError(null);
    api.listSessionEvents(sessionId, next, EVENTS_PAGE).then(
      (page) => {
        setMore({ events: [...(extra?.events ?? []), ...page.events], next: page.next, for: sessionId });
        setLoading(false);
      },
      (e: unknown) => {
        setError(e);
        setLoading(false);
      },
    );
  };

  if (events.length === 0) return <p className="muted">No events.</p>;
  return (
    <>
      <Table caption="Session events" captionHidden stack>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Event</th>
            <th scope="col">Revision</th>
            <th scope="col">Actor</th>
            <th scope="col">When</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.seq} data-testid="session-event">
              <th scope="row" data-label="#" className="num">
                {event.seq}
              </th>
              <td data-label="Event" className="mono">
                {event.kind}
              </td>
              <td data-label="Revision" className="num">
                {event.revision}
              </td>
              <td data-label="Actor" className="mono wrap-anywhere">
                {event.actor ?? '—'}
              </td>
              <td data-label="When" className="nowrap">
                <When text={event.at} />
              </td>
              <td data-label="Detail">
                <details>
                  <summary>Detail</summary>
                  <JsonViewer value={event.detail} label={`Detail of event ${event.seq}`} />
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {error ? <ErrorBanner error={error} title="More events could not be loaded" /> : null}
      <div className="list-footer">
        <span>{events.length === 1 ? '1 event shown' : `${events.length} events shown`}</span>
        {next !== null ? (
          <Button onClick={loadMore} disabled={loading}>
            {loading ? 'Loading…' : 'More events'}
          </Button>
        ) : null}
      </div>
    </>
  );
}
