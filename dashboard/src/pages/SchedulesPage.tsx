import { useApi } from '../api/context';
import { SchedulesTable } from '../components/schedules/SchedulesTable';
import { Button } from '../components/ui/Button';
import { EmptyState, ErrorBanner, Spinner } from '../components/ui/Feedback';
import { PageHeader } from '../components/ui/Section';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useInterval } from '../hooks/useInterval';
import { useResource } from '../hooks/useResource';
import { countLabel } from '../lib/schedules';

/** Schedules change without a workflow event (a pause from the CLI, say), so the page polls. */
export const SCHEDULES_REFRESH_MS = 5000;

export function SchedulesPage() {
  const api = useApi();
  const schedules = useResource('schedules', (signal) => api.listSchedules(signal));
  useInterval(schedules.reload, SCHEDULES_REFRESH_MS);
  useDocumentTitle('Schedules');

  const list = schedules.data;
  const paused = list?.filter((s) => s.paused).length ?? 0;
  return (
    <>
      <PageHeader
        title="Schedules"
        meta={
          list
            ? `${countLabel(list.length)}, ${String(paused)} paused. Times in your local time zone; refreshes every ${String(SCHEDULES_REFRESH_MS / 1000)} s.`
            : undefined
        }
      >
        <Button onClick={schedules.reload}>Reload</Button>
      </PageHeader>
      {schedules.error ? <ErrorBanner error={schedules.error} title="The schedules could not be loaded" onRetry={schedules.reload} /> : null}
      {!list && !schedules.error ? <Spinner label="Loading schedules…" /> : null}
      {list && list.length === 0 ? (
        <EmptyState title="No schedules">
          Create one with <code>aether schedule create</code>, the SDKs, or <code>POST /v1/schedules</code>.
        </EmptyState>
      ) : null}
      {list && list.length > 0 ? <SchedulesTable schedules={list} /> : null}
    </>
  );
}
