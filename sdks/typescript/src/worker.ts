/**
 * The worker: registers workflow types, keeps a task stream open (reconnecting with backoff when
 * the server goes away), heartbeats, and runs each task's execution.
 */

import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

import type * as grpc from '@grpc/grpc-js';

import { decode, encode } from './codec.js';
import { CommandChannel } from './commands.js';
import { WorkflowContext } from './context.js';
import { type Execution, type Handler, drive } from './execution.js';
import type { Task__Output } from './generated/aether/v1/Task.js';
import type { WorkerMessage__Output } from './generated/aether/v1/WorkerMessage.js';
import { Backoff } from './retry.js';
import { type Connection, unary } from './transport.js';
import type { AnyWorkflow } from './client.js';

interface Running {
  held: string | null;
  cancelled: boolean;
  /** The execution in progress, halted on cancellation. */
  execution: Execution | null;
  /** Hands a later task to a suspended execution. */
  deliver: ((task: Task__Output | null) => void) | null;
  pending: Task__Output[];
}

export interface WorkerOptions {
  workerId?: string;
  /** Workflow tasks run at once (default 100). */
  capacity?: number;
}

function handlerOf(workflow: AnyWorkflow): Handler {
  return async (ctx, input) => {
    const args = decode<unknown>(input);
    const list: unknown[] = Array.isArray(args) ? (args as unknown[]) : args === undefined || args === null ? [] : [args];
    const result: unknown = await workflow.fn(ctx as WorkflowContext, ...list);
    return encode(result);
  };
}

export class Worker {
  readonly workerId: string;
  private readonly capacity: number;
  private readonly handlers = new Map<string, Handler>();
  private readonly running = new Map<string, Running>();
  private stopped = false;
  private stream: grpc.ClientReadableStream<WorkerMessage__Output> | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private heartbeatMs = 3000;
  private loop: Promise<void> | null = null;
  private readonly commands: CommandChannel;

  constructor(
    private readonly connection: Connection,
    workflows: ReadonlyArray<AnyWorkflow>,
    options: WorkerOptions = {},
  ) {
    this.workerId = options.workerId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.capacity = options.capacity ?? 100;
    this.commands = new CommandChannel(connection.worker);
    for (const workflow of workflows) {
      this.handlers.set(workflow.name, handlerOf(workflow));
    }
  }

  /** Registers and starts polling; resolves once the first registration succeeded. */
  async start(): Promise<void> {
    await this.register();
    this.loop = this.pollForever();
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
  }

  /** Stops polling; running executions are abandoned and re-dispatched by the engine. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.heartbeatTimer) {
      clearInterval(this.heartbeatTimer);
    }
    this.stream?.cancel();
    for (const running of this.running.values()) {
      this.cancel(running);
    }
    this.commands.close();
    await this.loop?.catch(() => {});
  }

  private async register(): Promise<void> {
    const held = [...this.running.values()].flatMap((r) => (r.held ? [r.held] : []));
    const response = await unary(this.connection.worker, 'register', {
      workerId: this.workerId,
      workflowTypes: [...this.handlers.keys()],
      capacity: this.capacity,
      heldTaskTokens: held,
    });
    const interval = Math.max(50, response.heartbeatIntervalMs || 3000);
    if (interval !== this.heartbeatMs && this.heartbeatTimer) {
      clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = setInterval(() => void this.heartbeat(), interval);
    }
    this.heartbeatMs = interval;
  }

  private async heartbeat(): Promise<void> {
    try {
      const response = await unary(this.connection.worker, 'heartbeat', { workerId: this.workerId });
      if (!response.known) {
        // The engine forgot us (it restarted): end the stream so that the loop re-registers.
        this.stream?.cancel();
      }
    } catch {
      // The stream's own failure drives reconnection.
    }
  }

  private async pollForever(): Promise<void> {
    const backoff = new Backoff();
    let first = true;
    while (!this.stopped) {
      try {
        if (!first) {
          await this.register();
        }
        first = false;
        await this.poll();
        backoff.reset();
      } catch {
        // Server unavailable or restarting: try again shortly.
      }
      if (this.stopped) {
        break;
      }
      await backoff.wait();
    }
  }

  /** One task stream, until it ends or fails. */
  private poll(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const stream = this.connection.worker.pollTasks({ workerId: this.workerId });
      this.stream = stream;
      stream.on('data', (message: WorkerMessage__Output) => this.handle(message));
      stream.on('error', (error) => {
        this.stream = null;
        reject(error);
      });
      stream.on('end', () => {
        this.stream = null;
        resolve();
      });
    });
  }

  private handle(message: WorkerMessage__Output): void {
    if (message.task) {
      this.startOrResume(message.task);
    } else if (message.cancel) {
      const running = this.running.get(message.cancel.workflowId);
      if (running) {
        this.cancel(running);
        this.running.delete(message.cancel.workflowId);
      }
    }
  }

  /** Stops an execution: its step functions see their signal aborted, and nothing it does
   * afterwards reaches the engine. */
  private cancel(running: Running): void {
    running.cancelled = true;
    running.execution?.halt({ kind: 'engine', reason: 'STOP_REASON_CANCELLED' });
    running.deliver?.(null);
  }

  private startOrResume(task: Task__Output): void {
    const existing = this.running.get(task.workflowId);
    if (existing && existing.held === null && !existing.cancelled) {
      existing.held = task.taskToken;
      if (existing.deliver) {
        const deliver = existing.deliver;
        existing.deliver = null;
        deliver(task);
      } else {
        existing.pending.push(task);
      }
      return;
    }
    if (existing) {
      // Still running here: the engine gave the workflow up on us and sends it afresh.
      this.cancel(existing);
    }
    const handler = this.handlers.get(task.workflowType);
    if (!handler) {
      console.error(`[aether] received a task for workflow type ${task.workflowType}, which this worker does not serve`);
      return;
    }
    const running: Running = { held: task.taskToken, cancelled: false, execution: null, deliver: null, pending: [] };
    this.running.set(task.workflowId, running);
    void drive(
      handler,
      this.commands,
      task,
      {
        setHeld: (token) => {
          running.held = token;
        },
        nextTask: (ttlMs) =>
          new Promise<Task__Output | null>((resolve) => {
            const queued = running.pending.shift();
            if (queued) {
              resolve(queued);
              return;
            }
            const timer = setTimeout(() => {
              running.deliver = null;
              resolve(null);
            }, ttlMs);
            timer.unref();
            running.deliver = (next) => {
              clearTimeout(timer);
              resolve(next);
            };
          }),
        cancelled: () => running.cancelled,
      },
      (execution: Execution) => {
        running.execution = execution;
        return new WorkflowContext(execution);
      },
    ).finally(() => {
      if (this.running.get(task.workflowId) === running) {
        this.running.delete(task.workflowId);
      }
    });
  }
}
