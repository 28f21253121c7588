import { Link } from 'react-router';

import type { Schedule } from '../../api/types';
import { formatCount } from '../../lib/format';
import { schedulePath } from '../../lib/paths';
import { nextFire, timeZoneLabel } from '../../lib/schedules';
import { Table } from '../ui/Table';
import { DateTime, RelativeTime } from '../ui/Time';
import { ScheduleState } from './ScheduleState';
import './schedules.css';

/** Every schedule: what fires when, what it starts, whether it is paused, and its counters. */
export function SchedulesTable({ schedules }: { schedules: readonly Schedule[] }) {
  return (
    <Table caption="Schedules" captionHidden stack>
      <thead>
        <tr>
          <th scope="col">Schedule</th>
          <th scope="col">Cron</th>
          <th scope="col">Workflow type</th>
          <th scope="col">State</th>
          <th scope="col">Next fire</th>
          <th scope="col" className="num">
            Started
          </th>
          <th scope="col" className="num">
            Skipped
          </th>
          <th scope="col" className="num">
            Missed
          </th>
        </tr>
      </thead>
      <tbody>
        {schedules.map((schedule) => {
          const next = nextFire(schedule);
          return (
            <tr key={schedule.id} data-testid="schedule-row" data-schedule-id={schedule.id}>
              <th scope="row" data-label="Schedule">
                <Link to={schedulePath(schedule.id)} className="mono">
                  {schedule.id}
                </Link>
              </th>
              <td data-label="Cron">
                <code>{schedule.spec.cron}</code> <span className="muted">{timeZoneLabel(schedule.spec.timeZone)}</span>
              </td>
              <td data-label="Workflow type">
                <code>{schedule.action.workflowType}</code>
              </td>
              <td data-label="State">
                <ScheduleState schedule={schedule} />
              </td>
              <td data-label="Next fire" className="nowrap">
                {next === null ? (
                  <span className="muted">{schedule.paused ? 'paused' : 'none'}</span>
                ) : (
                  <>
                    <DateTime at={next} />
                    <div className="muted">
                      <RelativeTime at={next} />
                    </div>
                  </>
                )}
              </td>
              <td data-label="Started" className="num">
                {formatCount(schedule.counters.actionsStarted)}
              </td>
              <td data-label="Skipped" className="num">
                {formatCount(schedule.counters.skippedOverlap)}
              </td>
              <td data-label="Missed" className="num">
                {formatCount(schedule.counters.missedCatchup)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
