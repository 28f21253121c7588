// @vitest-environment node
import { describe, expect, it } from 'vitest';

import type { Action, HistoryEvent } from '../api/types';
import { buildTimeline, entryStatus, queuedTime } from './timeline';

function history(...items: [number, Action][]): HistoryEvent[] {
  return items.map(([at, action], i) => ({ seq: i + 1, at, action }));
}

const started: Action = { kind: 'workflow_started', workflow_type: 'order', input: '{"id":7}', parent: null };

describe('buildTimeline', () => {
  it('groups the attempts of a step, with retries, backoff and timing', () => {
    const events = history(
      [1000, started],
      [1100, {
        kind: 'step_failed', position: 0, name: 'charge', attempt: 1,
        failure: { message: 'card declined', error_type: 'PaymentError', stack: 'at charge()' },
        retry_at: 2100,
      }],
      [2100, { kind: 'timer_fired', position: 0 }],
      [2350, {
        kind: 'step_failed', position: 0, name: 'charge', attempt: 2,
        failure: { message: 'timeout', error_type: 'TimeoutError' }, retry_at: 3350,
        worker_id: 'w1', leased_at: 2150, duration_ms: 180,
      }],
      [3350, { kind: 'timer_fired', position: 0 }],
      [3600, {
        kind: 'step_completed', position: 0, name: 'charge', attempt: 3, result: '{"ok":true}',
        worker_id: 'w2', leased_at: 3400, duration_ms: 150,
      }],
      [3700, { kind: 'workflow_completed', result: '"done"' }],
    );
    const timeline = buildTimeline(events);
    expect(timeline.started).toEqual({ at: 1000, workflowType: 'order', input: { id: 7 }, parent: null, executionTimeoutAt: null });
    expect(timeline.end).toEqual({ kind: 'completed', at: 3700, result: 'done' });
    expect(timeline.entries).toHaveLength(1);
    const step = timeline.entries[0];
    if (step?.type !== 'step') throw new Error('expected a step');
    expect(step.name).toBe('charge');
    expect(step.status).toBe('completed');
    expect(step.at).toBe(1100);
    expect(step.endedAt).toBe(3600);
    expect(step.attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'completed'],
    ]);
    const [first, second, third] = step.attempts;
    // The oldest attempt predates the timing fields: each is null, never a made-up number.
    expect(first).toMatchObject({
      workerId: null, leasedAt: null, durationMs: null, queuedMs: null,
      retryAt: 2100, backoffEndedAt: 2100,
      failure: { message: 'card declined', error_type: 'PaymentError', stack: 'at charge()' },
    });
    // Queued: from the backoff's end (the latest event at or before the lease) to the lease.
    expect(second).toMatchObject({ workerId: 'w1', leasedAt: 2150, durationMs: 180, queuedMs: 50 });
    expect(third).toMatchObject({ workerId: 'w2', durationMs: 150, queuedMs: 50, result: { ok: true }, failure: null });
  });

  it('marks a step that ran out of attempts as failed and one awaiting a retry as retrying', () => {
    const failing = buildTimeline(history(
      [0, started],
      [10, { kind: 'step_failed', position: 0, name: 's', attempt: 1, failure: { message: 'x', error_type: 'E' }, retry_at: null }],
      [20, { kind: 'workflow_failed', failure: { message: 'x', error_type: 'E', stack: 'trace' } }],
    ));
    expect(failing.entries[0]).toMatchObject({ type: 'step', status: 'failed', endedAt: 10 });
    expect(failing.end).toEqual({ kind: 'failed', at: 20, failure: { message: 'x', error_type: 'E', stack: 'trace' } });

    const retrying = buildTimeline(history(
      [0, started],
      [10, { kind: 'step_failed', position: 0, name: 's', attempt: 1, failure: { message: 'x', error_type: 'E' }, retry_at: 500 }],
    ));
    expect(retrying.entries[0]).toMatchObject({ type: 'step', status: 'retrying', endedAt: null });
    expect(retrying.end).toBeNull();
  });

  it('computes queued time from the latest earlier event, not the attempt itself', () => {
    const events = history(
      [100, started],
      [100, { kind: 'step_completed', position: 0, name: 'a', attempt: 1, result: 'null', leased_at: 100 }],
    );
    expect(queuedTime(events, 100, 2)).toBe(0);
    expect(queuedTime(events, 90, 2)).toBeNull();
    expect(queuedTime(events, undefined, 2)).toBeNull();
  });

  it('builds timers, children, signal and approval waits and workspace activities in journal order', () => {
    const events = history(
      [0, started],
      [5, { kind: 'signal_received', name: 'early', payload: '1', idempotency_key: null }],
      [10, { kind: 'timer_started', position: 1, name: 'nap', fire_at: 1010 }],
      [1010, { kind: 'timer_fired', position: 1 }],
      [1020, { kind: 'child_started', position: 2, workflow_type: 'ship', child_id: 'order-1.child-2', input: '{"n":1}' }],
      [1500, { kind: 'child_finished', position: 2, child_id: 'order-1.child-2', outcome: { status: 'failed', failure: { message: 'lost', error_type: 'E' } } }],
      [1510, { kind: 'signal_wait_started', position: 3, name: 'go', timeout_at: 9000 }],
      [1600, { kind: 'signal_received', name: 'go', payload: '{"by":"ana"}', idempotency_key: 'k' }],
      [1600, { kind: 'signal_delivered', position: 3, signal: 8 }],
      [1700, {
        kind: 'approval_requested', position: 4, approval: 'ap-1',
        request: { reason: 'deploy', detail: '**ship it?**', evidence: [] }, expires_at: null,
      }],
      [1900, { kind: 'approval_decided', position: 4, approval: 'ap-1', outcome: 'approved', by: 'ana', comment: 'ok', payload: { edits: 1 } }],
      [2000, {
        kind: 'workspace_activity', position: 5, op: 'write', digest: 'd1', session: 's1', revision: 3,
        outcome: { Ok: { revision: 3 } },
      }],
      [2100, {
        kind: 'workspace_activity', position: 6, op: 'read', digest: 'd2', session: 's1', revision: null,
        outcome: { Err: { message: 'no such file', error_type: 'NotFound' } },
      }],
      [2200, { kind: 'signal_wait_started', position: 7, name: 'late', timeout_at: 2300 }],
      [2300, { kind: 'wait_timed_out', position: 7 }],
      [2400, { kind: 'approval_wait_started', position: 8, approval: 'ap-2', timeout_at: 5000 }],
    );
    const { entries, pendingSignals } = buildTimeline(events);
    expect(entries.map((e) => [e.position, e.type, entryStatus(e)])).toEqual([
      [1, 'timer', 'fired'],
      [2, 'child', 'failed'],
      [3, 'signal', 'delivered'],
      [4, 'approval', 'approved'],
      [5, 'activity', 'ok'],
      [6, 'activity', 'refused'],
      [7, 'signal', 'timed out'],
      [8, 'approval', 'waiting'],
    ]);
    expect(entries[0]).toMatchObject({ name: 'nap', fireAt: 1010, at: 10, endedAt: 1010 });
    expect(entries[1]).toMatchObject({ childId: 'order-1.child-2', workflowType: 'ship', input: { n: 1 }, failure: { message: 'lost' } });
    expect(entries[2]).toMatchObject({ name: 'go', signalSeq: 8, receivedAt: 1600, payload: { by: 'ana' }, timeoutAt: 9000 });
    expect(entries[3]).toMatchObject({
      approvalId: 'ap-1', by: 'ana', comment: 'ok', payload: { edits: 1 }, decidedAt: 1900,
      request: { reason: 'deploy', detail: '**ship it?**' },
    });
    expect(entries[4]).toMatchObject({ op: 'write', session: 's1', revision: 3, ok: true, value: { revision: 3 } });
    expect(entries[5]).toMatchObject({ ok: false, failure: { message: 'no such file' } });
    expect(entries[7]).toMatchObject({ request: null, deadline: 5000, endedAt: null });
    // The early signal was never taken by a wait.
    expect(pendingSignals.map((s) => [s.name, s.payload])).toEqual([['early', 1]]);
  });

  it('reads payloads that are not JSON as text, and skips kinds it does not know', () => {
    const events = [
      { seq: 1, at: 0, action: { kind: 'workflow_started', workflow_type: 't', input: 'plain text', parent: { workflow_id: 'p', position: 2 } } },
      { seq: 2, at: 1, action: { kind: 'something_new', position: 0 } },
      { seq: 3, at: 2, action: { kind: 'workflow_cancelled', reason: 'by hand' } },
    ] as unknown as HistoryEvent[];
    const timeline = buildTimeline(events);
    expect(timeline.started?.input).toBe('plain text');
    expect(timeline.started?.parent).toEqual({ workflow_id: 'p', position: 2 });
    expect(timeline.entries).toEqual([]);
    expect(timeline.end).toEqual({ kind: 'cancelled', at: 2, reason: 'by hand' });
  });

  it('marks what was still open when the run ended as abandoned', () => {
    const { entries } = buildTimeline(history(
      [0, started],
      [10, { kind: 'timer_started', position: 0, name: 'nap', fire_at: 99_000 }],
      [20, { kind: 'workflow_cancelled', reason: 'by hand' }],
    ));
    expect(entries[0]).toMatchObject({ type: 'timer', status: 'waiting', abandoned: true });
    expect(entryStatus(entries[0]!)).toBe('abandoned');
  });

  it('opens an attempt when an activity starts on a worker and closes the same row with its outcome', () => {
    const timeouts = { start_to_close_ms: 30_000, heartbeat_ms: 5_000 };
    const running = history(
      [0, { kind: 'workflow_started', workflow_type: 'crawl', input: '{}', parent: null, execution_timeout_at: 600_000 }],
      [40, { kind: 'activity_started', position: 0, name: 'crawl', attempt: 1, timeouts, worker_id: 'w1', leased_at: 20 }],
    );
    const open = buildTimeline(running);
    expect(open.started?.executionTimeoutAt).toBe(600_000);
    const step = open.entries[0];
    if (step?.type !== 'step') throw new Error('expected a step');
    expect(step).toMatchObject({ name: 'crawl', status: 'running', endedAt: null, timeouts });
    expect(entryStatus(step)).toBe('running');
    expect(step.attempts).toEqual([
      expect.objectContaining({
        attempt: 1, outcome: 'running', startedAt: 40, at: 40, workerId: 'w1', leasedAt: 20, queuedMs: 20, durationMs: null,
      }),
    ]);

    const done = buildTimeline([
      ...running,
      { seq: 3, at: 900, action: { kind: 'step_completed', position: 0, name: 'crawl', attempt: 1, result: '7', worker_id: 'w1', leased_at: 20, duration_ms: 850 } },
    ]);
    const closed = done.entries[0];
    if (closed?.type !== 'step') throw new Error('expected a step');
    // One row for the attempt, started then completed: not a second row.
    expect(closed.attempts).toHaveLength(1);
    expect(closed.attempts[0]).toMatchObject({
      outcome: 'completed', startedAt: 40, at: 900, seq: 3, result: 7, durationMs: 850, queuedMs: 20, timeout: null,
    });
    expect(closed).toMatchObject({ status: 'completed', at: 40, endedAt: 900 });
  });

  it('shows which timeout ended an attempt and its last heartbeat details, then the retry running', () => {
    const timeouts = { heartbeat_ms: 2_000 };
    const failure = {
      message: "activity 'crawl' attempt 1 timed out: heartbeat timeout of 2000 ms passed (started 2500 ms ago)",
      error_type: 'TimeoutError',
      timeout: 'heartbeat' as const,
    };
    const { entries } = buildTimeline(history(
      [0, started],
      [100, { kind: 'activity_started', position: 0, name: 'crawl', attempt: 1, timeouts, worker_id: 'w1', leased_at: 90 }],
      [2600, {
        kind: 'step_failed', position: 0, name: 'crawl', attempt: 1, failure, retry_at: 3600,
        worker_id: 'w1', leased_at: 90, heartbeat_details: '{"page":3}',
      }],
      [3600, { kind: 'timer_fired', position: 0 }],
      [3700, { kind: 'activity_started', position: 0, name: 'crawl', attempt: 2, timeouts, worker_id: 'w2', leased_at: 3650 }],
    ));
    const step = entries[0];
    if (step?.type !== 'step') throw new Error('expected a step');
    expect(step.status).toBe('running');
    const [first, second] = step.attempts;
    expect(first).toMatchObject({
      attempt: 1, outcome: 'failed', timeout: 'heartbeat', heartbeatDetails: { page: 3 },
      // The worker measured nothing: from its start to the engine's timeout.
      durationMs: 2500, retryAt: 3600, backoffEndedAt: 3600, failure,
    });
    expect(second).toMatchObject({ attempt: 2, outcome: 'running', startedAt: 3700, workerId: 'w2', heartbeatDetails: null });
  });

  it('records heartbeat details of any failed attempt, and no timeout for one the worker failed', () => {
    const { entries } = buildTimeline(history(
      [0, started],
      [10, {
        kind: 'step_failed', position: 0, name: 's', attempt: 1, failure: { message: 'boom', error_type: 'E' },
        retry_at: null, heartbeat_details: 'not json', duration_ms: 5,
      }],
    ));
    expect(entries[0]).toMatchObject({
      status: 'failed', timeouts: null,
      attempts: [{ outcome: 'failed', timeout: null, heartbeatDetails: 'not json', durationMs: 5, startedAt: null }],
    });
  });

  it('marks an attempt started again by a later task as interrupted, and a running one as abandoned when the run ends', () => {
    const timeouts = { start_to_close_ms: 60_000 };
    const { entries, end } = buildTimeline(history(
      [0, started],
      [10, { kind: 'activity_started', position: 0, name: 'crawl', attempt: 1, timeouts, worker_id: 'w1' }],
      [5000, { kind: 'activity_started', position: 0, name: 'crawl', attempt: 1, timeouts, worker_id: 'w2' }],
      [9000, { kind: 'workflow_failed', failure: { message: 'late', error_type: 'TimeoutError', non_retryable: true, timeout: 'execution' } }],
    ));
    const step = entries[0];
    if (step?.type !== 'step') throw new Error('expected a step');
    expect(step.attempts.map((a) => [a.attempt, a.outcome, a.workerId])).toEqual([
      [1, 'interrupted', 'w1'],
      [1, 'running', 'w2'],
    ]);
    expect(step.abandoned).toBe(true);
    expect(entryStatus(step)).toBe('abandoned');
    expect(end).toMatchObject({ kind: 'failed', failure: { timeout: 'execution' } });
  });

  it('orders events by sequence number whatever order they arrive in', () => {
    const events = history(
      [0, started],
      [10, { kind: 'step_failed', position: 0, name: 's', attempt: 1, failure: { message: 'x', error_type: 'E' }, retry_at: 20 }],
      [30, { kind: 'step_completed', position: 0, name: 's', attempt: 2, result: '1' }],
    ).reverse();
    const step = buildTimeline(events).entries[0];
    expect(step?.type === 'step' && step.attempts.map((a) => a.attempt)).toEqual([1, 2]);
  });
});
