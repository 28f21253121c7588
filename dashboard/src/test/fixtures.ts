import type { Action, Approval, HistoryEvent, WorkflowDetail, WorkflowView } from '../api/types';

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
    requestedAt: Date.now() - 60_000,
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
