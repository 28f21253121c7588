/**
 * The worker's command stream: every report to the engine as a message on one bidirectional
 * stream, matched to its reply by id — far cheaper than a call each. The stream opens on first
 * use and again after it breaks; calls caught by a break fail as UNAVAILABLE, which callers
 * retry (every command is idempotent).
 */

import * as grpc from '@grpc/grpc-js';

export type CommandKind = 'completeStep' | 'scheduleTimer' | 'startChild' | 'suspendTask' | 'completeWorkflow';

interface Reply {
  id: number;
  reply?: 'completeStep' | 'command' | 'startChild' | 'error';
  completeStep?: unknown;
  command?: unknown;
  startChild?: unknown;
  error?: { code: number; message: string } | null;
}

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A reply slower than this means the stream died unnoticed: give up on it and retry. */
const REPLY_TIMEOUT_MS = 15_000;

function unavailable(message: string): Error {
  return Object.assign(new Error(message), { code: grpc.status.UNAVAILABLE });
}

export class CommandChannel {
  private stream: grpc.ClientDuplexStream<object, Reply> | null = null;
  private pending = new Map<number, Waiting>();
  private nextId = 1;

  constructor(private readonly client: grpc.Client) {}

  call<R>(kind: CommandKind, request: object): Promise<R> {
    const stream = this.open();
    const pending = this.pending;
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (pending.delete(id)) {
          if (this.stream === stream) {
            this.stream = null;
            stream.cancel();
          }
          reject(Object.assign(new Error('no reply on the command stream'), { code: grpc.status.DEADLINE_EXCEEDED }));
        }
      }, REPLY_TIMEOUT_MS);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as R);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      stream.write({ id, [kind]: request });
    });
  }

  close(): void {
    const stream = this.stream;
    this.stream = null;
    stream?.end();
    this.fail(this.pending, unavailable('the command stream was closed'));
  }

  private open(): grpc.ClientDuplexStream<object, Reply> {
    if (this.stream) {
      return this.stream;
    }
    const stream = (this.client as unknown as { commands(): grpc.ClientDuplexStream<object, Reply> }).commands();
    // Each stream has its own waiting calls, so a break fails exactly the calls sent on it.
    const pending = new Map<number, Waiting>();
    this.pending = pending;
    stream.on('data', (reply: Reply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.reply === 'error' && reply.error) {
        waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      } else if (reply.reply) {
        waiting.resolve(reply[reply.reply]);
      } else {
        waiting.reject(new Error('the engine sent an empty reply'));
      }
    });
    const broken = (message: string) => {
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
