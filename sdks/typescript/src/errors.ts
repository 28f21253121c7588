/**
 * The SDK's errors. Inside a step or activity, throw a {@link TerminalError} to fail it for good
 * (no retry), or any other error to let the retry policy decide. Callers of `startAndWait` get a
 * {@link WorkflowFailedError} or a {@link CancelledError}; callers of `signal` a
 * {@link WorkflowNotFoundError} or a {@link WorkflowFinishedError}; callers of `client.workspace`
 * and `ctx.workspace` a {@link WorkspaceError} (a {@link MergeConflictError} for a merge that needs
 * a decision; a {@link MountError} from `client.workspace.mount`); callers of `client.approvals`
 * an {@link ApprovalNotFoundError} or an {@link ApprovalConflictError}.
 */

import * as grpc from '@grpc/grpc-js';

import type { Approval } from './approvals/types.js';

/** Which timeout the engine enforced. */
export type TimeoutKind = 'heartbeat' | 'start_to_close' | 'schedule_to_start' | 'schedule_to_close' | 'execution';

/** An error as the engine records it. */
export interface Failure {
  message: string;
  /** The error's type name, matched by `nonRetryableErrorTypes`. */
  type: string;
  stack?: string;
  /** Set when the engine failed the attempt or the workflow because a timeout passed (`type`
   * is then `TimeoutError`). */
  timeout?: TimeoutKind;
}

/** Base class of every error the SDK raises. */
export class AetherError extends Error {
  override name = 'AetherError';
}

/** Thrown in a step or activity: fails it without retrying, whatever the policy says. */
export class TerminalError extends AetherError {
  override name = 'TerminalError';
  readonly errorType: string;
  constructor(message: string, options: { type?: string } = {}) {
    super(message);
    this.errorType = options.type ?? 'TerminalError';
  }
}

/** Thrown in a step or activity: a failure the retry policy may retry (any plain error is). */
export class RetryableError extends AetherError {
  override name = 'RetryableError';
  readonly errorType: string;
  constructor(message: string, options: { type?: string } = {}) {
    super(message);
    this.errorType = options.type ?? 'RetryableError';
  }
}

/** The type of the failure the engine records when an activity attempt (or a workflow) runs
 * past a timeout it enforces; the failure's `timeout` says which. Workflow code sees it as the
 * `failure` of a {@link StepFailedError} (`failure.type === 'TimeoutError'`) once the retries
 * are spent, and callers as that of a {@link WorkflowFailedError}. */
export class TimeoutError extends AetherError {
  override name = 'TimeoutError';
}

/** The workflow was cancelled. */
export class CancelledError extends AetherError {
  override name = 'CancelledError';
}

