/** The `aether()` client: defines workflows, starts and observes them, and serves them. */

import type { ChildProcess } from 'node:child_process';

import { approvalsClient } from './approvals/client.js';
import type { ApprovalOutcome, ApprovalsClient } from './approvals/types.js';
import { schedulesClient } from './schedules/client.js';
import type { SchedulesClient } from './schedules/types.js';
import { decode, encode, fromWireFailure } from './codec.js';
import { type SleepDuration, wireTimeout } from './duration.js';
import { CancelledError, type Failure, WorkflowFailedError, toWorkflowError } from './errors.js';
import type { HistoryEvent__Output } from './generated/aether/v1/HistoryEvent.js';
import type { PendingActivity__Output } from './generated/aether/v1/PendingActivity.js';
import type { WaitKind } from './generated/aether/v1/WaitKind.js';
import type { WorkflowInfo__Output } from './generated/aether/v1/WorkflowInfo.js';
import { isListening, isLocal, startLocalServer } from './local-server.js';
import { type Connection, connect, unary } from './transport.js';
import { withRetry } from './retry.js';
import { StartChannel } from './starts.js';
import { Worker } from './worker.js';
import { workspaceClient } from './workspace/client.js';
import type { WorkspaceClient } from './workspace/types.js';
import type { Workflow, WorkflowFn } from './workflow.js';

export interface AetherOptions {
  /** The server's gRPC URL, e.g. `http://localhost:7233`; or, for several nodes sharing one
   * database, every node's URL (`['http://10.0.0.5:7233', 'http://10.0.0.6:7233']`). With a
   * list the client and its worker talk to the first node that answers and, when it dies, move
   * to the next, carrying on with the workflows they were running. A list gives each node by IP
   * address or `localhost`, all in one family (IPv4 or IPv6) and with one scheme; nodes known
   * by a DNS name are one URL whose name resolves to every node, or a load balancer's. */
  serverUrl: string | readonly string[];
  /** A stable id for this process's worker, so the engine recognises it after a reconnect. */
  workerId?: string;
  /** The API key sent with every call (`authorization: Bearer KEY`), for a server with
   * `[[auth.keys]]`; defaults to the environment variable `AETHER_API_KEY`. */
  apiKey?: string;
  /** A PEM file of the certificate authorities to trust for an `https://` server, instead of
   * the system's roots. Defaults to the `AETHER_CA_FILE` environment variable. */
  caFile?: string;
}

export type WorkflowState = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export interface WorkflowStatus {
  workflowId: string;
  workflowType: string;
  state: WorkflowState;
  /** What a RUNNING workflow waits on: timer, child, retry-backoff, ... */
  waitingOn?: string;
  /** Since when it waits on that. */
  waitingSince?: Date;
  /** Every open wait, the oldest first (status calls only; listings leave it empty). */
  waits: WorkflowWait[];
  createdAt: Date;
  updatedAt: Date;
  closedAt?: Date;
  parentWorkflowId?: string;
  workerId?: string;
  historyLength: number;
  /** The result of a COMPLETED workflow (status calls only). */
  result?: unknown;
  /** The failure of a FAILED workflow (status calls only). */
  failure?: Failure;
  /** Activities with engine-enforced timeouts running or due to run again (status calls
   * only). */
  pendingActivities: PendingActivity[];
  /** When the execution timeout fails the workflow, if it has one (status calls only). */
  executionDeadline?: Date;
}

/** An activity with engine-enforced timeouts in progress, as status shows it. */
export interface PendingActivity {
  position: number;
  name: string;
  /** The attempt running, or the next one while a retry waits. */
  attempt: number;
  /** When the running attempt started (absent while a retry waits). */
  startedAt?: Date;
  /** The attempt's last heartbeat the engine received. */
  lastHeartbeatAt?: Date;
  /** Its last heartbeat details, or those the previous attempt left. */
  heartbeatDetails?: unknown;
  /** The next deadline the engine enforces, and which timeout it is. */
  deadline?: Date;
  deadlineTimeout?: string;
}

