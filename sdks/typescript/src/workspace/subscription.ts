/**
 * A live subscription to a bus topic over the server's `Subscribe` stream: a queue the stream
 * fills and one reader drains, `ready` once the server has subscribed, and an end on close,
 * abort or failure. It does not reconnect: a broken stream ends the iteration with its error.
 */

import type * as grpc from '@grpc/grpc-js';

import { toWorkspaceError } from '../errors.js';
import type { BusMessage__Output } from '../generated/aether/v1/BusMessage.js';
import type { BusMessage, Subscription } from './types.js';
import { toBusMessage } from './wire.js';

/** A subscription over a server stream: a queue the stream fills and one reader drains. */
export function subscription<T>(stream: grpc.ClientReadableStream<BusMessage__Output>, onEnd: () => void): Subscription<T> {
  const queue: BusMessage<T>[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  let closing = false;
  let failure: Error | null = null;
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  // Callers need not await `ready`: a failure also reaches the iteration.
  ready.catch(() => undefined);

  const finish = (error: Error | null) => {
    if (ended) return;
    ended = true;
    failure = error;
    if (error) failReady(error);
    else markReady();
    onEnd();
    const waiting = wake;
    wake = null;
    waiting?.();
  };

  function close(): void {
    if (ended) return;
    closing = true;
    queue.length = 0;
    stream.cancel();
    finish(null);
  }

  // The server sends its headers once it has subscribed.
  stream.on('metadata', () => markReady());
  stream.on('data', (wire: BusMessage__Output) => {
    if (ended) return;
    let message: BusMessage<T>;
    try {
      message = toBusMessage<T>(wire);
    } catch (error) {
      // A message that cannot be read ends the subscription with that error.
      finish(error as Error);
      closing = true;
      stream.cancel();
      return;
    }
    queue.push(message);
    const waiting = wake;
    wake = null;
    waiting?.();
  });
  stream.on('error', (error: unknown) => finish(closing ? null : toWorkspaceError(error)));
  stream.on('end', () => finish(null));

  async function* messages(): AsyncGenerator<BusMessage<T>, void, undefined> {
    try {
      for (;;) {
        const next = queue.shift();
        if (next !== undefined) {
          yield next;
        } else if (ended) {
          if (failure) throw failure;
          return;
        } else {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      }
    } finally {
      close();
    }
  }
  const iterator = messages();

  return {
    ready,
    close,
    [Symbol.asyncIterator]: () => iterator,
  };
}

/** The workspace client of a connection, and how to end its live subscriptions. */