/** A step or activity failed for good; workflow code may catch it. */
export class StepFailedError extends AetherError {
  override name = 'StepFailedError';
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/** A child workflow failed or was cancelled. */
export class ChildFailedError extends AetherError {
  override name = 'ChildFailedError';
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/** The awaited workflow failed. */
export class WorkflowFailedError extends AetherError {
  override name = 'WorkflowFailedError';
  constructor(
    readonly workflowId: string,
    readonly failure: Failure,
  ) {
    super(`workflow ${workflowId} failed: ${failure.type ? `${failure.type}: ` : ''}${failure.message}`);
  }
}

/** No workflow has this id. */
export class WorkflowNotFoundError extends AetherError {
  override name = 'WorkflowNotFoundError';
  constructor(
    readonly workflowId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The workflow has finished (completed, failed or cancelled) and takes no more of what was
 * sent to it, e.g. a signal. */
export class WorkflowFinishedError extends AetherError {
  override name = 'WorkflowFinishedError';
  constructor(
    readonly workflowId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No approval has this id. */
export class ApprovalNotFoundError extends AetherError {
  override name = 'ApprovalNotFoundError';
  constructor(
    readonly approvalId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The approval was already decided (or expired, or its workflow ended): the first decision
 * stands and this one changed nothing. `approval` is the approval as it stands, so the caller
 * can tell the person who won. */
export class ApprovalConflictError extends AetherError {
  override name = 'ApprovalConflictError';
  constructor(
    readonly approval: Approval,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The workflow code no longer matches its journal; the workflow fails. */
export class NonDeterminismError extends AetherError {
  override name = 'NonDeterminismError';
}

/** The server sent something this SDK cannot read: a payload that is not JSON, a reply without
 * a field the protocol requires. A server and SDK of different versions is the usual cause. */
export class ProtocolError extends AetherError {
  override name = 'ProtocolError';
}

/** `serverUrl` cannot be connected to as written: not a URL, not `http://` or `https://`, or a
 * list of nodes the SDK cannot fail over between (mixed schemes, a host name, IPv4 with IPv6).
 * Its message says what to write instead. */
export class ServerUrlError extends AetherError {
  override name = 'ServerUrlError';
}

/** A gRPC status name, e.g. `ABORTED` or `NOT_FOUND`. */
export type StatusName = keyof typeof grpc.status;

/**
 * Why a workspace request failed, more precisely than its status: the server's `aether-reason`.
 * `stale_revision`: the session is not at the expected revision (nothing changed);
 * `stale_cache_version`: a cache compare-and-set found another version; `merge_conflict`: see
 * {@link MergeConflictError}. Other reasons name the error's category (`not_found`, ...).
 */
export type WorkspaceErrorReason =
  | 'stale_revision'
  | 'stale_cache_version'
  | 'source_moved'
  | 'merge_conflict'
  | 'session_archived'
  | 'invalid_path'
  | 'invalid_argument'
  | 'not_found'
  | 'failed_precondition'
  | 'conflict'
  | 'too_large'
  | 'unavailable'
  | 'internal'
  | 'cancelled'
  | 'deadline_exceeded';

/** A workspace request failed; nothing it asked for changed. */
export class WorkspaceError extends AetherError {
  override name = 'WorkspaceError';
  constructor(
    message: string,
    /** The gRPC status. */
    readonly code: StatusName,
    /** The specific reason, for code to branch on. */
    readonly reason: WorkspaceErrorReason | (string & {}),
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One path that both sides of a merge changed differently. */
export interface MergeConflict {
  path: string;
  /** `content` (both edited the same lines), `modify-delete`, `add-add`, `kind` (file against
   * directory) or `binary`. */
  reason: 'content' | 'modify-delete' | 'add-add' | 'kind' | 'binary' | (string & {});
  /** The hash of each version (as in the sessions' manifests); absent where that side has no
   * such path. `ours` is the session merged into, `theirs` the one merged from. */
  base?: string;
  ours?: string;
  theirs?: string;
}

/** A merge that needs a decision: the session is unchanged and every conflict is listed. */
export class MergeConflictError extends WorkspaceError {
  override name = 'MergeConflictError';
  constructor(
    message: string,
    code: StatusName,
    readonly conflicts: MergeConflict[],
    options?: { cause?: unknown },
  ) {
    super(message, code, 'merge_conflict', options);
  }
}

/**
 * `client.workspace.mount` failed: `aether mount` could not be started, exited before it had
 * mounted, or exited non-zero when asked to unmount (e.g. changes it could not send to the
 * server, which are then not in the session). `stderr` holds the last lines it printed, which say
 * why. When the mounted function threw as well, its error is the `cause`.
 */
export class MountError extends AetherError {
  override name = 'MountError';
  constructor(
    message: string,
    readonly sessionId: string,
    readonly dir: string,
    /** The exit code; null if it was never started or was ended by a signal. */
    readonly exitCode: number | null,
    /** The last lines `aether mount` wrote on stderr. */
    readonly stderr: string,
    /** The `conflict: ` lines it printed, without that prefix. */
    readonly conflicts: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The failure to record for an error thrown by user code. */
export function toFailure(error: unknown): Failure & { nonRetryable: boolean } {
  if (error instanceof StepFailedError || error instanceof ChildFailedError) {
    // Uncaught, a step's failure becomes the workflow's, with the step's own type.
    return { ...error.failure, nonRetryable: true };
  }
  if (error instanceof TerminalError || error instanceof RetryableError) {
    return withStack({ message: error.message, type: error.errorType }, error.stack, error instanceof TerminalError);
  }
  if (error instanceof Error) {
    const type = error.name && error.name !== 'Error' ? error.name : error.constructor.name;
    return withStack({ message: error.message, type }, error.stack, false);
  }
  return { message: String(error), type: 'Error', nonRetryable: false };
}

function withStack(failure: Failure, stack: string | undefined, nonRetryable: boolean) {
  return stack === undefined ? { ...failure, nonRetryable } : { ...failure, stack, nonRetryable };
}

export function isServiceError(error: unknown): error is grpc.ServiceError {
  return error instanceof Error && typeof (error as Partial<grpc.ServiceError>).code === 'number';
}

function metadataText(metadata: grpc.Metadata | undefined, key: string): string | undefined {
  const value = metadata?.get(key)[0];
  return value === undefined ? undefined : value.toString();
}

/** What a status means when the server named no reason (e.g. it could not be reached). */
function reasonOf(code: StatusName): string {
  switch (code) {
    case 'ABORTED':
      return 'conflict';
    // The server (tonic) refuses a message over its size limit with OUT_OF_RANGE, which it uses
    // for nothing else.
    case 'RESOURCE_EXHAUSTED':
    case 'OUT_OF_RANGE':
      return 'too_large';
    default:
      return code.toLowerCase();
  }
}

/** The `aether-conflicts` metadata of a merge conflict, as the server writes it. */
interface WireConflict {
  path: string;
  reason: string;
  base?: string | null;
  ours?: string | null;
  theirs?: string | null;
}

function parseConflicts(text: string | undefined): MergeConflict[] {
  if (text === undefined) return [];
  let conflicts: WireConflict[];
  try {
    conflicts = JSON.parse(text) as WireConflict[];
  } catch {
    // The conflicts are a courtesy; the error itself still says what happened.
    return [];
  }
  if (!Array.isArray(conflicts)) return [];
  return conflicts.map((c) => {
    const conflict: MergeConflict = { path: c.path, reason: c.reason };
    if (typeof c.base === 'string') conflict.base = c.base;
    if (typeof c.ours === 'string') conflict.ours = c.ours;
    if (typeof c.theirs === 'string') conflict.theirs = c.theirs;
    return conflict;
  });
}

/** The SDK's error for a refused call about one workflow: an unknown id or a finished workflow
 * get their own classes; anything else (the server unreachable, ...) goes on unchanged. */
export function toWorkflowError(error: unknown, workflowId: string): Error {
  if (!isServiceError(error)) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const message = error.details || error.message;
  switch (error.code) {
    case grpc.status.NOT_FOUND:
      return new WorkflowNotFoundError(workflowId, message, { cause: error });
    case grpc.status.FAILED_PRECONDITION:
      return new WorkflowFinishedError(workflowId, message, { cause: error });
    default:
      return error;
  }
}

/** The SDK's error for a failed workspace call. */
export function toWorkspaceError(error: unknown): Error {
  if (!isServiceError(error)) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const code = (grpc.status[error.code] ?? 'UNKNOWN') as StatusName;
  const message = error.details || error.message;
  const reason = metadataText(error.metadata, 'aether-reason') ?? reasonOf(code);
  if (reason === 'merge_conflict') {
    const conflicts = parseConflicts(metadataText(error.metadata, 'aether-conflicts'));
    return new MergeConflictError(message, code, conflicts, { cause: error });
  }
  return new WorkspaceError(message, code, reason, { cause: error });
}

/** The gRPC status each workspace reason comes with, so that a refusal journaled by a workflow
 * (which keeps only the reason) reads the same as that refusal from `client.workspace`. */
const REASON_STATUS: Partial<Record<WorkspaceErrorReason, StatusName>> = {
  stale_revision: 'ABORTED',
  stale_cache_version: 'ABORTED',
  source_moved: 'ABORTED',
  merge_conflict: 'ABORTED',
  conflict: 'ABORTED',
  session_archived: 'FAILED_PRECONDITION',
  failed_precondition: 'FAILED_PRECONDITION',
  invalid_path: 'INVALID_ARGUMENT',
  invalid_argument: 'INVALID_ARGUMENT',
  not_found: 'NOT_FOUND',
  too_large: 'RESOURCE_EXHAUSTED',
  unavailable: 'UNAVAILABLE',
  internal: 'INTERNAL',
};

/** The error of a workspace activity the engine refused (`ctx.workspace`): the journal records
 * the refusal with its reason as the failure's type. A merge's conflicts are not journaled, so
 * its {@link MergeConflictError} lists none. */
export function workspaceErrorFromFailure(failure: Failure): WorkspaceError {
  const reason = failure.type || 'internal';
  const code = REASON_STATUS[reason as WorkspaceErrorReason] ?? 'UNKNOWN';
  return reason === 'merge_conflict'
    ? new MergeConflictError(failure.message, code, [])
    : new WorkspaceError(failure.message, code, reason);
}

/**
 * The SDK's error for a refused call about one named object: NOT_FOUND becomes `notFound`'s
 * error (when the call named the object); input the server refused (invalid, too large) an
 * {@link AetherError} with the server's message; anything else (the server unreachable, ...)
 * goes on unchanged.
 */
function toObjectError(error: unknown, notFound: ((message: string, cause: unknown) => Error) | undefined): Error {
  if (!isServiceError(error)) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const message = error.details || error.message;
  switch (error.code) {
    case grpc.status.NOT_FOUND:
      return notFound === undefined ? error : notFound(message, error);
    case grpc.status.INVALID_ARGUMENT:
    case grpc.status.RESOURCE_EXHAUSTED:
    case grpc.status.OUT_OF_RANGE:
      return new AetherError(message, { cause: error });
    default:
      return error;
  }
}

/**
 * The SDK's error for a refused approval call: an unknown `approvalId` is an
 * {@link ApprovalNotFoundError}; a reason that is not a code or a payload too large an
 * {@link AetherError}. A conflicting decision is mapped by the caller, which fetches the
 * approval the error carries.
 */
export function toApprovalError(error: unknown, approvalId?: string): Error {
  return toObjectError(
    error,
    approvalId === undefined ? undefined : (message, cause) => new ApprovalNotFoundError(approvalId, message, { cause }),
  );
}

/** No schedule has this id. */
export class ScheduleNotFoundError extends AetherError {
  override name = 'ScheduleNotFoundError';
  constructor(
    readonly scheduleId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The SDK's error for a refused schedule call: an unknown `scheduleId` is a
 * {@link ScheduleNotFoundError}; an invalid definition (cron expression, time zone, policy,
 * duration) or an id already in use an {@link AetherError} with the server's words.
 */
export function toScheduleError(error: unknown, scheduleId?: string): Error {
  // Only a create names no schedule, and its ABORTED means the id is taken.
  if (isServiceError(error) && error.code === grpc.status.ABORTED && scheduleId === undefined) {
    return new AetherError(error.details || error.message, { cause: error });
  }
  return toObjectError(
    error,
    scheduleId === undefined ? undefined : (message, cause) => new ScheduleNotFoundError(scheduleId, message, { cause }),
  );
}
