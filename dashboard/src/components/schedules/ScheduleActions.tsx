import { useId, useState } from 'react';

import { useApi } from '../../api/context';
import { useForbidden } from '../../auth/context';
import type { Schedule, Triggered } from '../../api/types';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { ErrorBanner } from '../ui/Feedback';

type Busy = 'pause' | 'unpause' | 'trigger' | null;

/**
 * Pause (asking for a note, shown to whoever reads the schedule next), Unpause and Trigger now.
 * Each answer goes to the page; a refusal is shown here and changes nothing.
 */
export function ScheduleActions({
  schedule,
  onChanged,
  onTriggered,
}: {
  schedule: Schedule;
  onChanged: (schedule: Schedule, message: string) => void;
  onTriggered: (triggered: Triggered) => void;
}) {
  const api = useApi();
  const forbidden = useForbidden('schedule');
  const id = useId();
  const [pauseOpen, setPauseOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<{ action: Busy; error: unknown } | null>(null);

  const run = async (action: Exclude<Busy, null>, call: () => Promise<void>) => {
    setBusy(action);
    setError(null);
    try {
      await call();
    } catch (e) {
      setError({ action, error: e });
    } finally {
      setBusy(null);
    }
  };

  const pause = () =>
    run('pause', async () => {
      const updated = await api.pauseSchedule(schedule.id, note.trim());
      setPauseOpen(false);
      setNote('');
      onChanged(updated, 'The schedule is paused.');
    });
  const unpause = () =>
    run('unpause', async () => {
      onChanged(await api.unpauseSchedule(schedule.id), 'The schedule is active again.');
    });
  const trigger = () =>
    run('trigger', async () => {
      onTriggered(await api.triggerSchedule(schedule.id));
    });

  const closePause = () => {
    setPauseOpen(false);
    if (error?.action === 'pause') setError(null);
  };

  return (
    <div className="schedule-actions">
      {error && error.action !== 'pause' ? (
        <ErrorBanner
          error={error.error}
          title={error.action === 'trigger' ? 'The schedule was not triggered' : 'The schedule was not unpaused'}
        />
      ) : null}
      <div className="row">
        {schedule.paused ? (
          <Button variant="primary" onClick={() => void unpause()} disabled={busy !== null} disabledReason={forbidden}>
            {busy === 'unpause' ? 'Unpausing…' : 'Unpause'}
          </Button>
        ) : (
          <Button onClick={() => { setPauseOpen(true); }} disabled={busy !== null} disabledReason={forbidden}>
            Pause
          </Button>
        )}
        <Button onClick={() => void trigger()} disabled={busy !== null} disabledReason={forbidden}>
          {busy === 'trigger' ? 'Triggering…' : 'Trigger now'}
        </Button>
      </div>
      <Dialog
        title="Pause this schedule?"
        open={pauseOpen}
        onClose={closePause}
        describedBy={`${id}-what`}
        footer={
          <>
            <Button onClick={closePause} disabled={busy === 'pause'}>
              Keep it running
            </Button>
            <Button variant="primary" onClick={() => void pause()} disabled={busy === 'pause'}>
              {busy === 'pause' ? 'Pausing…' : 'Pause'}
            </Button>
          </>
        }
      >
        <p id={`${id}-what`}>
          No tick of <code className="wrap-anywhere">{schedule.id}</code> starts a run until it is unpaused; runs already
          open go on. Ticks that pass meanwhile are not run later.
        </p>
        {error?.action === 'pause' ? <ErrorBanner error={error.error} title="The schedule was not paused" /> : null}
        <div className="field">
          <label htmlFor={`${id}-note`}>Note</label>
          <input
            id={`${id}-note`}
            value={note}
            onChange={(e) => { setNote(e.target.value); }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && busy === null) void pause();
            }}
            placeholder="Why, for whoever reads the schedule next"
            data-autofocus
          />
        </div>
      </Dialog>
    </div>
  );
}
