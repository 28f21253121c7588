import type { PendingActivity } from '../../api/types';
import { activityPhase, timeoutLabel } from '../../lib/timeouts';
import { StatusBadge } from '../ui/Badge';
import { JsonViewer } from '../ui/JsonViewer';
import { Table } from '../ui/Table';
import { DateTime, RelativeTime } from '../ui/Time';
import './run.css';

/**
 * Activities with engine-enforced timeouts that run or wait to run again, as Temporal's UI shows
 * pending activities: attempt, start, last heartbeat and its details (as text), next deadline.
 */
export function PendingActivities({ activities }: { activities: PendingActivity[] }) {
  return (
    <Table caption="Pending activities" captionHidden stack className="pending-activities">
      <thead>
        <tr>
          <th scope="col">Activity</th>
          <th scope="col">Attempt</th>
          <th scope="col">Started</th>
          <th scope="col">Last heartbeat</th>
          <th scope="col">Heartbeat details</th>
          <th scope="col">Next deadline</th>
        </tr>
      </thead>
      <tbody>
        {activities.map((activity) => (
          <tr key={activity.position} data-testid="pending-activity" data-position={activity.position}>
            <th scope="row" data-label="Activity">
              <span className="wrap-anywhere">{activity.name}</span> <span className="muted mono">#{activity.position}</span>
            </th>
            <td data-label="Attempt" className="num">
              {activity.attempt}
            </td>
            <td data-label="Started" className="nowrap">
              {activity.startedAt !== null ? <DateTime at={activity.startedAt} /> : <StatusBadge status={activityPhase(activity)} />}
            </td>
            <td data-label="Last heartbeat" className="nowrap" data-testid="pending-heartbeat">
              {activity.lastHeartbeatAt !== null ? <RelativeTime at={activity.lastHeartbeatAt} /> : <span className="muted">none yet</span>}
            </td>
            <td data-label="Heartbeat details">
              {activity.heartbeatDetails !== null ? (
                <JsonViewer
                  value={activity.heartbeatDetails}
                  label={`Heartbeat details of ${activity.name}`}
                  testId="pending-heartbeat-details"
                />
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td data-label="Next deadline" data-testid="pending-deadline">
              {activity.deadline !== null ? (
                <>
                  <RelativeTime at={activity.deadline} />
                  {activity.deadlineTimeout ? (
                    <div className="muted">
                      {timeoutLabel(activity.deadlineTimeout)} timeout, <DateTime at={activity.deadline} />
                    </div>
                  ) : null}
                </>
              ) : (
                <span className="muted">none</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
