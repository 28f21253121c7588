import { Link } from 'react-router';

import { formatClock, formatDuration, formatOptionalDuration, isoOf } from '../../lib/format';
import { describeTimeouts } from '../../lib/timeouts';
import { runPath, sessionPath } from '../../lib/paths';
import {
  entryKindLabel,
  entryStatus,
  type ActivityEntry,
  type ApprovalEntry,
  type Attempt,
  type ChildEntry,
  type SignalEntry,
  type StepEntry,
  type Timeline as TimelineModel,
  type TimelineEntry,
  type TimerEntry,
} from '../../lib/timeline';
import { StatusBadge } from '../ui/Badge';
import { JsonViewer } from '../ui/JsonViewer';
import { Table } from '../ui/Table';
import { DateTime, Duration, RelativeTime } from '../ui/Time';
import { FailureView } from './FailureView';
import './run.css';

function Clock({ at }: { at: number }) {
  return <time dateTime={isoOf(at)}>{formatClock(at)}</time>;
}

/** The run's journal, one entry per position, in order (`data-testid="timeline-entry"`). */
export function Timeline({ timeline }: { timeline: TimelineModel }) {
  if (timeline.entries.length === 0) {
    return <p className="muted">No steps, waits or children yet.</p>;
  }
  return (
    <ol className="timeline">
      {timeline.entries.map((entry) => (
        <TimelineItem key={entry.position} entry={entry} />
      ))}
    </ol>
  );
}

function title(entry: TimelineEntry): string {
  switch (entry.type) {
    case 'step':
    case 'timer':
    case 'signal':
      return entry.name;
    case 'child':
      return entry.workflowType;
    case 'approval':
      return entry.request?.reason ?? entry.approvalId;
    case 'activity':
      return entry.op;
  }
}

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const status = entryStatus(entry);
  const headingId = `entry-${entry.position}`;
  return (
    <li
      className={`timeline-entry timeline-${entry.type} timeline-status-${status.replace(/\s/g, '-')}`}
      data-testid="timeline-entry"
      data-position={entry.position}
      data-kind={entry.type}
      aria-labelledby={headingId}
    >
      <div className="timeline-head">
        <span className="timeline-pos" title="Journal position">
          #{entry.position}
        </span>
        <h3 id={headingId} className="timeline-title">
          <span className="timeline-kind">{entryKindLabel(entry)}</span> <span className="wrap-anywhere">{title(entry)}</span>
        </h3>
        <StatusBadge status={status} />
        <span className="timeline-when muted">
          <Clock at={entry.at} />
          {entry.endedAt !== null && entry.endedAt > entry.at ? <> · {formatDuration(entry.endedAt - entry.at)}</> : null}
        </span>
      </div>
      <div className="timeline-body">
        {entry.type === 'step' ? <StepBody entry={entry} /> : null}
        {entry.type === 'timer' ? <TimerBody entry={entry} /> : null}
        {entry.type === 'child' ? <ChildBody entry={entry} /> : null}
        {entry.type === 'signal' ? <SignalBody entry={entry} /> : null}
        {entry.type === 'approval' ? <ApprovalBody entry={entry} /> : null}
        {entry.type === 'activity' ? <ActivityBody entry={entry} /> : null}
      </div>
    </li>
  );
}

