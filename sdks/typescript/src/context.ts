/**
 * What workflow code calls: durable steps, activities with retries, timers, child workflows,
 * signals, approvals, and journaled sources of time and randomness.
 *
 * Every operation takes its journal position when it is called, so code that calls operations in
 * a deterministic order (including `Promise.all([ctx.step(...), ctx.step(...)])`) replays to the
 * same positions. An operation already in the journal returns its recorded outcome without running
 * anything; otherwise it runs and the engine records its outcome before the workflow continues.
 */

import { randomUUID } from 'node:crypto';

import type {
  ApprovalDecision,
  Evidence,
  RequestApprovalOptions,
  WaitForApprovalOptions,
} from './approvals/types.js';
import { decisionFromJournal, toDecision, toWireRequest } from './approvals/wire.js';
import { currentAttempt, runAttempt } from './attempts.js';
import { decode, encode, fromWireFailure, required, toWireFailure } from './codec.js';
import { type SleepDuration, toMillis, wireTimeout } from './duration.js';
import {
  AetherError,
  ChildFailedError,
  ProtocolError,
  StepFailedError,
  toApprovalError,
  toFailure,
} from './errors.js';
import type { Execution } from './execution.js';
import { HeartbeatThrottle } from './heartbeat.js';
import type { ApprovalWaitResponse__Output } from './generated/aether/v1/ApprovalWaitResponse.js';
import type { ActivityTimeouts as WireActivityTimeouts } from './generated/aether/v1/ActivityTimeouts.js';
import type { Failure as WireFailure } from './generated/aether/v1/Failure.js';
import type { JournalEntry__Output } from './generated/aether/v1/JournalEntry.js';
import type { RetryPolicy as WireRetryPolicy } from './generated/aether/v1/RetryPolicy.js';
import { workflowWorkspace } from './workspace/activities.js';
import type { WorkflowWorkspace } from './workspace/types.js';
import type { Workflow } from './workflow.js';

/** How the engine retries a failed activity. Each retry is a durable timer in the engine. */
export interface RetryPolicy {
  /** Delay before the second attempt, in milliseconds (default 1000). */
  initialInterval?: number;
  /** Multiplier of the delay after each attempt (default 2). */
  backoffCoefficient?: number;
  /** Longest delay, in milliseconds (default 100 × initialInterval). */
  maximumInterval?: number;
  /** Attempts in all, the first included; 0 or absent means unlimited. */
  maximumAttempts?: number;
  /** Error types (the error's `name`, or a TerminalError's type) never retried. */
  nonRetryableErrorTypes?: string[];
}

/**
 * An activity's retry policy and timeouts (a duration, or milliseconds). The engine enforces the
 * timeouts, not the worker: an attempt that breaks one is failed with a `TimeoutError` (its
 * failure's `timeout` says which) and retried per `retry` even while its worker is alive, and
 * the worker is told to abandon it (the step's `signal` is aborted). A negative or non-finite
 * timeout is an error.
 */
export interface ActivityOptions {
  retry?: RetryPolicy;
  /** An attempt running longer than this fails. */
  startToCloseTimeout?: SleepDuration | number;
  /** An attempt that does not call `ctx.heartbeat()` for this long fails (its start counts as
   * a heartbeat). */
  heartbeatTimeout?: SleepDuration | number;
  /** A retry whose attempt has not started this long after its backoff elapsed fails. */
  scheduleToStartTimeout?: SleepDuration | number;
  /** The activity, all attempts together, fails once this long has passed since its first
   * attempt started; no attempt starts after it. */
  scheduleToCloseTimeout?: SleepDuration | number;
}

/** What a step function receives. */
export interface StepInfo {
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the workflow is cancelled, the engine timed the attempt out, or the worker
   * gives the task up. JavaScript cannot pre-empt a function: it should watch this. */
  signal: AbortSignal;
  /** The heartbeat details the previous attempt sent last (`ctx.heartbeat(details)`), to resume
   * from; absent on a first attempt or when it sent none. */
  heartbeatDetails?: unknown;
}

export type { SleepDuration } from './duration.js';

