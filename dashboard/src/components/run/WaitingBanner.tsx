import type { WorkflowDetail } from '../../api/types';
import { waitLabel } from '../../lib/format';
import { RelativeTime } from '../ui/Time';

/** "Waiting on approval since 3 m ago", and every open wait with its target and deadline. */
export function WaitingBanner({ run }: { run: WorkflowDetail }) {
  if (run.state !== 'RUNNING' || !run.waitingOn) return null;
  return (
    <div className="waiting-banner" role="status" data-testid="waiting-banner">
      <p className="waiting-title">
        Waiting on <strong>{waitLabel(run.waitingOn)}</strong>
        {run.waitingSince !== null ? (
          <>
            {' '}
            <RelativeTime at={run.waitingSince} prefix="since" />
          </>
        ) : null}
      </p>
      {run.waits.length > 0 ? (
        <ul className="waits">
          {run.waits.map((wait) => (
            <li key={wait.position}>
              {waitLabel(wait.kind)} <span className="mono wrap-anywhere">{wait.target}</span> at position {wait.position}, since{' '}
              <RelativeTime at={wait.since} />
              {wait.deadline !== null ? (
                <>
                  , deadline <RelativeTime at={wait.deadline} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
