import { Link } from 'react-router';

import type { ScheduleRun } from '../../api/types';
import { runPath } from '../../lib/paths';
import { StateBadge, StatusBadge } from '../ui/Badge';
import { Table } from '../ui/Table';
import { DateTime, RelativeTime } from '../ui/Time';

/** Times as the dashboard shows them: local date and time, then how far from now. */
function When({ at }: { at: number }) {
  return (
    <>
      <DateTime at={at} /> <span className="muted">(<RelativeTime at={at} />)</span>
    </>
  );
}

/** A list of times (next fire times, buffered ticks), or `empty` when there are none. */
export function TimeList({ times, empty, label }: { times: readonly number[]; empty: string; label: string }) {
  if (times.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ol className="schedule-times" aria-label={label}>
      {times.map((at, i) => (
        <li key={`${String(at)}-${String(i)}`}>
          <When at={at} />
        </li>
      ))}
    </ol>
  );
}

/** The runs the schedule started, newest first, each linked to its run page. */
export function RecentRunsTable({ runs }: { runs: readonly ScheduleRun[] }) {
  return (
    <Table caption="Recent runs" captionHidden stack>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Scheduled for</th>
          <th scope="col">Started</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.workflowId} data-testid="schedule-run" data-run-id={run.workflowId}>
            <th scope="row" data-label="Run">
              <Link to={runPath(run.workflowId)} className="mono">
                {run.workflowId}
              </Link>
            </th>
            <td data-label="Scheduled for" className="nowrap">
              <DateTime at={run.scheduledAtMs} />
            </td>
            <td data-label="Started" className="nowrap">
              <When at={run.startedAtMs} />
            </td>
            <td data-label="State">{run.state ? <StateBadge state={run.state} /> : <StatusBadge status="starting" />}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The runs still open, linked to their pages. */
export function OpenRuns({ ids }: { ids: readonly string[] }) {
  if (ids.length === 0) return <p className="muted">No run is open.</p>;
  return (
    <ul className="schedule-open-runs">
      {ids.map((id) => (
        <li key={id}>
          <Link to={runPath(id)} className="mono">
            {id}
          </Link>
        </li>
      ))}
    </ul>
  );
}
