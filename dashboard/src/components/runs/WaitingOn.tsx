import type { WorkflowView } from '../../api/types';
import { waitLabel } from '../../lib/format';
import { RelativeTime } from '../ui/Time';
import './runs.css';

/** "approval since 3 m ago" (ticking), or a dash when the run waits on nothing. */
export function WaitingOn({ run }: { run: Pick<WorkflowView, 'waitingOn' | 'waitingSince'> }) {
  if (!run.waitingOn) return <span className="muted">—</span>;
  return (
    <span className="waiting-cell">
      <strong>{waitLabel(run.waitingOn)}</strong>
      {run.waitingSince !== null ? (
        <>
          {' '}
          <RelativeTime at={run.waitingSince} prefix="since" />
        </>
      ) : null}
    </span>
  );
}
