import { Link } from 'react-router';

import type { WorkflowView } from '../../api/types';
import { shortId } from '../../lib/format';
import { runPath } from '../../lib/paths';
import { StateBadge } from '../ui/Badge';
import { Table } from '../ui/Table';
import { DateTime, Duration, RelativeTime } from '../ui/Time';
import { WaitingOn } from './WaitingOn';

/** Runs, one row each (`data-testid="run-row"`, `data-run-id`); stacks into cards on a phone. */
export function RunsTable({
  runs,
  caption,
  fresh,
}: {
  runs: readonly WorkflowView[];
  caption: string;
  fresh?: ReadonlySet<string>;
}) {
  return (
    <Table caption={caption} captionHidden stack>
      <thead>
        <tr>
          <th scope="col">ID</th>
          <th scope="col">Type</th>
          <th scope="col">State</th>
          <th scope="col">Waiting on</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-testid="run-row" data-run-id={run.id} className={fresh?.has(run.id) ? 'row-new' : undefined}>
            <th scope="row" data-label="ID" className="mono">
              <Link to={runPath(run.id)} title={run.id}>
                {shortId(run.id, 40)}
              </Link>
            </th>
            <td data-label="Type">{run.workflowType}</td>
            <td data-label="State">
              <StateBadge state={run.state} />
            </td>
            <td data-label="Waiting on">
              <WaitingOn run={run} />
            </td>
            <td data-label="Started" className="nowrap">
              <DateTime at={run.createdAt} />
              <div className="muted">
                <RelativeTime at={run.createdAt} />
              </div>
            </td>
            <td data-label="Duration" className="num nowrap">
              <Duration from={run.createdAt} to={run.closedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
