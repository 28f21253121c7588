import { Link, useParams, useSearchParams } from 'react-router';

import { useApi } from '../api/context';
import { ApiError } from '../api/error';
import type { Session } from '../api/types';
import { DiffPicker } from '../components/sessions/DiffPicker';
import { DiffView } from '../components/sessions/DiffView';
import { FileTree } from '../components/sessions/FileTree';
import { FileViewer } from '../components/sessions/FileViewer';
import { AnnotationList, CheckpointList, EventList } from '../components/sessions/SessionLists';
import { Badge } from '../components/ui/Badge';
import { Button } from '../components/ui/Button';
import { Banner, ErrorBanner, Spinner } from '../components/ui/Feedback';
import { PageHeader, Section } from '../components/ui/Section';
import { RelativeTime } from '../components/ui/Time';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useResource } from '../hooks/useResource';
import { formatDiffParam, parseDiffParam, type DiffSpec } from '../lib/diff';
import { formatBytes, parseTime } from '../lib/format';
import { sessionPath } from '../lib/paths';

function refLabel(ref: string): string {
  return ref === 'base' ? 'base' : ref === 'head' ? 'head' : `checkpoint ${ref}`;
}

export function SessionPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const api = useApi();
  const session = useResource(id, (signal) => api.getSession(id, signal));
  const manifest = useResource(id, (signal) => api.getManifest(id, signal));
  const checkpoints = useResource(id, (signal) => api.listCheckpoints(id, signal));
  const annotations = useResource(id, (signal) => api.listAnnotations(id, signal));
  useDocumentTitle(`Session ${id}`);

  const diff = parseDiffParam(params.get('diff'));
  const annotationId = params.get('annotation');
  const pinnedRevision = params.get('revision');
  const focused = annotations.data?.find((a) => a.id === annotationId) ?? null;
  const path = params.get('path') ?? focused?.path ?? null;

  const reload = () => {
    session.reload();
    manifest.reload();
    checkpoints.reload();
    annotations.reload();
  };

  const openFile = (next: string) => {
    const search = new URLSearchParams();
    search.set('path', next);
    if (pinnedRevision) search.set('revision', pinnedRevision);
    setParams(search);
  };

  const showDiff = (spec: DiffSpec) => {
    setParams(new URLSearchParams({ diff: formatDiffParam(spec) }));
  };

  if (session.error && !session.data) {
    const missing = session.error instanceof ApiError && session.error.isNotFound;
    return (
      <>
        <PageHeader title="Session" meta={<code className="wrap-anywhere">{id}</code>} />
        <ErrorBanner error={session.error} title={missing ? 'No such session' : 'The session could not be loaded'} onRetry={missing ? undefined : reload} />
        <p>
          <Link to="/sessions">Back to the sessions</Link>
        </p>
      </>
    );
  }
  const data = session.data;
  if (!data) return <Spinner label="Loading the session…" />;

  return (
    <>
      <PageHeader
        title={
          <>
            <span className="muted">Session </span>
            <span className="mono">{data.id}</span>
          </>
        }
      >
        <Button onClick={reload}>Reload</Button>
      </PageHeader>
      <SessionFacts session={data} />
      {pinnedRevision !== null && pinnedRevision !== String(data.revision) ? (
        <Banner tone="warning">
          This link points at revision {pinnedRevision}; the session is now at revision {data.revision}. The files below
          are its current ones. Compare its checkpoints to see what changed.
        </Banner>
      ) : null}

      <nav className="session-tabs" aria-label="Session views">
        <ul>
          <li>
            <Link to={sessionPath(data.id, path ? { path } : {})} aria-current={diff ? undefined : 'page'}>
              Files
            </Link>
          </li>
          <li>
            <Link to={sessionPath(data.id, { diff: 'base' })} aria-current={diff ? 'page' : undefined}>
              Changes
            </Link>
          </li>
        </ul>
      </nav>

      {diff ? (
        <Section title={`Changes from ${refLabel(diff.from)} to ${refLabel(diff.to)}`}>
          <DiffPicker key={formatDiffParam(diff)} spec={diff} checkpoints={checkpoints.data ?? []} onChange={showDiff} />
          <SessionDiff sessionId={data.id} spec={diff} />
        </Section>
      ) : (
        <Section title="Files">
          {manifest.error ? <ErrorBanner error={manifest.error} title="The file list could not be loaded" onRetry={manifest.reload} /> : null}
          {manifest.data ? (
            <div className="files-layout">
              <FileTree entries={manifest.data.entries} selected={path} onOpen={openFile} />
              {path ? (
                <FileViewer
                  key={path}
                  sessionId={data.id}
                  path={path}
                  annotations={annotations.data ?? []}
                  focusAnnotation={annotationId}
                />
              ) : (
                <p className="muted">Choose a file to see its contents.</p>
              )}
            </div>
          ) : manifest.error ? null : (
            <Spinner label="Loading files…" />
          )}
        </Section>
      )}

      <Section title="Checkpoints">
        {checkpoints.error ? <ErrorBanner error={checkpoints.error} title="Checkpoints could not be loaded" onRetry={checkpoints.reload} /> : null}
        {checkpoints.data ? <CheckpointList sessionId={data.id} checkpoints={checkpoints.data} /> : checkpoints.error ? null : <Spinner />}
      </Section>
      <Section title="Annotations">
        {annotations.error ? <ErrorBanner error={annotations.error} title="Annotations could not be loaded" onRetry={annotations.reload} /> : null}
        {annotations.data ? <AnnotationList sessionId={data.id} annotations={annotations.data} /> : annotations.error ? null : <Spinner />}
      </Section>
      <Section title="Events">
        <EventList sessionId={data.id} />
      </Section>
    </>
  );
}

