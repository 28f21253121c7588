// A run's timeline from its history: one entry per journal position (a step with its attempts, a
// timer, a child, a signal or approval wait, a workspace activity), in journal order, plus how
// the run started and ended and the signals that arrived but no wait has taken yet.
//
// Timing fields of step attempts (`worker_id`, `leased_at`, `duration_ms`) are newer than some
// histories; where one is absent the entry holds null and the page shows "—".
//
// An activity with engine-enforced timeouts records `activity_started` when an attempt starts
// on a worker: it opens that attempt as `running` in its step's entry, and the attempt's outcome
// (`step_completed` or `step_failed`, possibly a timeout the engine enforced, with the attempt's
// last heartbeat details) closes the same row. A second start of an attempt still running means
// its task was lost and a later one began it again: the first row is `interrupted`.

import type {
  ActivityTimeouts,
  ApprovalOutcome,
  ApprovalRequest,
  ChildOutcome,
  Failure,
  HistoryEvent,
  Millis,
  ParentRef,
  TimeoutKind,
} from '../api/types';
import { payloadValue } from './json';

export type AttemptOutcome = 'running' | 'completed' | 'failed' | 'interrupted';

export interface Attempt {
  attempt: number;
  outcome: AttemptOutcome;
  /** When the attempt's outcome was recorded (when it started, while it runs). */
  at: Millis;
  seq: number;
  /** When the attempt reported its start (`activity_started`; activities with timeouts only). */
  startedAt: Millis | null;
  result: unknown;
  failure: Failure | null;
  /** The timeout the engine ended the attempt with, if it did. */
  timeout: TimeoutKind | null;
  /** The last heartbeat details the failed attempt sent (or an earlier attempt left); null without. */
  heartbeatDetails: unknown;
  /** A failed attempt with another one scheduled at this time. */
  retryAt: Millis | null;
  /** When the retry's backoff elapsed. */
  backoffEndedAt: Millis | null;
  workerId: string | null;
  /** When the task that ran the attempt was handed to the worker. */
  leasedAt: Millis | null;
  /**
   * The attempt's run time as the worker measured it; for an attempt the engine timed out, from
   * its start to the timeout.
   */
  durationMs: number | null;
  /** From what made the run runnable to the lease: `leasedAt` − the latest event before it. */
  queuedMs: number | null;
}

interface EntryBase {
  position: number;
  /** The time of the entry's first event. */
  at: Millis;
  /** The time of its last event, when it is over; null while it is open. */
  endedAt: Millis | null;
  /** Still open when the run ended (cancelled or failed meanwhile): it never will close. */
  abandoned: boolean;
}

export type StepStatus = 'running' | 'completed' | 'failed' | 'retrying';

export interface StepEntry extends EntryBase {
  type: 'step';
  name: string;
  status: StepStatus;
  attempts: Attempt[];
  /** The timeouts the engine enforces on it, from its latest started attempt (null: none known). */
  timeouts: ActivityTimeouts | null;
}

export interface TimerEntry extends EntryBase {
  type: 'timer';
  name: string;
  fireAt: Millis;
  status: 'waiting' | 'fired';
}

export interface ChildEntry extends EntryBase {
  type: 'child';
  childId: string;
  workflowType: string;
  input: unknown;
  status: 'running' | ChildOutcome['status'];
  result: unknown;
  failure: Failure | null;
  reason: string | null;
}

export interface SignalEntry extends EntryBase {
  type: 'signal';
  name: string;
  timeoutAt: Millis | null;
  status: 'waiting' | 'delivered' | 'timed_out';
  /** The delivered signal: its sequence number, arrival and payload. */
  signalSeq: number | null;
  receivedAt: Millis | null;
  payload: unknown;
}

export interface ApprovalEntry extends EntryBase {
  type: 'approval';
  approvalId: string;
  /** The request, when this run asked (`approval_requested`); null for a wait on another's. */
  request: ApprovalRequest | null;
  /** The approval's expiry, or the wait's timeout. */
  deadline: Millis | null;
  status: 'waiting' | ApprovalOutcome;
  by: string | null;
  comment: string | null;
  payload: unknown;
  decidedAt: Millis | null;
}

export interface ActivityEntry extends EntryBase {
  type: 'activity';
  op: string;
  digest: string;
  session: string | null;
  revision: number | null;
  ok: boolean;
  value: unknown;
  failure: Failure | null;
}

export type TimelineEntry =
  | StepEntry
  | TimerEntry
  | ChildEntry
  | SignalEntry
  | ApprovalEntry
  | ActivityEntry;

export interface ReceivedSignal {
  seq: number;
  at: Millis;
  name: string;
  payload: unknown;
  idempotencyKey: string | null;
}

export type RunEnd =
  | { kind: 'completed'; at: Millis; result: unknown }
  | { kind: 'failed'; at: Millis; failure: Failure }
  | { kind: 'cancelled'; at: Millis; reason: string };