function StepBody({ entry }: { entry: StepEntry }) {
  const last = entry.attempts[entry.attempts.length - 1];
  const timeouts = describeTimeouts(entry.timeouts);
  return (
    <>
      {timeouts.length > 0 ? (
        <p className="timeline-line muted" data-testid="step-timeouts">
          Timeouts the engine enforces: {timeouts.join(' · ')}
        </p>
      ) : null}
      <Table caption={`Attempts of ${entry.name}`} captionHidden stack className="attempts">
        <thead>
          <tr>
            <th scope="col">Attempt</th>
            <th scope="col">Outcome</th>
            <th scope="col">Duration</th>
            <th scope="col">Queued</th>
            <th scope="col">Worker</th>
            <th scope="col">Recorded</th>
            <th scope="col">Error or retry</th>
          </tr>
        </thead>
        <tbody>
          {entry.attempts.map((attempt) => (
            <tr key={attempt.seq} data-testid="attempt" data-attempt={attempt.attempt} data-outcome={attempt.outcome}>
              <th scope="row" data-label="Attempt" className="num">
                {attempt.attempt}
              </th>
              <td data-label="Outcome">
                <StatusBadge status={attempt.outcome} />
              </td>
              <td data-label="Duration" className="num nowrap">
                {attempt.outcome === 'running' && attempt.startedAt !== null && !entry.abandoned ? (
                  <>
                    <Duration from={attempt.startedAt} to={null} />
                    <span className="muted"> so far</span>
                  </>
                ) : (
                  formatOptionalDuration(attempt.durationMs)
                )}
              </td>
              <td data-label="Queued" className="num nowrap">
                {formatOptionalDuration(attempt.queuedMs)}
              </td>
              <td data-label="Worker" className="mono">
                {attempt.workerId ?? '—'}
              </td>
              <td data-label="Recorded" className="nowrap">
                <Clock at={attempt.at} />
              </td>
              <td data-label="Error or retry">
                <AttemptDetail attempt={attempt} entry={entry} />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {last?.outcome === 'completed' ? (
        <details className="timeline-detail">
          <summary>Output</summary>
          <JsonViewer value={last.result} label={`Output of ${entry.name}`} testId="step-output" />
        </details>
      ) : null}
    </>
  );
}

/** An attempt's failure (and the timeout behind it), heartbeat details, retry, or its start. */
function AttemptDetail({ attempt, entry }: { attempt: Attempt; entry: StepEntry }) {
  const nothing =
    !attempt.failure && attempt.retryAt === null && attempt.outcome !== 'running' && attempt.outcome !== 'interrupted';
  return (
    <>
      {attempt.outcome === 'running' ? (
        <p className="muted attempt-note">{entry.abandoned ? 'Started; the run ended first' : 'Started on its worker, running'}</p>
      ) : null}
      {attempt.outcome === 'interrupted' ? (
        <p className="muted attempt-note">Its task was lost; a later task started the attempt again</p>
      ) : null}
      {attempt.failure ? <FailureView failure={attempt.failure} testId="attempt-error" /> : null}
      {attempt.heartbeatDetails !== null && attempt.heartbeatDetails !== undefined ? (
        <details className="timeline-detail" data-testid="attempt-heartbeat">
          <summary>Last heartbeat details</summary>
          <JsonViewer value={attempt.heartbeatDetails} label={`Last heartbeat details of ${entry.name} attempt ${attempt.attempt}`} />
        </details>
      ) : null}
      {attempt.retryAt !== null ? (
        <p className="muted attempt-retry">
          Retry {attempt.backoffEndedAt !== null ? 'was due' : 'due'} at <Clock at={attempt.retryAt} />
          {attempt.backoffEndedAt === null ? (
            <>
              {' '}
              (<RelativeTime at={attempt.retryAt} />)
            </>
          ) : null}
        </p>
      ) : null}
      {nothing ? <span className="muted">—</span> : null}
    </>
  );
}

function TimerBody({ entry }: { entry: TimerEntry }) {
  return (
    <p className="timeline-line">
      {entry.status === 'fired' ? 'Fired' : entry.abandoned ? 'Was to fire' : 'Fires'} at <DateTime at={entry.fireAt} />
      {entry.status === 'waiting' && !entry.abandoned ? (
        <>
          {' '}
          (<RelativeTime at={entry.fireAt} />)
        </>
      ) : null}
    </p>
  );
}

function ChildBody({ entry }: { entry: ChildEntry }) {
  return (
    <>
      <p className="timeline-line">
        Child run{' '}
        <Link to={runPath(entry.childId)} className="mono wrap-anywhere">
          {entry.childId}
        </Link>{' '}
        {entry.status === 'running' ? 'is running' : `ended ${entry.status}`}
        {entry.reason ? <>: {entry.reason}</> : null}
      </p>
      {entry.failure ? <FailureView failure={entry.failure} /> : null}
      <details className="timeline-detail">
        <summary>Input{entry.status === 'completed' ? ' and result' : ''}</summary>
        <JsonViewer value={entry.input} label={`Input of child ${entry.childId}`} />
        {entry.status === 'completed' ? <JsonViewer value={entry.result} label={`Result of child ${entry.childId}`} /> : null}
      </details>
    </>
  );
}

function SignalBody({ entry }: { entry: SignalEntry }) {
  return (
    <>
      <p className="timeline-line">
        Waited for the signal <code>{entry.name}</code>
        {entry.timeoutAt !== null ? (
          <>
            {' '}
            until <DateTime at={entry.timeoutAt} />
          </>
        ) : (
          ' with no timeout'
        )}
        {entry.status === 'delivered' && entry.receivedAt !== null ? (
          <>
            ; delivered a signal received at <Clock at={entry.receivedAt} />
          </>
        ) : null}
        {entry.status === 'timed_out' ? '; timed out' : null}
        {entry.status === 'waiting' ? (entry.abandoned ? '; the run ended first' : '; still waiting') : null}
      </p>
      {entry.status === 'delivered' ? (
        <details className="timeline-detail">
          <summary>Payload</summary>
          <JsonViewer value={entry.payload} label={`Payload of signal ${entry.name}`} />
        </details>
      ) : null}
    </>
  );
}

function ApprovalBody({ entry }: { entry: ApprovalEntry }) {
  return (
    <>
      <p className="timeline-line">
        {entry.request ? 'Asked for approval ' : 'Waited on approval '}
        <Link to={`/approvals?id=${encodeURIComponent(entry.approvalId)}`} className="mono">
          {entry.approvalId}
        </Link>
        {entry.deadline !== null ? (
          <>
            {' '}
            until <DateTime at={entry.deadline} />
          </>
        ) : null}
        .
      </p>
      {entry.status !== 'waiting' ? (
        <p className="timeline-line">
          <strong>{entry.status === 'expired' ? 'Expired' : entry.status === 'approved' ? 'Approved' : 'Denied'}</strong>
          {entry.by ? <> by {entry.by}</> : null}
          {entry.decidedAt !== null ? (
            <>
              {' '}
              at <Clock at={entry.decidedAt} />
            </>
          ) : null}
          {entry.comment ? <>: “{entry.comment}”</> : null}
        </p>
      ) : null}
      {entry.payload !== null && entry.payload !== undefined ? (
        <details className="timeline-detail">
          <summary>Decision payload</summary>
          <JsonViewer value={entry.payload} label="Decision payload" />
        </details>
      ) : null}
    </>
  );
}

function ActivityBody({ entry }: { entry: ActivityEntry }) {
  return (
    <>
      <p className="timeline-line">
        {entry.session ? (
          <>
            On session{' '}
            <Link
              to={sessionPath(entry.session, entry.revision === null ? {} : { revision: String(entry.revision) })}
              className="mono wrap-anywhere"
            >
              {entry.session}
            </Link>
            {entry.revision !== null ? <>, revision {entry.revision} after the call</> : null}
          </>
        ) : (
          'No session'
        )}
      </p>
      {entry.failure ? <FailureView failure={entry.failure} testId="activity-error" /> : null}
      {entry.ok ? (
        <details className="timeline-detail">
          <summary>Result</summary>
          <JsonViewer value={entry.value} label={`Result of ${entry.op}`} />
        </details>
      ) : null}
    </>
  );
}