export interface WaitForSignalOptions {
  /** How long to wait: a duration, or milliseconds. Absent: until a signal comes. A timeout of
   * 0 takes a signal already sent, if there is one, and otherwise times out at once. */
  timeout?: SleepDuration | number;
}

/**
 * What `ctx.waitForSignal` resolves with: the signal's payload, or the timeout. A timeout is an
 * ordinary outcome the code branches on (`if (result.timedOut) ...`), not an error.
 */
export type SignalResult<T> = { timedOut: false; payload: T } | { timedOut: true };

/** The activity's timeouts for the wire (0: none), or null when it has none: a plain attempt
 * does not tell the engine it started. */
function wireTimeouts(options: ActivityOptions): (WireActivityTimeouts & { heartbeatMs: number }) | null {
  const timeouts = {
    startToCloseMs: wireTimeout(options.startToCloseTimeout, 'startToCloseTimeout'),
    heartbeatMs: wireTimeout(options.heartbeatTimeout, 'heartbeatTimeout'),
    scheduleToStartMs: wireTimeout(options.scheduleToStartTimeout, 'scheduleToStartTimeout'),
    scheduleToCloseMs: wireTimeout(options.scheduleToCloseTimeout, 'scheduleToCloseTimeout'),
  };
  return Object.values(timeouts).some((ms) => ms > 0) ? timeouts : null;
}

function wirePolicy(policy: RetryPolicy = {}): WireRetryPolicy {
  return {
    initialIntervalMs: policy.initialInterval ?? 0,
    backoffCoefficient: policy.backoffCoefficient ?? 0,
    maxIntervalMs: policy.maximumInterval ?? 0,
    maximumAttempts: policy.maximumAttempts ?? 0,
    nonRetryableErrorTypes: policy.nonRetryableErrorTypes ?? [],
  };
}

/** The outcome of a resolved signal wait, from the engine's reply or the journal. */
function signalResult<T>(
  name: string,
  position: number,
  status: JournalEntry__Output['status'] | undefined,
  payload: Buffer | undefined,
): SignalResult<T> {
  switch (status) {
    case 'ENTRY_STATUS_SUCCEEDED':
      return { timedOut: false, payload: decode<T>(payload) };
    case 'ENTRY_STATUS_TIMED_OUT':
      return { timedOut: true };
    default:
      throw new ProtocolError(`the engine resolved the wait for signal '${name}' at position ${position} as ${status ?? 'nothing'}`);
  }
}

/** Whether the caller already chose which state of the session is under review: session
 * evidence (at a revision, or without one for the live session) or one of its checkpoints. An
 * annotation points at a note, not at a tree, so it does not count. */
function pinsState(evidence: Evidence[] | undefined, sessionId: string): boolean {
  return (evidence ?? []).some((e) => (e.kind === 'session' || e.kind === 'checkpoint') && e.sessionId === sessionId);
}

export class WorkflowContext {
  /**
   * Sessions, as built-in activities the engine runs and journals: each change applies exactly
   * once, even across worker crashes and replays. See {@link WorkflowWorkspace}.
   */
  readonly workspace: WorkflowWorkspace;

  constructor(private readonly execution: Execution) {
    this.workspace = workflowWorkspace(execution);
  }

  get workflowId(): string {
    return this.execution.workflowId;
  }

  /** Runs `fn` once and journals its result. A failure goes to the workflow code (no retry);
   * use {@link activity} for retries. */
  step<T>(name: string, fn: (info: StepInfo) => Promise<T>): Promise<T> {
    return this.runStep(name, fn, null, {});
  }

  /** A step with a retry policy and timeouts. Each failed attempt is recorded and the next one
   * is scheduled by the engine after the policy's backoff, surviving restarts. */
  activity<T>(name: string, fn: (info: StepInfo) => Promise<T>, options: ActivityOptions = {}): Promise<T> {
    return this.runStep(name, fn, wirePolicy(options.retry), options);
  }

