import { Link } from 'react-router';

import type { WorkflowDetail } from '../../api/types';
import { runPath } from '../../lib/paths';
import { StateBadge } from '../ui/Badge';
import { DateTime, Duration, RelativeTime } from '../ui/Time';

/** What a run is, at a glance: type, state, parent, times (its execution deadline too), worker. */
export function RunFacts({ run }: { run: WorkflowDetail }) {
  return (
    <dl className="facts" aria-label="Run summary">
      <div>
        <dt>Type</dt>
        <dd>{run.workflowType}</dd>
      </div>
      <div>
        <dt>State</dt>
        <dd>
          <StateBadge state={run.state} />
        </dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>
          <DateTime at={run.createdAt} />
          <div className="muted">
            <RelativeTime at={run.createdAt} />
          </div>
        </dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>
          <Duration from={run.createdAt} to={run.closedAt} />
          {run.closedAt === null ? <span className="muted"> so far</span> : null}
        </dd>
      </div>
      {run.executionDeadline !== null ? (
        <div data-testid="execution-deadline">
          <dt>Execution deadline</dt>
          <dd>
            <DateTime at={run.executionDeadline} />
            {run.closedAt === null ? (
              <div className="muted">
                fails the run <RelativeTime at={run.executionDeadline} />
              </div>
            ) : null}
          </dd>
        </div>
      ) : null}
      {run.closedAt !== null ? (
        <div>
          <dt>Closed</dt>
          <dd>
            <DateTime at={run.closedAt} />
          </dd>
        </div>
      ) : null}
      <div>
        <dt>Parent</dt>
        <dd>
          {run.parentId ? (
            <Link to={runPath(run.parentId)} className="mono">
              {run.parentId}
            </Link>
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Worker</dt>
        <dd>{run.workerId ? <span className="mono">{run.workerId}</span> : <span className="muted">none holding it</span>}</dd>
      </div>
      <div>
        <dt>History</dt>
        <dd>{run.historyLength === 1 ? '1 event' : `${run.historyLength} events`}</dd>
      </div>
    </dl>
  );
}
