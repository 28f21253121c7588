import { useApi } from '../api/context';
import { WAIT_KINDS, WORKFLOW_STATES } from '../api/types';
import { CountChart, LatencyChart, SERIES, ThroughputChart } from '../components/metrics/charts';
import { MetricCards } from '../components/metrics/MetricCards';
import { ErrorBanner, Spinner } from '../components/ui/Feedback';
import { PageHeader, Section } from '../components/ui/Section';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useInterval } from '../hooks/useInterval';
import { useResource } from '../hooks/useResource';
import { formatCount, formatDuration, formatOptionalDuration, waitLabel } from '../lib/format';

export const METRICS_REFRESH_MS = 5000;

/** Throughput, latency, runs by state, waits, totals; refreshed every few seconds. */
export default function MetricsPage() {
  const api = useApi();
  const summary = useResource('metrics', (signal) => api.getMetricsSummary(signal));
  useInterval(summary.reload, METRICS_REFRESH_MS);
  useDocumentTitle('Metrics');

  const data = summary.data;
  return (
    <>
      <PageHeader
        title="Metrics"
        meta={
          data
            ? `The last ${formatDuration(data.windowSeconds * 1000)} in ${data.bucketSeconds} s intervals; up ${formatDuration(data.uptimeMs)}. Refreshes every ${METRICS_REFRESH_MS / 1000} s.`
            : undefined
        }
      />
      {summary.error ? <ErrorBanner error={summary.error} title="The metrics could not be loaded" onRetry={summary.reload} /> : null}
      {!data && !summary.error ? <Spinner label="Loading metrics…" /> : null}
      {data ? (
        <>
          <Section title="Latency">
            <MetricCards
              label="Run latency, start to finish"
              items={[
                { label: 'Runs finished', value: formatCount(data.latency.count) },
                { label: 'p50', value: formatOptionalDuration(data.latency.p50Ms) },
                { label: 'p90', value: formatOptionalDuration(data.latency.p90Ms) },
                { label: 'p99', value: formatOptionalDuration(data.latency.p99Ms) },
                { label: 'max', value: formatOptionalDuration(data.latency.maxMs) },
              ]}
            />
          </Section>
          <div className="metrics-grid">
            <Section title="Throughput">
              <ThroughputChart buckets={data.throughput} />
            </Section>
            <Section title="Latency percentiles">
              {data.latency.count > 0 ? (
                <LatencyChart latency={data.latency} />
              ) : (
                <p className="muted">No run finished in the window.</p>
              )}
            </Section>
            <Section title="Runs by state">
              <CountChart
                label="Runs by state"
                category="State"
                color={SERIES.started}
                data={WORKFLOW_STATES.map((state) => ({ name: state, count: data.runsByState[state] ?? 0 }))}
              />
            </Section>
            <Section title="Waiting runs by kind">
              <CountChart
                label="Waiting runs by what they wait on"
                category="Waiting on"
                color={SERIES.other}
                data={WAIT_KINDS.map((kind) => ({ name: waitLabel(kind), count: data.waiting[kind] ?? 0 }))}
              />
            </Section>
          </div>
          <Section title="Totals since start-up">
            <MetricCards
              label="Totals since start-up"
              items={[
                { label: 'Started', value: formatCount(data.totals.workflowsStarted) },
                { label: 'Completed', value: formatCount(data.totals.workflowsCompleted) },
                { label: 'Failed', value: formatCount(data.totals.workflowsFailed) },
                { label: 'Cancelled', value: formatCount(data.totals.workflowsCancelled) },
                { label: 'Steps completed', value: formatCount(data.totals.stepsCompleted) },
                { label: 'Step attempts failed', value: formatCount(data.totals.stepAttemptsFailed) },
                { label: 'Queue depth', value: formatCount(data.totals.queueDepth) },
                { label: 'Timers pending', value: formatCount(data.totals.timersPending) },
                { label: 'Workers connected', value: formatCount(data.totals.workersConnected) },
              ]}
            />
          </Section>
        </>
      ) : null}
    </>
  );
}