  /**
   * Inside an activity's function: proves the attempt alive (see `heartbeatTimeout`) and records
   * `details` as its progress. The engine hands the latest details to the next attempt
   * (`StepInfo.heartbeatDetails`) if this one fails, and shows them in the workflow's status only
   * for an activity with timeouts (a step or an activity without any is not listed there). Sends
   * are throttled (at most one per 0.8 × the heartbeat timeout, always the latest details).
   * Outside an activity it does nothing.
   */
  heartbeat(details?: unknown): void {
    currentAttempt(this.execution)?.beat(details);
  }

  private runStep<T>(
    name: string,
    fn: (info: StepInfo) => Promise<T>,
    retryPolicy: WireRetryPolicy | null,
    options: ActivityOptions,
  ): Promise<T> {
    const execution = this.execution;
    const position = execution.position();
    const run = async (): Promise<T> => {
      // Checked on replay too, so that invalid options fail the same way every time.
      const timeouts = wireTimeouts(options);
      for (;;) {
        const stopped = execution.checkStopped();
        if (stopped) {
          return stopped;
        }
        const entry = execution.expect(position, 'ENTRY_KIND_STEP', name);
        let attempt = 1;
        let previousDetails: Buffer | undefined;
        if (entry) {
          switch (entry.status) {
            case 'ENTRY_STATUS_SUCCEEDED':
              return decode<T>(entry.result);
            case 'ENTRY_STATUS_FAILED':
              throw new StepFailedError(fromWireFailure(entry.failure));
            case 'ENTRY_STATUS_RETRY_READY':
              attempt = entry.attempt;
              previousDetails = entry.heartbeatDetails ?? undefined;
              break;
            case 'ENTRY_STATUS_TIMED_OUT':
              throw new ProtocolError(`the journal says step '${name}' at position ${position} timed out, which only a wait can`);
            default:
              await execution.waitFor(position);
              continue;
          }
        }
        // The result as reported: the engine does not send back a result it recorded as
        // reported, and the code gets it decoded, as a replay would.
        let reported: Buffer | undefined;
        const response = await execution.inFlight(async () => {
          if (timeouts) {
            // Only activities with timeouts tell the engine they started: it arms their
            // deadlines. Plain steps stay one report each.
            await execution.command('startActivity', {
              position,
              name,
              attempt,
              timeouts,
              ...(retryPolicy ? { retryPolicy } : {}),
            });
          }
          let outcome: { result: Buffer } | { failure: WireFailure };
          const began = performance.now();
          const heartbeats = new HeartbeatThrottle(async (details) => {
            await execution.command('recordHeartbeat', {
              position,
              attempt,
              ...(details === undefined ? {} : { details }),
            });
          }, timeouts?.heartbeatMs || undefined);
          // The signal is made only if the function looks at it (see Execution.signal).
          const info: StepInfo = {
            attempt,
            get signal() {
              return execution.signal;
            },
          };
          if (previousDetails && previousDetails.length > 0) {
            info.heartbeatDetails = decode(previousDetails);
          }
          try {
            const value = await runAttempt(execution, heartbeats, () => fn(info));
            reported = encode(value);
            outcome = { result: reported };
          } catch (error) {
            // The failure records the attempt's last details for the next one: a throttled
            // heartbeat still pending must reach the engine first.
            await heartbeats.flush();
            outcome = { failure: toWireFailure(toFailure(error)) };
          } finally {
            heartbeats.stop();
          }
          return execution.command('completeStep', {
            position,
            name,
            attempt,
            ...outcome,
            ...(retryPolicy ? { retryPolicy } : {}),
            durationMs: Math.round(performance.now() - began),
            omitReportedResult: true,
          });
        });
        switch (response.outcome) {
          case 'STEP_OUTCOME_SUCCEEDED':
            if (!response.asReported) return decode<T>(response.result);
            if (reported === undefined) {
              throw new ProtocolError(`the engine recorded step '${name}' at position ${position} as reported, but it reported a failure`);
            }
            return decode<T>(reported);
          case 'STEP_OUTCOME_RETRY_SCHEDULED':
            execution.markWaiting(position, name, attempt);
            await execution.waitFor(position);
            continue;
          default:
            throw new StepFailedError(fromWireFailure(response.failure));
        }
      }
    };
    return run();
  }

