import { useApi } from '../api/context';
import { EmptyState, ErrorBanner, Spinner } from '../components/ui/Feedback';
import { PageHeader } from '../components/ui/Section';
import { WorkersTable } from '../components/workers/WorkersTable';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useInterval } from '../hooks/useInterval';
import { useResource } from '../hooks/useResource';

export const WORKERS_REFRESH_MS = 5000;

export function WorkersPage() {
  const api = useApi();
  const workers = useResource('workers', async (signal) => {
    const list = await api.listWorkers(signal);
    return { list, fetchedAt: Date.now() };
  });
  useInterval(workers.reload, WORKERS_REFRESH_MS);
  useDocumentTitle('Workers');

  const data = workers.data;
  const connected = data?.list.filter((w) => w.connected).length ?? 0;
  return (
    <>
      <PageHeader
        title="Workers"
        meta={data ? `${connected} connected of ${data.list.length}. Refreshes every ${WORKERS_REFRESH_MS / 1000} s.` : undefined}
      />
      {workers.error ? <ErrorBanner error={workers.error} title="The workers could not be loaded" onRetry={workers.reload} /> : null}
      {!data && !workers.error ? <Spinner label="Loading workers…" /> : null}
      {data && data.list.length === 0 ? (
        <EmptyState title="No workers">Start a worker (`client.serve(...)` in a TypeScript project); it appears here within seconds.</EmptyState>
      ) : null}
      {data && data.list.length > 0 ? <WorkersTable workers={data.list} fetchedAt={data.fetchedAt} /> : null}
    </>
  );
}
