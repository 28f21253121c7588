import type { Schedule } from '../../api/types';
import { scheduleState } from '../../lib/schedules';
import { Badge } from '../ui/Badge';

/** Active or paused, by glyph and word (`data-testid="schedule-state"`), then the note if any. */
export function ScheduleState({ schedule }: { schedule: Schedule }) {
  const state = scheduleState(schedule);
  return (
    <span className="schedule-state">
      <Badge tone={state === 'paused' ? 'warning' : 'success'} data-testid="schedule-state">
        <span aria-hidden="true">{state === 'paused' ? '❚❚' : '▶'}</span> {state}
      </Badge>
      {schedule.note ? (
        <span className="schedule-note" data-testid="schedule-note">
          {schedule.note}
        </span>
      ) : null}
    </span>
  );
}
