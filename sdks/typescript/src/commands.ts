/**
 * The worker's command stream: every report to the engine as a message on one bidirectional
 * stream, matched to its reply by id — far cheaper than a call each. The stream opens on first
 * use and again after it breaks; calls caught by a break fail as UNAVAILABLE, which callers
 * retry (every command is idempotent).
 */

import * as grpc from '@grpc/grpc-js';

import { ProtocolError } from './errors.js';
import type { CommandReply__Output } from './generated/aether/v1/CommandReply.js';
import type { CommandRequest } from './generated/aether/v1/CommandRequest.js';
import type { WorkerServiceClient } from './generated/aether/v1/WorkerService.js';

/** A command, by its field in `CommandRequest`. */
export type CommandKind = NonNullable<CommandRequest['command']>;

/** Which field of `CommandReply` answers each command. */
const REPLY_FIELD = {
  completeStep: 'completeStep',
  scheduleTimer: 'command',
  startChild: 'startChild',
  suspendTask: 'command',
  completeWorkflow: 'command',
  waitForSignal: 'waitForSignal',
  requestApproval: 'approvalWait',
  waitForApproval: 'approvalWait',
  workspaceActivity: 'workspaceActivity',
  startActivity: 'command',
  recordHeartbeat: 'command',
} as const satisfies Record<CommandKind, NonNullable<CommandReply__Output['reply']>>;

export type CommandRequestOf<K extends CommandKind> = NonNullable<CommandRequest[K]>;
export type CommandReplyOf<K extends CommandKind> = NonNullable<CommandReply__Output[(typeof REPLY_FIELD)[K]]>;

interface Waiting {
  resolve: (reply: CommandReply__Output) => void;
  reject: (error: Error) => void;
  /** When the command was written (performance.now()). */
  sentAt: number;
}

/** A reply slower than this means the stream died unnoticed: give up on it and retry. */
const REPLY_TIMEOUT_MS = 15_000;
/** How often a stream's oldest unanswered command is checked against REPLY_TIMEOUT_MS. One
 * check per stream instead of a timer per command, which cost a worker more than the rest of
 * the command's bookkeeping. */
const REPLY_CHECK_MS = 1_000;

function unavailable(message: string): Error {
  return Object.assign(new Error(message), { code: grpc.status.UNAVAILABLE });
}

type Stream = grpc.ClientDuplexStream<CommandRequest, CommandReply__Output>;

export class CommandChannel {
  private stream: Stream | null = null;
  private pending = new Map<number, Waiting>();
  private nextId = 1;
  /** Ends the reply check of the open stream. */
  private stopCheck: (() => void) | null = null;

  constructor(private readonly client: WorkerServiceClient) {}

  call<K extends CommandKind>(kind: K, request: CommandRequestOf<K>): Promise<CommandReplyOf<K>> {
    const stream = this.open();
    const pending = this.pending;
    const id = this.nextId++;
    const field = REPLY_FIELD[kind];
    return new Promise<CommandReplyOf<K>>((resolve, reject) => {
      pending.set(id, {
        resolve: (reply) => {
          const answer = reply[field];
          if (reply.reply === field && answer) {
            resolve(answer);
          } else {
            reject(new ProtocolError(`the engine answered ${kind} with ${reply.reply ?? 'an empty reply'}`));
          }
        },
        reject,
        sentAt: performance.now(),
      });
      const message: CommandRequest = { id };
      message[kind] = request;
      stream.write(message);
    });
  }

  close(): void {
    const stream = this.stream;
    this.stream = null;
    this.stopCheck?.();
    this.stopCheck = null;
    stream?.end();
    this.fail(this.pending, unavailable('the command stream was closed'));
  }

  private open(): Stream {
    if (this.stream) {
      return this.stream;
    }
    const stream = this.client.commands();
    // Each stream has its own waiting calls, so a break fails exactly the calls sent on it.
    const pending = new Map<number, Waiting>();
    this.pending = pending;
    stream.on('data', (reply: CommandReply__Output) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.reply === 'error' && reply.error) {
        waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      } else {
        waiting.resolve(reply);
      }
    });
    // A Map iterates in insertion order, which is the order of sentAt: the check stops at the
    // first command still in time.
    const check = setInterval(() => {
      const expired = performance.now() - REPLY_TIMEOUT_MS;
      let late = false;
      for (const [id, waiting] of pending) {
        if (waiting.sentAt > expired) break;
        pending.delete(id);
        waiting.reject(Object.assign(new Error('no reply on the command stream'), { code: grpc.status.DEADLINE_EXCEEDED }));
        late = true;
      }
      if (late && this.stream === stream) {
        this.stream = null;
        stream.cancel();
      }
    }, REPLY_CHECK_MS);
    check.unref();
    const stopCheck = () => clearInterval(check);
    this.stopCheck = stopCheck;
    const broken = (message: string) => {
      clearInterval(check);
      if (this.stopCheck === stopCheck) this.stopCheck = null;
      if (this.stream === stream) this.stream = null;
      this.fail(pending, unavailable(message));
    };
    stream.on('error', (error: Error) => broken(`the command stream broke: ${error.message}`));
    stream.on('end', () => broken('the command stream ended'));
    this.stream = stream;
    return stream;
  }

  private fail(pending: Map<number, Waiting>, error: Error): void {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  }
}
