/**
 * One run of a workflow function on this worker: the journal it replays, the positions it waits
 * on, and the driver that reports its end or suspends it.
 *
 * A suspended execution stays in memory (sticky): when the engine sends the workflow back to this
 * worker, its waiting operations resolve from the new journal and the function continues. When
 * that is not possible the function is replayed from the start against the journal.
 */

import { toWireFailure } from './codec.js';
import type { CommandChannel, CommandKind, CommandReplyOf, CommandRequestOf } from './commands.js';
import { NonDeterminismError, toFailure } from './errors.js';
import type { CompleteWorkflowRequest } from './generated/aether/v1/CompleteWorkflowRequest.js';
import type { JournalEntry__Output } from './generated/aether/v1/JournalEntry.js';
import type { Task__Output } from './generated/aether/v1/Task.js';
import type { HeartbeatThrottle } from './heartbeat.js';
import { withRetry } from './retry.js';

export type StopReason = { kind: 'engine'; reason: string } | { kind: 'nonDeterminism'; message: string };

/** Raised inside ops when the execution has stopped: the workflow code must not go on. */
const never = <T>(): Promise<T> => new Promise<T>(() => {});

function describe(kind: JournalEntry__Output['kind'], name: string): string {
  switch (kind) {
    case 'ENTRY_KIND_TIMER':
      return `timer '${name}'`;
    case 'ENTRY_KIND_CHILD':
      return `child workflow '${name}'`;
    case 'ENTRY_KIND_SIGNAL':
      return `signal wait '${name}'`;
    case 'ENTRY_KIND_APPROVAL':
      return `approval '${name}'`;
    case 'ENTRY_KIND_WORKSPACE':
      return `workspace call '${name}'`;
    default:
      return `step '${name}'`;
  }
}

export function isResolved(entry: JournalEntry__Output | undefined): boolean {
  return entry !== undefined && entry.status !== 'ENTRY_STATUS_WAITING' && entry.status !== 'ENTRY_STATUS_UNSPECIFIED';
}

export class Execution {
  token: string;
  journal = new Map<number, JournalEntry__Output>();
  private nextPosition = 0;
  private running = 0;
  private readonly waits = new Map<number, () => void>();
  stop: StopReason | null = null;
  private wakeUp: (() => void) | null = null;
  /** A wake-up that came while nobody waited for one. */
  private woken = false;
  /** Aborted when the execution stops; made on first use of {@link signal}, since building an
   * AbortSignal costs more than most workflows' other bookkeeping and few step functions look. */
  private abort: AbortController | null = null;
  /** The attempt running outside AsyncLocalStorage, if any (see `attempts.ts`). */
  untrackedAttempt: HeartbeatThrottle | null = null;

  constructor(
    readonly workflowId: string,
    readonly commands: CommandChannel,
    task: Task__Output,
  ) {
    this.token = task.taskToken;
    this.take(task);
  }

  private take(task: Task__Output): void {
    this.token = task.taskToken;
    this.journal = new Map(task.journal.map((entry) => [entry.position, entry]));
  }

  /** The next journal position; taken when an operation is created, in code order. */
  position(): number {
    return this.nextPosition++;
  }

  /** The journal's entry at `position`, checked against what the code now asks for there. */
  expect(position: number, kind: JournalEntry__Output['kind'], name: string): JournalEntry__Output | undefined {
    const entry = this.journal.get(position);
    if (entry && (entry.kind !== kind || entry.name !== name)) {
      const message =
        `non-deterministic workflow: at position ${position} the journal holds ` +
        `${describe(entry.kind, entry.name)} but the code now calls ${describe(kind, name)}`;
      this.halt({ kind: 'nonDeterminism', message });
      throw new NonDeterminismError(message);
    }
    return entry;
  }

  /** Aborted when the execution stops, so that step functions can give up early. */
  get signal(): AbortSignal {
    if (!this.abort) {
      this.abort = new AbortController();
      if (this.stop) this.abort.abort();
    }
    return this.abort.signal;
  }

  halt(stop: StopReason): void {
    if (!this.stop) {
      this.stop = stop;
      this.abort?.abort();
    }
    this.wake();
  }

