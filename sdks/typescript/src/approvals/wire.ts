/**
 * Conversions between the approval types of `types.ts` and the generated messages of
 * `proto/aether/v1/approvals.proto`, and the reading of a journaled decision: one function per
 * message, so that a renamed proto field fails to compile here and nowhere else. Times arrive as
 * milliseconds since the epoch (0: unset), JSON payloads as JSON text, unset optional fields
 * absent.
 */

import { parseJson, required } from '../codec.js';
import { wireTimeout } from '../duration.js';
import { ProtocolError } from '../errors.js';
import type { Approval__Output } from '../generated/aether/v1/Approval.js';
import type { ApprovalRequest as WireApprovalRequest } from '../generated/aether/v1/ApprovalRequest.js';
import type { ApprovalState__Output } from '../generated/aether/v1/ApprovalState.js';
import type { Decision__Output } from '../generated/aether/v1/Decision.js';
import type { Evidence as WireEvidence, Evidence__Output } from '../generated/aether/v1/Evidence.js';
import type { Outcome, Outcome__Output } from '../generated/aether/v1/Outcome.js';
import { optional } from '../workspace/wire.js';
import type {
  Approval,
  ApprovalDecision,
  ApprovalOutcome,
  ApprovalRequestOptions,
  ApprovalState,
  Evidence,
} from './types.js';

export function toWireEvidence(e: Evidence): WireEvidence {
  switch (e.kind) {
    case 'session':
      return { session: { sessionId: e.sessionId, ...optional('revision', e.revision) } };
    case 'checkpoint':
      return { checkpoint: { sessionId: e.sessionId, checkpointId: e.checkpointId } };
    case 'annotation':
      return { annotation: { sessionId: e.sessionId, annotationId: e.annotationId } };
    case 'url':
      return { url: { url: e.url, ...optional('label', e.label) } };
  }
}

export function fromWireEvidence(e: Evidence__Output): Evidence {
  switch (e.kind) {
    case 'session': {
      const s = required(e.session, "a session evidence's fields");
      return { kind: 'session', sessionId: s.sessionId, ...optional('revision', s.revision) };
    }
    case 'checkpoint': {
      const c = required(e.checkpoint, "a checkpoint evidence's fields");
      return { kind: 'checkpoint', sessionId: c.sessionId, checkpointId: c.checkpointId };
    }
    case 'annotation': {
      const a = required(e.annotation, "an annotation evidence's fields");
      return { kind: 'annotation', sessionId: a.sessionId, annotationId: a.annotationId };
    }
    case 'url': {
      const u = required(e.url, "a URL evidence's fields");
      return { kind: 'url', url: u.url, ...optional('label', u.label) };
    }
    default:
      throw new ProtocolError('the server sent evidence of no known kind');
  }
}

/** What is asked, as the wire carries it; `timeout` in the duration forms of `ctx.sleep`. */
export function toWireRequest(request: ApprovalRequestOptions, sessionId?: string): WireApprovalRequest {
  return {
    reason: request.reason,
    detail: request.detail ?? '',
    evidence: (request.evidence ?? []).map(toWireEvidence),
    ...optional('sessionId', sessionId),
    timeoutMs: wireTimeout(request.timeout, 'approval timeout'),
  };
}

const STATES: Record<Exclude<ApprovalState__Output, 'APPROVAL_STATE_UNSPECIFIED'>, ApprovalState> = {
  APPROVAL_STATE_PENDING: 'pending',
  APPROVAL_STATE_APPROVED: 'approved',
  APPROVAL_STATE_DENIED: 'denied',
  APPROVAL_STATE_EXPIRED: 'expired',
  APPROVAL_STATE_CANCELLED: 'cancelled',
};

export const WIRE_STATES: Record<ApprovalState, ApprovalState__Output> = {
  pending: 'APPROVAL_STATE_PENDING',
  approved: 'APPROVAL_STATE_APPROVED',
  denied: 'APPROVAL_STATE_DENIED',
  expired: 'APPROVAL_STATE_EXPIRED',
  cancelled: 'APPROVAL_STATE_CANCELLED',
};

export const WIRE_OUTCOMES = {
  approved: 'OUTCOME_APPROVED',
  denied: 'OUTCOME_DENIED',
} as const satisfies Partial<Record<ApprovalOutcome, Outcome>>;

const OUTCOMES: Record<Exclude<Outcome__Output, 'OUTCOME_UNSPECIFIED'>, ApprovalOutcome> = {
  OUTCOME_APPROVED: 'approved',
  OUTCOME_DENIED: 'denied',
  OUTCOME_EXPIRED: 'expired',
};

/** A time in ms since the epoch, or nothing for the wire's 0 ("unset"). */
function time(ms: number): Date | undefined {
  return ms ? new Date(ms) : undefined;
}

export function toApproval(a: Approval__Output): Approval {
  const request = required(a.request, "an approval's request");
  if (a.state === 'APPROVAL_STATE_UNSPECIFIED') {
    throw new ProtocolError(`the server sent approval ${a.id} without a state`);
  }
  return {
    id: a.id,
    ...optional('workflowId', a.workflowId || undefined),
    ...optional('position', a.position),
    reason: request.reason,
    detail: request.detail,
    evidence: request.evidence.map(fromWireEvidence),
    ...optional('sessionId', request.sessionId),
    ...optional('timeoutMs', request.timeoutMs || undefined),
    requestedAt: new Date(a.requestedAtMs),
    ...optional('expiresAt', time(a.expiresAtMs)),
    state: STATES[a.state],
    ...optional('decidedBy', a.decidedBy),
    ...optional('decidedAt', time(a.decidedAtMs)),
    ...optional('comment', a.comment),
    ...(a.payloadJson === undefined ? {} : { payload: parseJson<unknown>(a.payloadJson, "an approval's payload") }),
    watchers: [...a.watchers],
  };
}

/** A decision in the engine's reply to a request or a wait. */
export function toDecision(d: Decision__Output): ApprovalDecision {
  if (d.outcome === 'OUTCOME_UNSPECIFIED') {
    throw new ProtocolError(`the server sent a decision on approval ${d.approvalId} without an outcome`);
  }
  return {
    approvalId: d.approvalId,
    outcome: OUTCOMES[d.outcome],
    by: d.by ?? null,
    comment: d.comment ?? null,
    payload: d.payloadJson === undefined ? null : parseJson<unknown>(d.payloadJson, "a decision's payload"),
    at: new Date(d.atMs),
  };
}

/** The decision as the journal holds it: `{approvalId, outcome, by, comment, payload, at}`
 * in JSON, `at` in ms since the epoch. */
interface JournaledDecision {
  approvalId: unknown;
  outcome: unknown;
  by?: unknown;
  comment?: unknown;
  payload?: unknown;
  at: unknown;
}

const isOutcome = (value: unknown): value is ApprovalOutcome =>
  value === 'approved' || value === 'denied' || value === 'expired';

const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A decision from a journal entry's result. */
export function decisionFromJournal(result: Uint8Array): ApprovalDecision {
  const d = parseJson<JournaledDecision | null>(Buffer.from(result).toString('utf8'), 'a journaled decision');
  if (d === null || typeof d !== 'object' || typeof d.approvalId !== 'string' || !isOutcome(d.outcome) || typeof d.at !== 'number') {
    throw new ProtocolError('the journal holds an approval decision this SDK cannot read');
  }
  return {
    approvalId: d.approvalId,
    outcome: d.outcome,
    by: textOrNull(d.by),
    comment: textOrNull(d.comment),
    payload: d.payload ?? null,
    at: new Date(d.at),
  };
}
