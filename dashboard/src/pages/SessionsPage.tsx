import { Link } from 'react-router';

import { useApi } from '../api/context';
import { Badge } from '../components/ui/Badge';
import { Button } from '../components/ui/Button';
import { EmptyState, ErrorBanner, Spinner } from '../components/ui/Feedback';
import { PageHeader } from '../components/ui/Section';
import { Table } from '../components/ui/Table';
import { RelativeTime } from '../components/ui/Time';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useResource } from '../hooks/useResource';
import { formatBytes, parseTime } from '../lib/format';
import { sessionPath } from '../lib/paths';

export function SessionsPage() {
  const api = useApi();
  const sessions = useResource('sessions', (signal) => api.listSessions(signal));
  useDocumentTitle('Sessions');

  return (
    <>
      <PageHeader title="Sessions" meta="Workspaces that agents and workflows work in, newest first.">
        <Button onClick={sessions.reload}>Reload</Button>
      </PageHeader>
      {sessions.error ? <ErrorBanner error={sessions.error} title="The sessions could not be loaded" onRetry={sessions.reload} /> : null}
      {!sessions.data && !sessions.error ? <Spinner label="Loading sessions…" /> : null}
      {sessions.data?.length === 0 ? <EmptyState title="No sessions yet" /> : null}
      {sessions.data && sessions.data.length > 0 ? (
        <Table caption="Sessions" captionHidden stack>
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">State</th>
              <th scope="col">Source</th>
              <th scope="col">Revision</th>
              <th scope="col">Files</th>
              <th scope="col">Size</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.map((session) => {
              const updated = parseTime(session.updatedAt);
              return (
                <tr key={session.id} data-testid="session-row" data-session-id={session.id}>
                  <th scope="row" data-label="ID" className="mono">
                    <Link to={sessionPath(session.id)}>{session.id}</Link>
                    {session.parent ? (
                      <div className="muted">
                        fork of {session.parent.sessionId}@{session.parent.revision}
                      </div>
                    ) : null}
                  </th>
                  <td data-label="State">
                    <Badge tone={session.state === 'active' ? 'info' : 'muted'}>{session.state}</Badge>
                  </td>
                  <td data-label="Source">{session.source ?? <span className="muted">—</span>}</td>
                  <td data-label="Revision" className="num">
                    {session.revision}
                  </td>
                  <td data-label="Files" className="num">
                    {session.fileCount}
                  </td>
                  <td data-label="Size" className="num nowrap">
                    {formatBytes(session.sizeBytes)}
                  </td>
                  <td data-label="Updated" className="nowrap">
                    {updated === null ? session.updatedAt : <RelativeTime at={updated} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      ) : null}
    </>
  );
}