/** How to start a workflow (`workflow.startWithOptions`). */
export interface StartOptions {
  /** An idempotency key: starting an existing id returns that run. Generated when absent. */
  workflowId?: string;
  /** The engine fails the workflow with a `TimeoutError` (timeout `execution`) once this long
   * has passed since it started (a duration, or milliseconds), stops its task and cancels its
   * children. Negative or non-finite: an error, and nothing starts. */
  executionTimeout?: SleepDuration | number;
}

/** One thing a RUNNING workflow waits on, at one journal position. */
export interface WorkflowWait {
  position: number;
  /** timer, child, retry-backoff, ... */
  kind: string;
  /** The timer's name, the retried step's name, the child's workflow id. */
  target: string;
  since: Date;
  /** When the engine ends the wait by itself; absent when only an event can end it. */
  deadline?: Date;
}

export interface HistoryEntry {
  seq: number;
  at: Date;
  action: string;
  position?: number;
  name: string;
  attempt: number;
  payloadBytes: number;
  payload?: unknown;
  failure?: Failure;
  reason?: string;
  /** signal_received: the signal's idempotency key, if it had one. */
  idempotencyKey?: string;
  /** signal_delivered: the `seq` of the signal_received entry it delivered. */
  signalSeq?: number;
  /** approval_*: the approval. (approval_requested: `name` is its reason and `payload` the
   * request; approval_decided: `payload` is the reviewer's payload, if any.) */
  approvalId?: string;
  /** approval_decided: approved, denied or expired. */
  outcome?: ApprovalOutcome;
  /** approval_decided: who decided (absent for an expiry) and their comment. */
  decidedBy?: string;
  comment?: string;
  /** workspace_activity (`name` is the call, e.g. `workspace.write`, `payload` its result and
   * `failure` a refusal): the session it concerned, and its revision after the call. */
  sessionId?: string;
  sessionRevision?: number;
  /** step_completed, step_failed: the worker whose task ran the attempt, when that task was
   * handed to it, and the attempt's run time as the worker measured it (absent when unknown). */
  workerId?: string;
  leasedAt?: Date;
  durationMs?: number;
  /** step_failed: the attempt's last heartbeat details, handed to the next attempt. */
  heartbeatDetails?: unknown;
}

export interface SignalOptions {
  /** A signal whose key the workflow already accepted is accepted again but not delivered
   * twice: the call reports `duplicate: true`. */
  idempotencyKey?: string;
}

export interface SignalSent {
  /** The workflow had already accepted a signal with this idempotency key; nothing new was
   * recorded. */
  duplicate: boolean;
}

/** What a RUNNING workflow can wait on, as `waitingOn` names it. */
export type WaitingOn = 'timer' | 'approval' | 'child' | 'signal' | 'retry-backoff';

const WAIT_KINDS: Record<WaitingOn, WaitKind> = {
  timer: 'WAIT_KIND_TIMER',
  approval: 'WAIT_KIND_APPROVAL',
  child: 'WAIT_KIND_CHILD',
  signal: 'WAIT_KIND_SIGNAL',
  'retry-backoff': 'WAIT_KIND_RETRY_BACKOFF',
};

export interface ListFilter {
  type?: string;
  state?: WorkflowState;
  /** Only workflows waiting on this. */
  waiting?: WaitingOn;
  limit?: number;
}

export interface ServeOptions {
  /** Workflow tasks run at once (default 100). */
  capacity?: number;
}

// A workflow of any arguments and result, for collections of workflows.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `Workflow<never, unknown>` would accept every workflow too, but leave the members of such a collection impossible to start
export type AnyWorkflow = Workflow<any, any>;