  /** Runs the functions concurrently, each as a step (named `parallel-<i>`, its result
   * journaled), and returns their results in input order. */
  parallel<T>(fns: ReadonlyArray<(info: StepInfo) => Promise<T>>): Promise<T[]> {
    return Promise.all(fns.map((fn, i) => this.step(`parallel-${i}`, fn)));
  }

  /** A durable timer: the workflow is suspended (freeing the worker's slot) and resumes once it
   * fires, even across restarts of the worker or the engine. */
  sleep(duration: SleepDuration): Promise<void> {
    const execution = this.execution;
    const position = execution.position();
    const durationMs = toMillis(duration);
    const run = async (): Promise<void> => {
      const stopped = execution.checkStopped();
      if (stopped) {
        return stopped;
      }
      if (!Number.isFinite(durationMs) || durationMs < 0) {
        throw new AetherError(`invalid sleep duration: ${JSON.stringify(duration)}`);
      }
      if (!execution.expect(position, 'ENTRY_KIND_TIMER', 'sleep')) {
        await execution.inFlight(() =>
          execution.command('scheduleTimer', {
            position,
            name: 'sleep',
            durationMs: Math.round(durationMs),
          }),
        );
      }
      await execution.waitFor(position);
    };
    return run();
  }

  /** Starts a child workflow and waits for its result. Cancelling this workflow cancels it. */
  child<A extends unknown[], R>(workflow: Workflow<A, R>, args: A): Promise<R> {
    const execution = this.execution;
    const position = execution.position();
    const run = async (): Promise<R> => {
      const stopped = execution.checkStopped();
      if (stopped) {
        return stopped;
      }
      if (!execution.expect(position, 'ENTRY_KIND_CHILD', workflow.name)) {
        await execution.inFlight(() =>
          execution.command('startChild', { position, workflowType: workflow.name, input: encode(args) }),
        );
      }
      await execution.waitFor(position);
      const entry = execution.expect(position, 'ENTRY_KIND_CHILD', workflow.name);
      if (entry?.status === 'ENTRY_STATUS_SUCCEEDED') {
        return decode<R>(entry.result);
      }
      throw new ChildFailedError(fromWireFailure(entry?.failure));
    };
    return run();
  }

  /**
   * Waits for the next signal named `name` sent to this workflow (`client.signal`). Signals sent
   * before the wait are kept, per name and in order, so none is lost; each goes to exactly one
   * wait. While it waits the workflow is suspended and holds no worker slot. With a `timeout`,
   * resolves with `{ timedOut: true }` if no signal came in time.
   */
  waitForSignal<T = unknown>(name: string, options: WaitForSignalOptions = {}): Promise<SignalResult<T>> {
    const execution = this.execution;
    const position = execution.position();
    const { timeout } = options;
    const run = async (): Promise<SignalResult<T>> => {
      const stopped = execution.checkStopped();
      if (stopped) {
        return stopped;
      }
      // On the wire 0 means no timeout; a timeout of 0 is the shortest the engine keeps.
      const timeoutMs = wireTimeout(timeout, 'signal timeout');
      if (!execution.expect(position, 'ENTRY_KIND_SIGNAL', name)) {
        const response = await execution.inFlight(() =>
          execution.command('waitForSignal', { position, name, timeoutMs }),
        );
        if (response.status !== 'ENTRY_STATUS_WAITING') {
          return signalResult<T>(name, position, response.status, response.payload);
        }
      }
      await execution.waitFor(position);
      const entry = execution.expect(position, 'ENTRY_KIND_SIGNAL', name);
      return signalResult<T>(name, position, entry?.status, entry?.result);
    };
    return run();
  }

