import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { useApi } from '../api/context';
import { ApiError } from '../api/error';
import type { Schedule, Triggered } from '../api/types';
import { ScheduleActions } from '../components/schedules/ScheduleActions';
import { ScheduleCounters, ScheduleFacts } from '../components/schedules/ScheduleFacts';
import { OpenRuns, RecentRunsTable, TimeList } from '../components/schedules/ScheduleRuns';
import { Banner, ErrorBanner, LiveRegion, Spinner } from '../components/ui/Feedback';
import { PageHeader, Section } from '../components/ui/Section';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useInterval } from '../hooks/useInterval';
import { useResource } from '../hooks/useResource';
import { runPath } from '../lib/paths';
import { triggerMessage } from '../lib/schedules';
import { SCHEDULES_REFRESH_MS } from './SchedulesPage';

export function SchedulePage() {
  const { id = '' } = useParams();
  const api = useApi();
  const schedule = useResource(id, (signal) => api.getSchedule(id, signal));
  const [message, setMessage] = useState('');
  const [triggered, setTriggered] = useState<Triggered | null>(null);
  useInterval(schedule.reload, SCHEDULES_REFRESH_MS);
  useDocumentTitle(`Schedule ${id}`);

  const onChanged = (updated: Schedule, text: string) => {
    schedule.replace(updated);
    setTriggered(null);
    setMessage(text);
  };
  const onTriggered = (result: Triggered) => {
    setTriggered(result);
    setMessage(triggerMessage(result));
    schedule.reload();
  };

  const data = schedule.data;
  if (schedule.error && !data) {
    const missing = schedule.error instanceof ApiError && schedule.error.isNotFound;
    return (
      <>
        <PageHeader title="Schedule" meta={<code className="wrap-anywhere">{id}</code>} />
        <ErrorBanner
          error={schedule.error}
          title={missing ? 'No such schedule' : 'The schedule could not be loaded'}
          onRetry={missing ? undefined : schedule.reload}
        />
        <p>
          <Link to="/schedules">Back to the schedules</Link>
        </p>
      </>
    );
  }
  if (!data) return <Spinner label="Loading the schedule…" />;

  return (
    <>
      <PageHeader title={<span className="wrap-anywhere">{data.id}</span>} meta={<Link to="/schedules">All schedules</Link>}>
        <ScheduleActions schedule={data} onChanged={onChanged} onTriggered={onTriggered} />
      </PageHeader>
      <LiveRegion message={message} />
      {triggered ? (
        <Banner>
          <span data-testid="trigger-result">
            {triggerMessage(triggered)}{' '}
            {triggered.outcome === 'started' ? <Link to={runPath(triggered.workflowId)}>Open the run</Link> : null}
          </span>
        </Banner>
      ) : null}
      {schedule.error ? <ErrorBanner error={schedule.error} title="The schedule could not be refreshed" onRetry={schedule.reload} /> : null}

      <ScheduleFacts schedule={data} />

      <Section title="Counters">
        <ScheduleCounters schedule={data} />
      </Section>

      <Section title="Next fire times">
        <TimeList
          times={data.nextFireTimesMs}
          empty="The spec fires no more."
          label="The next times the spec fires, in your local time"
        />
        {data.paused && data.nextFireTimesMs.length > 0 ? (
          <p className="muted">Paused: these ticks start nothing unless it is unpaused first.</p>
        ) : null}
      </Section>

      <Section title={`Open runs (${String(data.runningWorkflowIds.length)})`}>
        <OpenRuns ids={data.runningWorkflowIds} />
      </Section>

      <Section title={`Waiting ticks (${String(data.bufferedTicksMs.length)})`}>
        <TimeList
          times={data.bufferedTicksMs}
          empty="No tick waits: none is held back by the overlap policy or queued by a trigger or backfill."
          label="Ticks waiting to start"
        />
      </Section>

      <Section title="Recent runs">
        {data.recentActions.length === 0 ? (
          <p className="muted">It has started no run yet.</p>
        ) : (
          <RecentRunsTable runs={data.recentActions} />
        )}
      </Section>
    </>
  );
}