export interface AetherClient {
  /** Defines a workflow. Its argument and result types flow to `start` and `startAndWait`. */
  workflow<A extends unknown[], R>(name: string, fn: WorkflowFn<A, R>): Workflow<A, R>;
  /** Registers the workflows and starts polling for their tasks. With one localhost `serverUrl`
   * and nothing listening there, first starts a local `aether serve` and says so (never for a
   * list of nodes). */
  serve(workflows: ReadonlyArray<AnyWorkflow>, options?: ServeOptions): Promise<void>;
  getStatus(workflowId: string): Promise<WorkflowStatus>;
  /** Cancels the workflow and its children; resolves with the state it ended in. */
  cancel(workflowId: string, reason?: string): Promise<WorkflowState>;
  /** Workflows, newest first. */
  list(filter?: ListFilter): Promise<WorkflowStatus[]>;
  history(workflowId: string): Promise<HistoryEntry[]>;
  /** Sends a signal to a workflow (`ctx.waitForSignal(name)` receives `payload`). It is recorded
   * in the workflow's log and kept until a wait takes it, so a signal sent before the workflow
   * waits is not lost. Rejects with a {@link WorkflowNotFoundError} for an unknown workflow and a
   * {@link WorkflowFinishedError} for one that has finished. */
  signal(workflowId: string, name: string, payload?: unknown, options?: SignalOptions): Promise<SignalSent>;
  /** Sessions: versioned file trees with checkpoints, forks, merges, a cache and a bus. */
  readonly workspace: WorkspaceClient;
  /** Requests for a person's decision: list, read, approve, deny, and request one about a
   * session outside any workflow. */
  readonly approvals: ApprovalsClient;
  /** Cron schedules: create, list, describe, update, pause, unpause, trigger, backfill, delete. */
  readonly schedules: SchedulesClient;
  /** Stops the worker (if serving), ends live subscriptions and closes the connection. */
  close(): Promise<void>;
}

function state(wire: string): WorkflowState {
  return wire.replace('WORKFLOW_STATE_', '') as WorkflowState;
}

const TERMINAL = new Set<WorkflowState>(['COMPLETED', 'FAILED', 'CANCELLED']);

/** How long one server-side wait lasts before the client asks again. */
const AWAIT_SLICE_MS = 30_000;

/** The result of a terminal workflow, or why there is none. */
function outcome<R>(info: WorkflowInfo__Output): R {
  switch (state(info.state)) {
    case 'COMPLETED':
      return decode<R>(info.result);
    case 'CANCELLED':
      throw new CancelledError(`workflow ${info.workflowId} was cancelled`);
    default:
      throw new WorkflowFailedError(info.workflowId, fromWireFailure(info.failure));
  }
}

function status(info: WorkflowInfo__Output): WorkflowStatus {
  const s = state(info.state);
  const out: WorkflowStatus = {
    workflowId: info.workflowId,
    workflowType: info.workflowType,
    state: s,
    createdAt: new Date(info.createdAtMs),
    updatedAt: new Date(info.updatedAtMs),
    historyLength: info.historyLength,
    waits: info.waits.flatMap((w) => {
      const kind = waitKind(w.kind);
      if (kind === undefined) return [];
      const wait: WorkflowWait = { position: w.position, kind, target: w.target, since: new Date(w.sinceMs) };
      if (w.deadlineMs) wait.deadline = new Date(w.deadlineMs);
      return [wait];
    }),
    pendingActivities: info.pendingActivities.map(pendingActivity),
  };
  const waitingOn = waitKind(info.waitingOn);
  if (waitingOn !== undefined) out.waitingOn = waitingOn;
  if (info.waitingSinceMs) out.waitingSince = new Date(info.waitingSinceMs);
  if (info.closedAtMs) out.closedAt = new Date(info.closedAtMs);
  if (info.parentWorkflowId) out.parentWorkflowId = info.parentWorkflowId;
  if (info.workerId) out.workerId = info.workerId;
  if (s === 'COMPLETED' && info.result.length > 0) out.result = decode(info.result);
  if (info.failure) out.failure = fromWireFailure(info.failure);
  if (info.executionDeadlineMs) out.executionDeadline = new Date(info.executionDeadlineMs);
  return out;
}

function pendingActivity(a: PendingActivity__Output): PendingActivity {
  const out: PendingActivity = { position: a.position, name: a.name, attempt: a.attempt };
  if (a.startedAtMs) out.startedAt = new Date(a.startedAtMs);
  if (a.lastHeartbeatAtMs) out.lastHeartbeatAt = new Date(a.lastHeartbeatAtMs);
  if (a.heartbeatDetails && a.heartbeatDetails.length > 0) out.heartbeatDetails = decode(a.heartbeatDetails);
  if (a.deadlineMs) out.deadline = new Date(a.deadlineMs);
  if (a.deadlineTimeout) out.deadlineTimeout = a.deadlineTimeout;
  return out;
}