export interface Timeline {
  started: {
    at: Millis;
    workflowType: string;
    input: unknown;
    parent: ParentRef | null;
    /** When the execution timeout fails the run, if it has one. */
    executionTimeoutAt: Millis | null;
  } | null;
  entries: TimelineEntry[];
  /** Signals that arrived and that no wait has taken (yet). */
  pendingSignals: ReceivedSignal[];
  end: RunEnd | null;
}

/** Time queued before a lease: `leasedAt` minus the latest earlier event at or before it. */
export function queuedTime(
  events: readonly HistoryEvent[],
  leasedAt: Millis | null | undefined,
  beforeSeq: number,
): number | null {
  if (leasedAt === null || leasedAt === undefined) return null;
  let latest: HistoryEvent | undefined;
  for (const event of events) {
    if (event.seq >= beforeSeq) break;
    if (event.at <= leasedAt) latest = event;
  }
  return latest ? leasedAt - latest.at : null;
}

/** `buildTimeline(history)`: see the module's comment. Unknown action kinds are skipped. */
export function buildTimeline(history: readonly HistoryEvent[]): Timeline {
  const events = [...history].sort((a, b) => a.seq - b.seq);
  const byPosition = new Map<number, TimelineEntry>();
  const received = new Map<number, ReceivedSignal>();
  const delivered = new Set<number>();
  let started: Timeline['started'] = null;
  let end: RunEnd | null = null;

  const close = (entry: TimelineEntry, at: Millis) => {
    entry.endedAt = at;
  };
  const stepEntry = (position: number, name: string, at: Millis): StepEntry => {
    const found = byPosition.get(position);
    if (found?.type === 'step') return found;
    const entry: StepEntry = { type: 'step', position, at, endedAt: null, abandoned: false, name, status: 'running', attempts: [], timeouts: null };
    byPosition.set(position, entry);
    return entry;
  };

  for (const event of events) {
    const { action, at, seq } = event;
    switch (action.kind) {
      case 'workflow_started':
        started = {
          at,
          workflowType: action.workflow_type,
          input: payloadValue(action.input),
          parent: action.parent,
          executionTimeoutAt: action.execution_timeout_at ?? null,
        };
        break;
      case 'activity_started': {
        const entry = stepEntry(action.position, action.name, at);
        for (const earlier of entry.attempts) {
          if (earlier.outcome === 'running' && earlier.attempt === action.attempt) earlier.outcome = 'interrupted';
        }
        entry.attempts.push({
          attempt: action.attempt,
          outcome: 'running',
          at,
          seq,
          startedAt: at,
          result: null,
          failure: null,
          timeout: null,
          heartbeatDetails: null,
          retryAt: null,
          backoffEndedAt: null,
          workerId: action.worker_id ?? null,
          leasedAt: action.leased_at ?? null,
          durationMs: null,
          queuedMs: queuedTime(events, action.leased_at, seq),
        });
        entry.timeouts = action.timeouts;
        entry.status = 'running';
        entry.endedAt = null;
        break;
      }
      case 'step_completed':
      case 'step_failed': {
        const entry = stepEntry(action.position, action.name, at);
        const failed = action.kind === 'step_failed';
        // The row its start opened, if it reported one; otherwise a row of its own.
        let attempt = entry.attempts.findLast((a) => a.outcome === 'running' && a.attempt === action.attempt);
        if (!attempt) {
          attempt = {
            attempt: action.attempt,
            outcome: 'running',
            at,
            seq,
            startedAt: null,
            result: null,
            failure: null,
            timeout: null,
            heartbeatDetails: null,
            retryAt: null,
            backoffEndedAt: null,
            workerId: null,
            leasedAt: null,
            durationMs: null,
            queuedMs: queuedTime(events, action.leased_at, seq),
          };
          entry.attempts.push(attempt);
        }
        attempt.outcome = failed ? 'failed' : 'completed';
        attempt.at = at;
        attempt.seq = seq;
        attempt.result = failed ? null : payloadValue(action.result);
        attempt.failure = failed ? action.failure : null;
        attempt.timeout = failed ? (action.failure.timeout ?? null) : null;
        attempt.heartbeatDetails = failed ? payloadValue(action.heartbeat_details) : null;
        attempt.retryAt = failed ? action.retry_at : null;
        attempt.workerId = action.worker_id ?? attempt.workerId;
        attempt.leasedAt = action.leased_at ?? attempt.leasedAt;
        attempt.durationMs =
          action.duration_ms ?? (attempt.timeout !== null && attempt.startedAt !== null ? at - attempt.startedAt : null);
        if (!failed) {
          entry.status = 'completed';
          close(entry, at);
        } else if (action.retry_at === null) {
          entry.status = 'failed';
          close(entry, at);
        } else {
          entry.status = 'retrying';
          entry.endedAt = null;
        }
        break;
      }
      case 'timer_started':
        byPosition.set(action.position, {
          type: 'timer',
          position: action.position,
          at,
          endedAt: null,
          abandoned: false,
          name: action.name,
          fireAt: action.fire_at,
          status: 'waiting',
        });
        break;
      case 'timer_fired': {
        const entry = byPosition.get(action.position);
        if (entry?.type === 'timer') {
          entry.status = 'fired';
          close(entry, at);
        } else if (entry?.type === 'step') {
          // A retry's backoff elapsed.
          const last = entry.attempts[entry.attempts.length - 1];
          if (last) last.backoffEndedAt = at;
        }
        break;
      }
      case 'child_started':
        byPosition.set(action.position, {
          type: 'child',
          position: action.position,
          at,
          endedAt: null,
          abandoned: false,
          childId: action.child_id,
          workflowType: action.workflow_type,
          input: payloadValue(action.input),
          status: 'running',
          result: null,
          failure: null,
          reason: null,
        });
        break;
      case 'child_finished': {
        const entry = byPosition.get(action.position);
        if (entry?.type !== 'child') break;
        const outcome = action.outcome;
        entry.status = outcome.status;
        if (outcome.status === 'completed') entry.result = payloadValue(outcome.result);
        if (outcome.status === 'failed') entry.failure = outcome.failure;
        if (outcome.status === 'cancelled') entry.reason = outcome.reason;
        close(entry, at);
        break;
      }
      case 'signal_received':
        received.set(seq, {
          seq,
          at,
          name: action.name,
          payload: payloadValue(action.payload),
          idempotencyKey: action.idempotency_key,
        });
        break;
      case 'signal_wait_started':
        byPosition.set(action.position, {
          type: 'signal',
          position: action.position,
          at,
          endedAt: null,
          abandoned: false,
          name: action.name,
          timeoutAt: action.timeout_at,
          status: 'waiting',
          signalSeq: null,
          receivedAt: null,
          payload: null,
        });
        break;
      case 'signal_delivered': {
        delivered.add(action.signal);
        const entry = byPosition.get(action.position);
        if (entry?.type !== 'signal') break;
        const signal = received.get(action.signal);
        entry.status = 'delivered';
        entry.signalSeq = action.signal;
        entry.receivedAt = signal?.at ?? null;
        entry.payload = signal?.payload ?? null;
        close(entry, at);
        break;
      }
      case 'wait_timed_out': {
        const entry = byPosition.get(action.position);
        if (entry?.type === 'signal') {
          entry.status = 'timed_out';
          close(entry, at);
        }
        break;
      }
      case 'approval_requested':
      case 'approval_wait_started':
        byPosition.set(action.position, {
          type: 'approval',
          position: action.position,
          at,
          endedAt: null,
          abandoned: false,
          approvalId: action.approval,
          request: action.kind === 'approval_requested' ? action.request : null,
          deadline: action.kind === 'approval_requested' ? action.expires_at : action.timeout_at,
          status: 'waiting',
          by: null,
          comment: null,
          payload: null,
          decidedAt: null,
        });
        break;
      case 'approval_decided': {
        const entry = byPosition.get(action.position);
        if (entry?.type !== 'approval') break;
        entry.status = action.outcome;
        entry.by = action.by;
        entry.comment = action.comment;
        entry.payload = action.payload ?? null;
        entry.decidedAt = action.decided_at ?? at;
        close(entry, at);
        break;
      }
      case 'workspace_activity': {
        const outcome = action.outcome;
        const ok = 'Ok' in outcome;
        byPosition.set(action.position, {
          type: 'activity',
          position: action.position,
          at,
          endedAt: at,
          abandoned: false,
          op: action.op,
          digest: action.digest,
          session: action.session,
          revision: action.revision,
          ok,
          value: ok ? outcome.Ok : null,
          failure: ok ? null : outcome.Err,
        });
        break;
      }
      case 'workflow_completed':
        end = { kind: 'completed', at, result: payloadValue(action.result) };
        break;
      case 'workflow_failed':
        end = { kind: 'failed', at, failure: action.failure };
        break;
      case 'workflow_cancelled':
        end = { kind: 'cancelled', at, reason: action.reason };
        break;
      default:
        // A kind newer than this dashboard: nothing to draw.
        break;
    }
  }

  const entries = [...byPosition.values()].sort((a, b) => a.position - b.position);
  if (end) {
    for (const entry of entries) if (entry.endedAt === null) entry.abandoned = true;
  }
  const pendingSignals = [...received.values()].filter((s) => !delivered.has(s.seq));
  return { started, entries, pendingSignals, end };
}

/** What an entry is, in a word, for its label. */
export function entryKindLabel(entry: TimelineEntry): string {
  switch (entry.type) {
    case 'step':
      return 'Step';
    case 'timer':
      return 'Timer';
    case 'child':
      return 'Child';
    case 'signal':
      return 'Signal wait';
    case 'approval':
      return 'Approval';
    case 'activity':
      return 'Workspace';
  }
}

/** The entry's state in a word (`completed`, `retrying`, `waiting`, `timed out`...). */
export function entryStatus(entry: TimelineEntry): string {
  if (entry.abandoned) return 'abandoned';
  switch (entry.type) {
    case 'activity':
      return entry.ok ? 'ok' : 'refused';
    case 'signal':
      return entry.status === 'timed_out' ? 'timed out' : entry.status;
    default:
      return entry.status;
  }
}
