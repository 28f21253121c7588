import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';

import { useApi } from '../api/context';
import { ApiError } from '../api/error';
import type { Approval, WorkflowDetail, WorkflowView } from '../api/types';
import { ApprovalCard } from '../components/approvals/ApprovalCard';
import { CancelRun } from '../components/run/CancelDialog';
import { PendingActivities } from '../components/run/PendingActivities';
import { RunFacts } from '../components/run/RunHeader';
import { RunOutcome } from '../components/run/RunOutcome';
import { SendSignal } from '../components/run/SignalDialog';
import { Timeline } from '../components/run/Timeline';
import { WaitingBanner } from '../components/run/WaitingBanner';
import { RunsTable } from '../components/runs/RunsTable';
import { Banner, ErrorBanner, LiveRegion, Spinner } from '../components/ui/Feedback';
import { JsonViewer } from '../components/ui/JsonViewer';
import { PageHeader, Section } from '../components/ui/Section';
import { RelativeTime } from '../components/ui/Time';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useInterval } from '../hooks/useInterval';
import { useLiveStream } from '../hooks/useLiveStream';
import { useResource } from '../hooks/useResource';
import { buildTimeline } from '../lib/timeline';

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/**
 * How often the detail is read again while activities are pending: a heartbeat records nothing,
 * so the stream says nothing of it (like the workers page, which polls for the same reason).
 */
export const ACTIVITIES_REFRESH_MS = 5000;

/** Whether a live view says more than the detail shown. */
function isNewer(view: WorkflowView, shown: WorkflowDetail | undefined): boolean {
  if (!shown) return true;
  return (
    view.historyLength !== shown.historyLength ||
    view.state !== shown.state ||
    view.updatedAt > shown.updatedAt ||
    view.waitingOn !== shown.waitingOn
  );
}

export function RunPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const detail = useResource(id, (signal) => api.getWorkflow(id, signal));
  const history = useResource(id, (signal) => api.getHistory(id, signal));
  const children = useResource(id, (signal) => api.listWorkflows({ parent: id, limit: 100 }, signal));
  const approvals = useResource(id, (signal) => api.listApprovals({ workflowId: id, state: 'pending', limit: 20 }, signal));
  const [message, setMessage] = useState('');
  useDocumentTitle(`Run ${id}`);

  const run = detail.data;
  const activities = run && !TERMINAL.has(run.state) ? run.pendingActivities : [];
  useInterval(detail.reload, activities.length > 0 ? ACTIVITIES_REFRESH_MS : null);
  const timeline = useMemo(() => (history.data ? buildTimeline(history.data) : null), [history.data]);

  const refresh = () => {
    detail.reload();
    history.reload();
    children.reload();
    approvals.reload();
  };

  useLiveStream(
    {
      onWorkflow: (view) => {
        if (view.id !== id || !isNewer(view, run)) return;
        if (run && view.state !== run.state) setMessage(`The run is now ${view.state}.`);
        refresh();
      },
      onResync: refresh,
    },
    { workflowId: id },
  );

  if (detail.error && !run) {
    const missing = detail.error instanceof ApiError && detail.error.isNotFound;
    return (
      <>
        <PageHeader title="Run" meta={<code className="wrap-anywhere">{id}</code>} />
        <ErrorBanner error={detail.error} title={missing ? 'No such run' : 'The run could not be loaded'} onRetry={missing ? undefined : refresh} />
        <p>
          <Link to="/runs">Back to the runs</Link>
        </p>
      </>
    );
  }
  if (!run) return <Spinner label="Loading the run…" />;

  const waitingSignal = run.waits.find((w) => w.kind === 'signal')?.target;
  const open = !TERMINAL.has(run.state);
  const pending = approvals.data?.approvals.filter((a) => a.state === 'pending') ?? [];

  const onDecided = (approval: Approval) => {
    setMessage(`Approval ${approval.reason} ${approval.state}.`);
    refresh();
  };

  return (
    <>
      <PageHeader
        title={
          <>
            <span className="muted">Run </span>
            <span className="mono">{run.id}</span>
          </>
        }
      >
        {open ? (
          <div className="run-actions">
            <SendSignal workflowId={run.id} suggestedName={waitingSignal} onSent={(text) => { setMessage(text); refresh(); }} />
            <CancelRun
              run={run}
              onCancelled={(updated) => {
                detail.replace(updated);
                setMessage('The run was cancelled.');
                refresh();
              }}
            />
          </div>
        ) : null}
      </PageHeader>
      <LiveRegion message={message} />
      {message ? <Banner live={false}>{message}</Banner> : null}
      {detail.error ? <ErrorBanner error={detail.error} title="The run could not be refreshed" onRetry={refresh} /> : null}
      <RunFacts run={run} />
      <WaitingBanner run={run} />

      {pending.length > 0 ? (
        <Section title="Waiting for your decision">
          <div className="approval-list">
            {pending.map((approval) => (
              <ApprovalCard key={approval.id} approval={approval} onDecided={onDecided} showWorkflow={false} headingLevel={3} />
            ))}
          </div>
        </Section>
      ) : null}

      {activities.length > 0 ? (
        <Section title="Pending activities">
          <PendingActivities activities={activities} />
        </Section>
      ) : null}

      <RunOutcome run={run} />

      <Section title="Timeline">
        {history.error ? <ErrorBanner error={history.error} title="The history could not be loaded" onRetry={history.reload} /> : null}
        {timeline ? <Timeline timeline={timeline} /> : history.error ? null : <Spinner label="Loading the history…" />}
        {timeline && timeline.pendingSignals.length > 0 ? (
          <div className="stack" style={{ marginTop: '1rem' }}>
            <h3 className="section-title">Signals received, not yet taken by a wait</h3>
            <ul className="signal-list">
              {timeline.pendingSignals.map((signal) => (
                <li key={signal.seq}>
                  <code>{signal.name}</code> <RelativeTime at={signal.at} />
                  <JsonViewer value={signal.payload} label={`Payload of signal ${signal.name}`} />
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Section>

      <Section title="Children">
        {children.error ? <ErrorBanner error={children.error} title="The children could not be loaded" onRetry={children.reload} /> : null}
        {children.data ? (
          children.data.workflows.length ? (
            <RunsTable runs={children.data.workflows} caption="Child runs" />
          ) : (
            <p className="muted">This run started no children.</p>
          )
        ) : children.error ? null : (
          <Spinner label="Loading children…" />
        )}
      </Section>
    </>
  );
}
