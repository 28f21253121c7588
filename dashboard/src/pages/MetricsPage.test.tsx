import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { MetricsSummary } from '../api/types';
import { createMockApi } from '../test/mockApi';
import { renderRoute } from '../test/render';
import MetricsPage from './MetricsPage';

const at = Date.UTC(2025, 0, 1, 12, 0, 0);
const summary: MetricsSummary = {
  at,
  uptimeMs: 3_600_000,
  windowSeconds: 300,
  bucketSeconds: 10,
  throughput: [
    { at: at - 20_000, started: 4, completed: 2, failed: 1, cancelled: 0 },
    { at: at - 10_000, started: 6, completed: 5, failed: 0, cancelled: 1 },
  ],
  latency: { count: 8, p50Ms: 120, p90Ms: 900, p99Ms: 2_500, maxMs: 4_000 },
  runsByState: { PENDING: 1, RUNNING: 7, COMPLETED: 40, FAILED: 3, CANCELLED: 2 },
  waiting: { timer: 2, signal: 1, approval: 4, child: 0, 'retry-backoff': 1 },
  totals: {
    workflowsStarted: 1_234, workflowsCompleted: 1_100, workflowsFailed: 30, workflowsCancelled: 4,
    stepsCompleted: 9_876, stepAttemptsFailed: 55, queueDepth: 2, timersPending: 3, workersConnected: 2,
  },
};

describe('MetricsPage', () => {
  it('shows latency percentiles, throughput, runs by state, waits and totals', async () => {
    const mock = createMockApi({ getMetricsSummary: () => Promise.resolve(summary) });
    renderRoute(<MetricsPage />, { api: mock.api, path: '/metrics', url: '/metrics' });
    const latency = await screen.findByRole('list', { name: 'Run latency, start to finish' });
    expect(within(latency).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Runs finished8', 'p50120 ms', 'p90900 ms', 'p992.5 s', 'max4.0 s',
    ]);
    const totals = screen.getByRole('list', { name: 'Totals since start-up' });
    expect(totals).toHaveTextContent('Started1,234');
    expect(totals).toHaveTextContent('Steps completed9,876');
    expect(totals).toHaveTextContent('Workers connected2');
    // Each chart's data is also a table.
    const states = screen.getByRole('table', { name: 'Runs by state' });
    expect(within(states).getByRole('row', { name: 'COMPLETED 40' })).toBeInTheDocument();
    const waits = screen.getByRole('table', { name: 'Waiting runs by what they wait on' });
    expect(within(waits).getByRole('row', { name: 'approval 4' })).toBeInTheDocument();
    expect(within(waits).getByRole('row', { name: 'retry backoff 1' })).toBeInTheDocument();
    const throughput = screen.getByRole('table', { name: 'Throughput per interval' });
    expect(within(throughput).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByRole('img', { name: /Runs started, completed, failed and cancelled/ })).toBeInTheDocument();
    expect(screen.getByText(/The last 5 m in 10 s intervals; up 1 h/)).toBeInTheDocument();
  });

  it('says when no run finished in the window', async () => {
    const mock = createMockApi({
      getMetricsSummary: () => Promise.resolve({ ...summary, latency: { count: 0, p50Ms: null, p90Ms: null, p99Ms: null, maxMs: null } }),
    });
    renderRoute(<MetricsPage />, { api: mock.api, path: '/metrics', url: '/metrics' });
    expect(await screen.findByText('No run finished in the window.')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Run latency, start to finish' })).toHaveTextContent('p50—');
  });
});