function SessionDiff({ sessionId, spec }: { sessionId: string; spec: DiffSpec }) {
  const api = useApi();
  const diff = useResource(`${sessionId}\n${spec.from}\n${spec.to}`, (signal) => api.getSessionDiff(sessionId, spec.from, spec.to, signal));
  if (diff.error) return <ErrorBanner error={diff.error} title="The changes could not be computed" onRetry={diff.reload} />;
  if (!diff.data) return <Spinner label="Comparing…" />;
  return <DiffView files={diff.data.files} />;
}

function SessionFacts({ session }: { session: Session }) {
  const updated = parseTime(session.updatedAt);
  const created = parseTime(session.createdAt);
  const labels = Object.entries(session.labels);
  return (
    <dl className="facts" aria-label="Session summary">
      <div>
        <dt>State</dt>
        <dd>
          <Badge tone={session.state === 'active' ? 'info' : 'muted'}>{session.state}</Badge>
        </dd>
      </div>
      <div>
        <dt>Revision</dt>
        <dd>{session.revision}</dd>
      </div>
      <div>
        <dt>Source</dt>
        <dd>{session.source ?? <span className="muted">none</span>}</dd>
      </div>
      <div>
        <dt>Forked from</dt>
        <dd>
          {session.parent ? (
            <Link to={sessionPath(session.parent.sessionId)} className="mono">
              {session.parent.sessionId}@{session.parent.revision}
            </Link>
          ) : (
            <span className="muted">not a fork</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Files</dt>
        <dd>
          {session.fileCount} ({formatBytes(session.sizeBytes)})
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{created === null ? session.createdAt : <RelativeTime at={created} />}</dd>
      </div>
      <div>
        <dt>Updated</dt>
        <dd>{updated === null ? session.updatedAt : <RelativeTime at={updated} />}</dd>
      </div>
      {labels.length ? (
        <div>
          <dt>Labels</dt>
          <dd>
            {labels.map(([k, v]) => (
              <code key={k} className="label-chip">
                {k}:{v}{' '}
              </code>
            ))}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
