import type { StreamStatus } from '../../hooks/useLiveStream';
import { Button } from '../ui/Button';
import './runs.css';

const STATUS_TEXT: Record<StreamStatus, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/** The stream's state and the pause toggle; while paused, how many updates wait. */
export function LiveControls({
  status,
  paused,
  pending,
  onToggle,
}: {
  status: StreamStatus;
  paused: boolean;
  pending: number;
  onToggle: () => void;
}) {
  return (
    <div className="live-bar">
      <span className="live-status">
        <span className={`live-dot live-dot-${paused ? 'paused' : status}`} aria-hidden="true" />
        {paused ? 'Live updates paused' : STATUS_TEXT[status]}
      </span>
      <Button size="sm" aria-pressed={paused} onClick={onToggle}>
        {paused ? 'Resume live updates' : 'Pause live updates'}
      </Button>
      {paused && pending > 0 ? (
        <span className="pending-count" data-testid="pending-updates">
          {pending === 1 ? '1 new update' : `${pending} new updates`}
        </span>
      ) : null}
    </div>
  );
}