  /**
   * Asks a person for a decision and waits for it: the approval is stored as pending (listed by
   * `client.approvals`, decided there, by the CLI or the dashboard) and the workflow is
   * suspended, holding no worker slot, until someone approves or denies it or its `timeout`
   * passes. Resolves with the decision; a denial or an expiry is an outcome to branch on
   * (`decision.outcome`), not an error. Journaled: a replay gets the same decision.
   *
   * With a `session` and no session or checkpoint evidence for it, the request pins what is
   * under review: it reads the session first (a `ctx.workspace.get`, journaled, so a replay pins
   * the same revision) and adds `{ kind: 'session', sessionId, revision }` to the evidence. The
   * read takes a journal position of its own, before the approval's.
   */
  requestApproval(options: RequestApprovalOptions): Promise<ApprovalDecision> {
    const execution = this.execution;
    const { session } = options;
    // Both positions are taken now, in this order, so that replay finds them where they were.
    const pinned = session !== undefined && !pinsState(options.evidence, session) ? this.workspace.get(session) : null;
    const position = execution.position();
    const run = async (): Promise<ApprovalDecision> => {
      let evidence = options.evidence;
      if (pinned) {
        const { id, revision } = await pinned;
        evidence = [...(evidence ?? []), { kind: 'session', sessionId: id, revision }];
      }
      // The journal names an approval by its reason code.
      return this.awaitApproval(position, options.reason, undefined, () => {
        const request = toWireRequest({ ...options, ...(evidence ? { evidence } : {}) }, session);
        return () => execution.command('requestApproval', { position, request });
      });
    };
    return run();
  }

  /**
   * Waits for the decision on an approval requested outside this workflow (for a session, with
   * `client.approvals.requestForSession`), by its id: at once if it is already decided, otherwise
   * suspended like {@link requestApproval}. With a `timeout`, resolves with the outcome
   * `expired` if no decision came in time. Rejects with an `ApprovalNotFoundError` for an
   * unknown id.
   */
  waitForApproval(approvalId: string, options: WaitForApprovalOptions = {}): Promise<ApprovalDecision> {
    const execution = this.execution;
    const position = execution.position();
    // The journal names a wait on an approval by the approval's id.
    return this.awaitApproval(position, approvalId, approvalId, () => {
      const timeoutMs = wireTimeout(options.timeout, 'approval wait timeout');
      return () => execution.command('waitForApproval', { position, approvalId, timeoutMs });
    });
  }

  /**
   * An approval operation at `position`: the decision from the journal (a replay), from the
   * engine's reply, or from a later task's journal once the workflow was suspended. `prepare`
   * checks the input and returns the report to send; it runs on replay too, so that invalid
   * input fails the same way every time. `approvalId` is the id waited on, if known, for the
   * error an unknown one gets.
   */
  private async awaitApproval(
    position: number,
    name: string,
    approvalId: string | undefined,
    prepare: () => () => Promise<ApprovalWaitResponse__Output>,
  ): Promise<ApprovalDecision> {
    const execution = this.execution;
    const stopped = execution.checkStopped();
    if (stopped) {
      return stopped;
    }
    const report = prepare();
    if (!execution.expect(position, 'ENTRY_KIND_APPROVAL', name)) {
      let response: ApprovalWaitResponse__Output;
      try {
        response = await execution.inFlight(report);
      } catch (error) {
        throw toApprovalError(error, approvalId);
      }
      switch (response.status) {
        case 'ENTRY_STATUS_SUCCEEDED':
          return toDecision(required(response.decision, 'decision'));
        case 'ENTRY_STATUS_WAITING':
          break;
        default:
          throw new ProtocolError(`the engine answered the approval '${name}' at position ${position} with ${response.status}`);
      }
    }
    await execution.waitFor(position);
    const entry = execution.expect(position, 'ENTRY_KIND_APPROVAL', name);
    if (entry?.status !== 'ENTRY_STATUS_SUCCEEDED') {
      throw new ProtocolError(`the engine resolved the approval '${name}' at position ${position} as ${entry?.status ?? 'nothing'}`);
    }
    return decisionFromJournal(entry.result);
  }

  /** The current time in milliseconds since the epoch, journaled: a replay sees the same value. */
  now(): Promise<number> {
    return this.step('aether.now', async () => Date.now());
  }

  /** A random number in [0, 1), journaled. */
  random(): Promise<number> {
    return this.step('aether.random', async () => Math.random());
  }

  /** A random UUID, journaled. */
  uuid(): Promise<string> {
    return this.step('aether.uuid', async () => randomUUID());
  }
}
