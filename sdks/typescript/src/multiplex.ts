/**
 * Requests multiplexed on one bidirectional stream, each matched to its reply by id: the
 * worker's command stream (`commands.ts`) and the client's stream of starts (`Starts`). A message
 * on an open stream costs far less than a unary call, which opens an HTTP/2 stream of its own.
 *
 * The stream opens on first use and again after it breaks; requests caught by a break fail as
 * UNAVAILABLE, and a request refused by the server fails as the unary call would have (its
 * `CommandError` becomes an error with that gRPC code).
 */

import * as grpc from '@grpc/grpc-js';

import type { CommandError__Output } from './generated/aether/v1/CommandError.js';

/** What every multiplexed reply has: its request's id, and an error when it was refused. */
export interface MultiplexedReply {
  id: number;
  reply?: string;
  error?: CommandError__Output | null;
}

interface Waiting<Reply> {
  accept: (reply: Reply) => void;
  reject: (error: Error) => void;
  /** When the request was written (performance.now()). */
  sentAt: number;
}

/** How often a stream's oldest unanswered request is checked against the reply timeout. One
 * check per stream instead of a timer per request, which cost a worker more than the rest of a
 * command's bookkeeping. */
const REPLY_CHECK_MS = 1_000;

function unavailable(message: string): Error {
  return Object.assign(new Error(message), { code: grpc.status.UNAVAILABLE });
}

export class Multiplexed<Req, Reply extends MultiplexedReply> {
  private stream: grpc.ClientDuplexStream<Req, Reply> | null = null;
  private pending = new Map<number, Waiting<Reply>>();
  private nextId = 1;
  /** Ends the reply check of the open stream. */
  private stopCheck: (() => void) | null = null;

  /**
   * @param openStream opens the bidirectional call
   * @param replyTimeoutMs a reply slower than this means the stream died unnoticed: the request
   *   fails with DEADLINE_EXCEEDED and the stream is dropped
   * @param name the stream, for messages ("the command stream")
   * @param closeWhenIdle end the stream once no request waits on it. An open call keeps Node's
   *   process alive, so a client that a script forgets to close must not hold one between its
   *   calls. Requests sent back to back (the next sent as the last reply is handled) keep it.
   */
  constructor(
    private readonly openStream: () => grpc.ClientDuplexStream<Req, Reply>,
    private readonly replyTimeoutMs: number,
    private readonly name: string,
    private readonly closeWhenIdle = false,
  ) {}

  /** Requests sent on the open stream and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Writes `message(id)` and resolves with `answer(reply)` for its reply; an `answer` that throws
   * rejects the call. (The answer is taken in the reply's own callback rather than in a `then`,
   * which would cost every request another promise.)
   */
  send<T>(message: (id: number) => Req, answer: (reply: Reply) => T): Promise<T> {
    const stream = this.open();
    const pending = this.pending;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, {
        accept: (reply) => {
          try {
            resolve(answer(reply));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
        reject,
        sentAt: performance.now(),
      });
      stream.write(message(id));
    });
  }

  close(): void {
    const stream = this.stream;
    this.stream = null;
    this.stopCheck?.();
    this.stopCheck = null;
    stream?.end();
    this.fail(this.pending, unavailable(`${this.name} was closed`));
  }

  private open(): grpc.ClientDuplexStream<Req, Reply> {
    if (this.stream) {
      return this.stream;
    }
    const stream = this.openStream();
    // Each stream has its own waiting requests, so a break fails exactly the requests sent on it.
    const pending = new Map<number, Waiting<Reply>>();
    this.pending = pending;
    stream.on('data', (reply: Reply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.reply === 'error' && reply.error) {
        waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      } else {
        waiting.accept(reply);
      }
      // Checked after the callers' continuations, which run first and may send again.
      if (this.closeWhenIdle && pending.size === 0) setImmediate(endIfIdle);
    });
    // A Map iterates in insertion order, which is the order of sentAt: the check stops at the
    // first request still in time.
    const check = setInterval(() => {
      const expired = performance.now() - this.replyTimeoutMs;
      let late = false;
      for (const [id, waiting] of pending) {
        if (waiting.sentAt > expired) break;
        pending.delete(id);
        waiting.reject(Object.assign(new Error(`no reply on ${this.name}`), { code: grpc.status.DEADLINE_EXCEEDED }));
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
    const endIfIdle = () => {
      if (this.stream !== stream || pending.size > 0) return;
      this.stream = null;
      stopCheck();
      if (this.stopCheck === stopCheck) this.stopCheck = null;
      stream.end();
    };
    const broken = (message: string) => {
      clearInterval(check);
      if (this.stopCheck === stopCheck) this.stopCheck = null;
      if (this.stream === stream) this.stream = null;
      this.fail(pending, unavailable(message));
    };
    stream.on('error', (error: Error) => broken(`${this.name} broke: ${error.message}`));
    stream.on('end', () => broken(`${this.name} ended`));
    this.stream = stream;
    return stream;
  }

  private fail(pending: Map<number, Waiting<Reply>>, error: Error): void {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  }
}