/** Runs a call about one workflow, turning the server's refusals into the SDK's errors: an
 * unknown id is a `WorkflowNotFoundError`, a finished workflow a `WorkflowFinishedError`. */
async function aboutWorkflow<T>(workflowId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toWorkflowError(error, workflowId);
  }
}

/** `WAIT_KIND_RETRY_BACKOFF` → `retry-backoff`; undefined for none. */
function waitKind(kind: WorkflowInfo__Output['waitingOn']): string | undefined {
  if (kind === 'WAIT_KIND_UNSPECIFIED') return undefined;
  return kind.replace('WAIT_KIND_', '').toLowerCase().replaceAll('_', '-');
}

function historyEntry(e: HistoryEvent__Output): HistoryEntry {
  const entry: HistoryEntry = {
    seq: e.seq,
    at: new Date(e.atMs),
    action: e.kind.replace('ACTION_KIND_', '').toLowerCase(),
    name: e.name,
    attempt: e.attempt,
    payloadBytes: e.payload.length,
  };
  if (e.position !== undefined && e.position !== null) entry.position = e.position;
  if (e.payload.length > 0) {
    try {
      entry.payload = decode(e.payload);
    } catch {
      // Not JSON: the size says enough.
    }
  }
  if (e.failure) entry.failure = fromWireFailure(e.failure);
  if (e.reason) entry.reason = e.reason;
  if (e.idempotencyKey) entry.idempotencyKey = e.idempotencyKey;
  if (e.signalSeq) entry.signalSeq = e.signalSeq;
  if (e.approvalId) entry.approvalId = e.approvalId;
  if (e.outcome) entry.outcome = e.outcome as ApprovalOutcome;
  if (e.decidedBy) entry.decidedBy = e.decidedBy;
  if (e.comment) entry.comment = e.comment;
  if (e.sessionId) entry.sessionId = e.sessionId;
  if (e.sessionRevision) entry.sessionRevision = e.sessionRevision;
  if (e.workerId) entry.workerId = e.workerId;
  if (e.leasedAtMs !== undefined) entry.leasedAt = new Date(e.leasedAtMs);
  if (e.durationMs !== undefined) entry.durationMs = e.durationMs;
  if (e.heartbeatDetails && e.heartbeatDetails.length > 0) {
    try {
      entry.heartbeatDetails = decode(e.heartbeatDetails);
    } catch {
      // Not JSON: left out.
    }
  }
  return entry;
}

