import type { ReactElement, ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import type { LatencySummary, ThroughputBucket } from '../../api/types';
import { formatClock, formatDuration } from '../../lib/format';
import { Table } from '../ui/Table';
import './metrics.css';

// Series colours that read on light and dark backgrounds alike; every chart also has its data
// as a table (for screen readers, and for anyone who wants the numbers).
export const SERIES = {
  started: '#6366f1',
  completed: '#16a34a',
  failed: '#dc2626',
  cancelled: '#d97706',
  other: '#0891b2',
} as const;

const tick = { fill: 'currentColor', fontSize: 12 };

function ChartFrame({ label, children, table }: { label: string; children: ReactElement; table: ReactNode }) {
  return (
    <figure className="chart">
      <div className="chart-canvas" role="img" aria-label={label}>
        <ResponsiveContainer width="100%" height={240} initialDimension={{ width: 480, height: 240 }}>
          {children}
        </ResponsiveContainer>
      </div>
      <details className="chart-data">
        <summary>Data as a table</summary>
        {table}
      </details>
    </figure>
  );
}

export function ThroughputChart({ buckets }: { buckets: readonly ThroughputBucket[] }) {
  const data = buckets.map((b) => ({ ...b, label: formatClock(b.at).slice(0, 8) }));
  return (
    <ChartFrame
      label="Runs started, completed, failed and cancelled per interval"
      table={
        <Table caption="Throughput per interval" captionHidden>
          <thead>
            <tr>
              <th scope="col">Interval from</th>
              <th scope="col">Started</th>
              <th scope="col">Completed</th>
              <th scope="col">Failed</th>
              <th scope="col">Cancelled</th>
            </tr>
          </thead>
          <tbody>
            {data.map((b) => (
              <tr key={b.at}>
                <th scope="row">{b.label}</th>
                <td className="num">{b.started}</td>
                <td className="num">{b.completed}</td>
                <td className="num">{b.failed}</td>
                <td className="num">{b.cancelled}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      }
    >
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
        <XAxis dataKey="label" tick={tick} minTickGap={24} />
        <YAxis allowDecimals={false} tick={tick} />
        <Tooltip />
        <Legend />
        <Line type="monotone" dataKey="started" name="Started" stroke={SERIES.started} dot={false} strokeWidth={2} isAnimationActive={false} />
        <Line type="monotone" dataKey="completed" name="Completed" stroke={SERIES.completed} dot={false} strokeWidth={2} isAnimationActive={false} />
        <Line type="monotone" dataKey="failed" name="Failed" stroke={SERIES.failed} dot={false} strokeWidth={2} strokeDasharray="5 3" isAnimationActive={false} />
        <Line type="monotone" dataKey="cancelled" name="Cancelled" stroke={SERIES.cancelled} dot={false} strokeWidth={2} strokeDasharray="2 2" isAnimationActive={false} />
      </LineChart>
    </ChartFrame>
  );
}

export function LatencyChart({ latency }: { latency: LatencySummary }) {
  const data = [
    { name: 'p50', ms: latency.p50Ms ?? 0 },
    { name: 'p90', ms: latency.p90Ms ?? 0 },
    { name: 'p99', ms: latency.p99Ms ?? 0 },
    { name: 'max', ms: latency.maxMs ?? 0 },
  ];
  return (
    <ChartFrame
      label="Run latency percentiles"
      table={
        <Table caption="Latency percentiles" captionHidden>
          <thead>
            <tr>
              <th scope="col">Percentile</th>
              <th scope="col">Start to finish</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.name}>
                <th scope="row">{d.name}</th>
                <td className="num">{formatDuration(d.ms)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      }
    >
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
        <XAxis dataKey="name" tick={tick} />
        <YAxis tick={tick} tickFormatter={(v: number) => formatDuration(v)} width={64} />
        <Tooltip formatter={(v) => formatDuration(Number(v))} />
        <Bar dataKey="ms" name="Start to finish" fill={SERIES.started} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}

/** Counts by category (runs by state, waits by kind) as bars, with the table beside. */
export function CountChart({
  label,
  category,
  data,
  color,
}: {
  label: string;
  category: string;
  data: readonly { name: string; count: number }[];
  color: string;
}) {
  return (
    <ChartFrame
      label={label}
      table={
        <Table caption={label} captionHidden>
          <thead>
            <tr>
              <th scope="col">{category}</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.name}>
                <th scope="row">{d.name}</th>
                <td className="num">{d.count}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      }
    >
      <BarChart data={[...data]} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
        <XAxis dataKey="name" tick={tick} interval={0} />
        <YAxis allowDecimals={false} tick={tick} />
        <Tooltip />
        <Bar dataKey="count" name="Count" fill={color} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}
