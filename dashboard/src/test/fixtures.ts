import type { Action, Approval, HistoryEvent, Schedule, WorkflowDetail, WorkflowView } from '../api/types';

/** A listing row with sensible defaults. */
export function view(overrides: Partial<WorkflowView> = {}): WorkflowView {
  return {
    id: 'order-1',
    workflowType: 'order',
    state: 'RUNNING',
    waitingOn: null,
    waitingSince: null,
    createdAt: 1_000,
    updatedAt: 1_000,
    closedAt: null,
    parentId: null,
    historyLength: 1,
    workerId: null,
    ...overrides,
  };
}

/** A workflow detail with sensible defaults. */
export function detail(overrides: Partial<WorkflowDetail> = {}): WorkflowDetail {
  return {
    ...view(),
    input: { order: 7 },
    result: null,
    failure: null,
    cancelReason: null,
    waits: [],
    pendingActivities: [],
    executionDeadline: null,
    ...overrides,
  };
}

/** A pending approval with sensible defaults. */
export function approval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    workflowId: 'order-1',
    position: 3,
    reason: 'deploy.prod',
    detail: 'Ship **v1.2**?',
    evidence: [],
    // Mid-minute, so that '1 m ago' holds whichever second the page's clock last ticked.
    requestedAt: Date.now() - 90_000,
    expiresAt: null,
    state: 'pending',
    decidedBy: null,
    decidedAt: null,
    comment: null,
    payload: null,
    version: 1,
    ...overrides,
  };
}

/** History events numbered from 1, one per `[at, action]`. */
export function history(...items: [number, Action][]): HistoryEvent[] {
  return items.map(([at, action], i) => ({ seq: i + 1, at, action }));
}

/** An active schedule with sensible defaults (its times relative to now). */
export function schedule(overrides: Partial<Schedule> = {}): Schedule {
  const now = Date.now();
  return {
    id: 'nightly-report',
    spec: { cron: '0 2 * * *', timeZone: 'Europe/Paris', jitterMs: 30_000 },
    action: { workflowType: 'report', input: { team: 'ops' } },
    overlap: 'skip',
    catchupWindowMs: 60_000,
    paused: false,
    note: '',
    createdAtMs: now - 86_400_000,
    updatedAtMs: now - 3_600_000,
    nextFireTimesMs: [now + 3_600_000, now + 90_000_000],
    recentActions: [],
    runningWorkflowIds: [],
    counters: { actionsStarted: 0, skippedOverlap: 0, missedCatchup: 0, buffered: 0 },
    bufferedTicksMs: [],
    ...overrides,
  };
}
