import type { Schedule } from '../../api/types';
import { formatCount, formatDuration } from '../../lib/format';
import { prettyJson } from '../../lib/json';
import { overlapDescription, timeZoneLabel } from '../../lib/schedules';
import { JsonViewer } from '../ui/JsonViewer';
import { DateTime } from '../ui/Time';
import { ScheduleState } from './ScheduleState';

/** The schedule's definition: when it fires, what it starts (its input as JSON text), and its policies. */
export function ScheduleFacts({ schedule }: { schedule: Schedule }) {
  const { spec } = schedule;
  return (
    <>
      <dl className="facts" aria-label="Schedule definition">
        <div>
          <dt>State</dt>
          <dd>
            <ScheduleState schedule={schedule} />
          </dd>
        </div>
        <div>
          <dt>Cron</dt>
          <dd>
            <code data-testid="schedule-cron">{spec.cron}</code>
          </dd>
        </div>
        <div>
          <dt>Time zone</dt>
          <dd>{timeZoneLabel(spec.timeZone)}</dd>
        </div>
        <div>
          <dt>Workflow type</dt>
          <dd>
            <code>{schedule.action.workflowType}</code>
          </dd>
        </div>
        <div>
          <dt>Overlap policy</dt>
          <dd>
            <code>{schedule.overlap}</code>
            <div className="muted">{overlapDescription(schedule.overlap)}</div>
          </dd>
        </div>
        <div>
          <dt>Catch-up window</dt>
          <dd>
            {formatDuration(schedule.catchupWindowMs)}
            <div className="muted">older missed ticks are counted, not run</div>
          </dd>
        </div>
        <div>
          <dt>Jitter</dt>
          <dd>{spec.jitterMs > 0 ? `up to ${formatDuration(spec.jitterMs)}` : <span className="muted">none</span>}</dd>
        </div>
        {spec.startAtMs !== undefined ? (
          <div>
            <dt>Starts</dt>
            <dd>
              <DateTime at={spec.startAtMs} />
            </dd>
          </div>
        ) : null}
        {spec.endAtMs !== undefined ? (
          <div>
            <dt>Ends</dt>
            <dd>
              <DateTime at={spec.endAtMs} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Created</dt>
          <dd>
            <DateTime at={schedule.createdAtMs} />
          </dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>
            <DateTime at={schedule.updatedAtMs} />
          </dd>
        </div>
      </dl>
      <div className="schedule-input">
        <h3 className="schedule-subhead">Input</h3>
        <JsonViewer value={prettyJson(schedule.action.input)} label="The input each run starts with" testId="schedule-input" />
      </div>
    </>
  );
}

/** How many ticks started a run, were skipped by the overlap policy, missed, or buffered. */
export function ScheduleCounters({ schedule }: { schedule: Schedule }) {
  const { counters } = schedule;
  const items: [string, number, string][] = [
    ['Started', counters.actionsStarted, 'runs started'],
    ['Skipped', counters.skippedOverlap, 'by the overlap policy'],
    ['Missed', counters.missedCatchup, 'older than the catch-up window'],
    ['Buffered', counters.buffered, 'held back to start later'],
  ];
  return (
    <dl className="facts schedule-counters" aria-label="Schedule counters">
      {items.map(([label, value, hint]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            <span className="schedule-count" data-testid={`counter-${label.toLowerCase()}`}>
              {formatCount(value)}
            </span>
            <div className="muted">{hint}</div>
          </dd>
        </div>
      ))}
    </dl>
  );
}