export function aether(options: AetherOptions): AetherClient {
  const apiKey = options.apiKey ?? (process.env['AETHER_API_KEY'] || undefined);
  const caFile = options.caFile ?? (process.env['AETHER_CA_FILE'] || undefined);
  const connection: Connection = connect(options.serverUrl, {
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(caFile === undefined ? {} : { caFile }),
  });
  let worker: Worker | null = null;
  let localServer: ChildProcess | null = null;
  const firstUrl = typeof options.serverUrl === 'string' ? options.serverUrl : options.serverUrl[0];
  // `aether mount` takes one server; an empty list already failed in connect().
  const workspace = workspaceClient(connection, {
    serverUrl: firstUrl ?? '',
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(caFile === undefined ? {} : { caFile }),
  });

  const starts = new StartChannel(connection.client, AWAIT_SLICE_MS);

  async function startRaw(name: string, args: unknown[], options: StartOptions = {}, waitMs = 0) {
    return starts.start({
      workflowType: name,
      input: encode(args),
      workflowId: options.workflowId ?? '',
      waitMs,
      executionTimeoutMs: wireTimeout(options.executionTimeout, 'executionTimeout'),
    });
  }

  async function start(name: string, args: unknown[], options: StartOptions = {}): Promise<string> {
    return (await startRaw(name, args, options)).workflowId;
  }

  /** Start-and-wait in one round trip when the workflow finishes within the server's wait. */
  async function startAndWait<R>(name: string, args: unknown[]): Promise<R> {
    const response = await startRaw(name, args, {}, AWAIT_SLICE_MS);
    const info = response.info && TERMINAL.has(state(response.info.state)) ? response.info : await waitFor(response.workflowId);
    return outcome<R>(info);
  }

  async function waitFor(workflowId: string): Promise<WorkflowInfo__Output> {
    for (;;) {
      // Waiting is safe to repeat: a server restarting under the wait only delays the answer.
      const info = await aboutWorkflow(workflowId, () =>
        withRetry(() => unary(connection.client, 'awaitResult', { workflowId, timeoutMs: AWAIT_SLICE_MS })),
      );
      if (TERMINAL.has(state(info.state))) {
        return info;
      }
    }
  }

  async function result<R>(workflowId: string): Promise<R> {
    return outcome<R>(await waitFor(workflowId));
  }

  return {
    workflow<A extends unknown[], R>(name: string, fn: WorkflowFn<A, R>): Workflow<A, R> {
      return {
        name,
        fn,
        start: (...args: A) => start(name, args),
        startWithId: (workflowId: string, ...args: A) => start(name, args, { workflowId }),
        startWithOptions: (options: StartOptions, ...args: A) => start(name, args, options),
        startAndWait: (...args: A) => startAndWait<R>(name, args),
        result: (workflowId: string) => result<R>(workflowId),
      };
    },

    async serve(workflows, serveOptions = {}) {
      if (worker) {
        throw new Error('this client already serves workflows');
      }
      const urls = typeof options.serverUrl === 'string' ? [options.serverUrl] : options.serverUrl;
      const single = urls.length === 1 ? urls[0] : undefined;
      if (single !== undefined && isLocal(single) && !(await isListening(single))) {
        localServer = await startLocalServer(single);
      }
      const workerOptions = {
        ...(options.workerId === undefined ? {} : { workerId: options.workerId }),
        ...(serveOptions.capacity === undefined ? {} : { capacity: serveOptions.capacity }),
      };
      worker = new Worker(connection, workflows, workerOptions);
      await worker.start();
    },

    async getStatus(workflowId) {
      const info = await aboutWorkflow(workflowId, () =>
        unary(connection.client, 'getWorkflowStatus', { workflowId }),
      );
      return status(info);
    },

    async cancel(workflowId, reason = '') {
      const response = await aboutWorkflow(workflowId, () =>
        unary(connection.client, 'cancelWorkflow', { workflowId, reason }),
      );
      return state(response.state);
    },

    async list(filter = {}) {
      const call = connection.admin.listWorkflows({
        workflowType: filter.type ?? '',
        state: filter.state ? `WORKFLOW_STATE_${filter.state}` : 'WORKFLOW_STATE_UNSPECIFIED',
        waiting: filter.waiting ? WAIT_KINDS[filter.waiting] : 'WAIT_KIND_UNSPECIFIED',
        limit: filter.limit ?? 0,
      });
      const out: WorkflowStatus[] = [];
      for await (const info of call) {
        out.push(status(info as WorkflowInfo__Output));
      }
      return out;
    },

    async history(workflowId) {
      const response = await aboutWorkflow(workflowId, () =>
        unary(connection.client, 'getHistory', { workflowId }),
      );
      return response.events.map(historyEntry);
    },

    async signal(workflowId, name, payload, signalOptions = {}) {
      const response = await aboutWorkflow(workflowId, () =>
        unary(connection.client, 'signal', {
          workflowId,
          name,
          payload: encode(payload),
          idempotencyKey: signalOptions.idempotencyKey,
        }),
      );
      return { duplicate: response.duplicate };
    },

    workspace: workspace.workspace,

    approvals: approvalsClient(connection),
    schedules: schedulesClient(connection),

    async close() {
      await worker?.stop();
      worker = null;
      workspace.closeSubscriptions();
      starts.close();
      connection.close();
      if (localServer) {
        localServer.kill();
        localServer = null;
      }
    },
  };
}
