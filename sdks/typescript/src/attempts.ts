/**
 * Which activity attempt `ctx.heartbeat()` speaks for.
 *
 * AsyncLocalStorage answers that for any async context, but on the Node versions this SDK
 * supports before 24 its first use installs promise hooks that tax every promise of the process
 * from then on: about a seventh of a worker's CPU per workflow in `bench/`, for workflows that
 * never heartbeat. So it is used only where it is needed:
 *
 * - An execution usually runs one attempt at a time. That attempt runs untracked, and a
 *   heartbeat from that execution with no tracked attempt in its context is its.
 * - An attempt that starts while another of its execution runs untracked (`ctx.parallel`,
 *   `Promise.all` of steps) runs inside AsyncLocalStorage, so that each keeps its own.
 * - Once the process has seen one heartbeat, every later attempt is tracked, as if this module
 *   did not exist: a heartbeat from outside any attempt (workflow code, a callback a finished
 *   step left behind) then reaches nobody, as documented. Before that, such a call made while an
 *   untracked attempt of the same execution runs would count as that attempt's.
 */

import { AsyncLocalStorage } from 'node:async_hooks';

import type { HeartbeatThrottle } from './heartbeat.js';

const tracked = new AsyncLocalStorage<HeartbeatThrottle>();

/** Whether a heartbeat was ever sent from this process. */
let heartbeatsSeen = false;

/** The execution's state this module keeps: its one untracked attempt. */
export interface AttemptHolder {
  untrackedAttempt: HeartbeatThrottle | null;
}

/** Runs an attempt's function so that {@link currentAttempt} finds `throttle` inside it. */
export async function runAttempt<T>(
  holder: AttemptHolder,
  throttle: HeartbeatThrottle,
  fn: () => Promise<T>,
): Promise<T> {
  if (heartbeatsSeen || holder.untrackedAttempt !== null) {
    return tracked.run(throttle, fn);
  }
  holder.untrackedAttempt = throttle;
  try {
    return await fn();
  } finally {
    holder.untrackedAttempt = null;
  }
}

/** The attempt a heartbeat from the current context of this execution belongs to, if any. */
export function currentAttempt(holder: AttemptHolder): HeartbeatThrottle | undefined {
  heartbeatsSeen = true;
  return tracked.getStore() ?? holder.untrackedAttempt ?? undefined;
}