  /** Runs `work` as in-flight, so that the driver does not suspend meanwhile. */
  async inFlight<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      // The driver only needs to look when the execution may have become idle: nothing in
      // flight and something waited on. (A wait registered later wakes it itself.) Waking it
      // after every operation cost a turn of the event loop and a Promise.race each.
      if (this.running === 0 && this.waits.size > 0) this.wake();
    }
  }

  /** Resolves once a later task resolves `position` (never, if the execution stops). */
  waitFor(position: number): Promise<void> {
    if (isResolved(this.journal.get(position))) {
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.waits.set(position, resolve);
      this.wake();
    });
  }

  /** Notes that the engine scheduled another attempt of the step at `position`. */
  markWaiting(position: number, name: string, attempt: number): void {
    this.journal.set(position, {
      position,
      name,
      kind: 'ENTRY_KIND_STEP',
      status: 'ENTRY_STATUS_WAITING',
      result: Buffer.alloc(0),
      failure: null,
      attempt,
      childWorkflowId: '',
    });
  }

  isIdle(): boolean {
    return this.running === 0 && this.waits.size > 0;
  }

  /** Resolves at the next change that may make the execution idle or stopped, after the
   * workflow code has run everything it could (the microtask queue drained). */
  changed(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.woken) {
        this.woken = false;
        setImmediate(resolve);
      } else {
        this.wakeUp = resolve;
      }
    });
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    if (wakeUp) {
      this.wakeUp = null;
      setImmediate(wakeUp);
    } else {
      this.woken = true;
    }
  }

  /** Takes a later task of this workflow; false if it resolved nothing this execution waits on. */
  resume(task: Task__Output): boolean {
    this.take(task);
    let resolved = false;
    for (const [position, resolve] of [...this.waits]) {
      if (isResolved(this.journal.get(position))) {
        this.waits.delete(position);
        resolve();
        resolved = true;
      }
    }
    return resolved;
  }

  /** A call to the engine with the current token, retried through restarts; STOP halts. */
  async command<K extends CommandKind>(
    kind: K,
    request: Omit<CommandRequestOf<K>, 'taskToken'>,
  ): Promise<CommandReplyOf<K>> {
    const response = await withRetry(() => this.commands.call(kind, { ...request, taskToken: this.token }));
    if (response.directive === 'DIRECTIVE_STOP') {
      this.halt({ kind: 'engine', reason: response.stopReason });
      return never<CommandReplyOf<K>>();
    }
    return response;
  }

  /** An operation that must not proceed because the execution stopped. */
  checkStopped(): Promise<never> | null {
    return this.stop ? never<never>() : null;
  }
}

export type Handler = (ctx: unknown, input: Buffer, execution: Execution) => Promise<Buffer>;

/** How long a suspended execution waits in memory for its workflow to come back. */
const STICKY_TTL_MS = 120_000;

export interface DriverHooks {
  /** The token held, or null while suspended. */
  setHeld(token: string | null): void;
  /** Resolves with the next task for this workflow, or null after `ttlMs`. */
  nextTask(ttlMs: number): Promise<Task__Output | null>;
  /** Whether the worker asked this execution to stop (cancellation, shutdown). */
  cancelled(): boolean;
}

/** Runs a workflow from its first task until it ends, stops, or stays suspended too long. */
export async function drive(
  handler: Handler,
  commands: CommandChannel,
  first: Task__Output,
  hooks: DriverHooks,
  makeContext: (execution: Execution) => unknown,
): Promise<void> {
  let task = first;
  for (;;) {
    const execution = new Execution(task.workflowId, commands, task);
    const outcome = handler(makeContext(execution), task.input, execution).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    let replay: Task__Output | null = null;
    while (!replay) {
      const event = await Promise.race([outcome, execution.changed().then(() => null)]);
      if (hooks.cancelled()) {
        execution.halt({ kind: 'engine', reason: 'STOP_REASON_CANCELLED' });
        return;
      }
      if (event) {
        await finish(execution, event.ok ? { ok: true, result: event.result } : { ok: false, error: event.error });
        return;
      }
      if (execution.stop) {
        await finish(execution, null);
        return;
      }
      if (!execution.isIdle()) {
        continue;
      }
      // Cleared before the call, so a task sent back to us meanwhile is handed to this driver.
      hooks.setHeld(null);
      const suspended = await execution
        .command('suspendTask', {})
        .then(() => true)
        .catch(() => false);
      if (!suspended || execution.stop) {
        return;
      }
      const next = await hooks.nextTask(STICKY_TTL_MS);
      if (!next) {
        return;
      }
      if (!execution.resume(next)) {
        replay = next;
      }
    }
    task = replay;
  }
}

async function finish(
  execution: Execution,
  outcome: { ok: true; result: Buffer } | { ok: false; error: unknown } | null,
): Promise<void> {
  let request: Omit<CompleteWorkflowRequest, 'taskToken'>;
  if (execution.stop?.kind === 'nonDeterminism') {
    request = {
      failure: toWireFailure({ message: execution.stop.message, type: 'NonDeterminismError', nonRetryable: true }),
    };
  } else if (execution.stop || !outcome) {
    return;
  } else if (outcome.ok) {
    request = { result: outcome.result };
  } else {
    request = { failure: toWireFailure(toFailure(outcome.error)) };
  }
  try {
    await execution.command('completeWorkflow', request);
  } catch (error) {
    console.error(`[aether] could not report the end of workflow ${execution.workflowId}:`, error);
  }
}
