/**
 * Requests multiplexed on one bidirectional stream, each matched to its reply by id: the
 * worker's commands (`commands.ts`) and the client's starts (`starts.ts`). A message on an open
 * stream costs far less than a unary call, which opens an HTTP/2 stream of its own; and since
 * grpc-js costs more per message than per byte, the requests made in one turn of the event loop
 * go out together as one message (`CommandBatch`, `StartsBatch`), and the server answers with
 * every reply it has ready in one message.
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

/** The bidirectional call of a multiplexed stream and how its messages carry requests and
 * replies. */
export interface BatchedCall<Req, Reply, Batch, ReplyBatch> {
  open: () => grpc.ClientDuplexStream<Batch, ReplyBatch>;
  /** The message that carries `requests`. */
  pack: (requests: Req[]) => Batch;
  /** The replies a message carries. */
  unpack: (message: ReplyBatch) => Reply[];
}

export class Multiplexed<Req, Reply extends MultiplexedReply, Batch, ReplyBatch> {
  private stream: grpc.ClientDuplexStream<Batch, ReplyBatch> | null = null;
  private pending = new Map<number, Waiting<Reply>>();
  private nextId = 1;
  /** Ends the reply check of the open stream. */
  private stopCheck: (() => void) | null = null;
  /** Requests made in this turn of the event loop, sent together at its end. */
  private outbox: Req[] = [];

  /**
   * @param call the bidirectional call and its messages
   * @param replyTimeoutMs a reply slower than this means the stream died unnoticed: the request
   *   fails with DEADLINE_EXCEEDED and the stream is dropped
   * @param name the stream, for messages ("the command stream")
   * @param closeWhenIdle end the stream once no request waits on it. An open call keeps Node's
   *   process alive, so a client that a script forgets to close must not hold one between its
   *   calls. Requests sent back to back (the next sent as the last reply is handled) keep it.
   */
  constructor(
    private readonly call: BatchedCall<Req, Reply, Batch, ReplyBatch>,
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
      const outbox = this.outbox;
      outbox.push(message(id));
      // Sent once the code this turn runs has made all its requests: under load one turn
      // handles a batch of replies, and each handler's next request joins the same message.
      if (outbox.length === 1) setImmediate(() => this.flush(stream, outbox));
    });
  }

  /** Sends `outbox` on `stream`, unless a break or a close failed its requests meanwhile. */
  private flush(stream: grpc.ClientDuplexStream<Batch, ReplyBatch>, outbox: Req[]): void {
    if (this.outbox === outbox) this.outbox = [];
    if (this.stream === stream) stream.write(this.call.pack(outbox));
  }

  close(): void {
    const stream = this.stream;
    this.stream = null;
    this.stopCheck?.();
    this.stopCheck = null;
    stream?.end();
    this.fail(this.pending, unavailable(`${this.name} was closed`));
  }

  private open(): grpc.ClientDuplexStream<Batch, ReplyBatch> {
    if (this.stream) {
      return this.stream;
    }
    const stream = this.call.open();
    // Each stream has its own waiting requests and its own outbox, so a break fails exactly the
    // requests made for it.
    const pending = new Map<number, Waiting<Reply>>();
    this.pending = pending;
    this.outbox = [];
    stream.on('data', (message: ReplyBatch) => {
      for (const reply of this.call.unpack(message)) {
        const waiting = pending.get(reply.id);
        if (!waiting) continue;
        pending.delete(reply.id);
        if (reply.reply === 'error' && reply.error) {
          waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
        } else {
          waiting.accept(reply);
        }
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
