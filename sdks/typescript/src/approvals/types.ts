/**
 * The public types of approvals: what a workflow asks a person (`ctx.requestApproval`), the
 * decision it gets back, and the stored approval that `client.approvals` lists and decides.
 * Plain data only; the wire conversions are in `wire.ts`, the client in `client.ts`.
 *
 * Denial and expiry are outcomes, not errors: workflow code branches on `decision.outcome`.
 */

import type { SleepDuration } from '../duration.js';

/** What an approval points the reviewer at. */
export type Evidence =
  /** A session, at a revision (absent: its current one). */
  | { kind: 'session'; sessionId: string; revision?: number }
  | { kind: 'checkpoint'; sessionId: string; checkpointId: string }
  | { kind: 'annotation'; sessionId: string; annotationId: string }
  | { kind: 'url'; url: string; label?: string };

/** What is asked. The same for a workflow's request and for a session's. */
export interface ApprovalRequestOptions {
  /** A machine-readable code for dashboards and filters (`deploy`, `pii.export`): 1 to 128
   * letters, digits and `_ . : -`. */
  reason: string;
  /** For the reviewer, in markdown. */
  detail?: string;
  evidence?: Evidence[];
  /** Expires undecided after this long: a duration, or milliseconds. Absent: never. */
  timeout?: SleepDuration | number;
}

/** `ctx.requestApproval`'s options. */
export interface RequestApprovalOptions extends ApprovalRequestOptions {
  /** The id of the session the approval is about, if any (for filters and the dashboard). */
  session?: string;
}

export interface WaitForApprovalOptions {
  /** Stop waiting after this long, with the outcome `expired`: a duration, or milliseconds.
   * Absent: as long as the approval may (until its own expiry, if it has one). */
  timeout?: SleepDuration | number;
}

export type ApprovalOutcome = 'approved' | 'denied' | 'expired';

/**
 * How an approval ended, as workflow code receives it. Journaled: a replay gets the same
 * decision without asking the engine again.
 */
export interface ApprovalDecision {
  approvalId: string;
  outcome: ApprovalOutcome;
  /** Who decided; null for an expiry (or a decision made without a name). */
  by: string | null;
  comment: string | null;
  /** The reviewer's edits or choice (any JSON); null when none was given. */
  payload: unknown;
  /** When it was decided or expired. */
  at: Date;
}

/** `cancelled`: its workflow ended before anyone decided. */
export type ApprovalState = 'pending' | 'approved' | 'denied' | 'expired' | 'cancelled';

/** An approval as the engine stores it. */
export interface Approval {
  id: string;
  /** The requesting workflow and the journal position of its request; absent for an approval
   * requested for a session outside any workflow. */
  workflowId?: string;
  position?: number;
  reason: string;
  detail: string;
  evidence: Evidence[];
  /** The session it is about, if any. */
  sessionId?: string;
  /** How long it may stay undecided, in milliseconds; absent: no limit. */
  timeoutMs?: number;
  requestedAt: Date;
  /** When it expires undecided; absent: never. */
  expiresAt?: Date;
  state: ApprovalState;
  decidedBy?: string;
  decidedAt?: Date;
  comment?: string;
  /** The reviewer's edits or choice, parsed from its JSON; absent when none was given. */
  payload?: unknown;
  /** Workflows waiting on it by id (`ctx.waitForApproval`). */
  watchers: string[];
}

/** Which approvals to list. Every field narrows the listing; none lists them all. */
export interface ApprovalFilter {
  /** As of now: a pending approval past its expiry lists as `expired`. */
  state?: ApprovalState;
  workflowId?: string;
  sessionId?: string;
  reason?: string;
  /** A previous page's `nextCursor`. */
  cursor?: string;
  /** Approvals per page: 100 by default, at most 1000. */
  limit?: number;
}

/** One page of approvals, newest request first. */
export interface ApprovalPage {
  approvals: Approval[];
  /** Pass it as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/** A reviewer's decision. */
export interface DecideOptions {
  /** Who decides: 1 to 255 characters. */
  by?: string;
  comment?: string;
  /** The reviewer's edits or choice, any JSON value; the workflow receives it as `payload`. */
  payload?: unknown;
}

/** `client.approvals`: the inbox of requests for a person's decision. */
export interface ApprovalsClient {
  /** A page of approvals, newest request first. */
  list(filter?: ApprovalFilter): Promise<ApprovalPage>;
  /** Rejects with an {@link ApprovalNotFoundError} for an unknown id. */
  get(approvalId: string): Promise<Approval>;
  /** Approves a pending approval and resumes the workflows waiting on it. The first decision
   * wins: a later one rejects with an {@link ApprovalConflictError} holding the approval as it
   * stands, and changes nothing. */
  approve(approvalId: string, options?: DecideOptions): Promise<Approval>;
  /** Denies a pending approval; otherwise as {@link approve}. */
  deny(approvalId: string, options?: DecideOptions): Promise<Approval>;
  /** Asks for a decision about a session, outside any workflow; a workflow may wait on it with
   * `ctx.waitForApproval(approval.id)`. An unknown session rejects with a `WorkspaceError`
   * (`not_found`), as any workspace call about it would. */
  requestForSession(sessionId: string, request: ApprovalRequestOptions): Promise<Approval>;
}
