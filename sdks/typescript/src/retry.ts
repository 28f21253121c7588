/**
 * Client-side retries of calls that failed for a reason that may pass: the server is down,
 * restarting, or lost a race. Durable retries of user steps are the engine's, not these.
 */

import * as grpc from '@grpc/grpc-js';

/** Whether a failed call may succeed if repeated: the server is down or restarting. */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === grpc.status.UNAVAILABLE ||
    code === grpc.status.UNKNOWN ||
    code === grpc.status.ABORTED ||
    code === grpc.status.CANCELLED ||
    code === grpc.status.DEADLINE_EXCEEDED
  );
}

export const sleep = (ms: number): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, ms));

const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 2000;

/** Delays that double from 50 ms up to 2 s: every reconnecting loop of the SDK uses this one. */
export class Backoff {
  private delay = FIRST_DELAY_MS;

  /** Waits the current delay, then doubles it. */
  async wait(): Promise<void> {
    await sleep(this.delay);
    this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
  }

  /** Starts over from the first delay, after a success. */
  reset(): void {
    this.delay = FIRST_DELAY_MS;
  }
}

/** Repeats a call while it fails transiently, backing off up to 2 s apart, for up to 10 min. */
export async function withRetry<T>(call: () => Promise<T>, giveUpAfterMs = 600_000): Promise<T> {
  const started = Date.now();
  // Made at the first failure: most calls succeed at once, and every report of a worker comes
  // through here.
  let backoff: Backoff | undefined;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error) || Date.now() - started > giveUpAfterMs) {
        throw error;
      }
      backoff ??= new Backoff();
      await backoff.wait();
    }
  }
}
