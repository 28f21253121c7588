/**
 * Durations as workflow code and callers write them (`{ minutes: 5 }` or milliseconds), turned
 * into the milliseconds the wire carries. Shared by timers, signal waits and approvals, so that a
 * timeout means the same everywhere.
 */

import { AetherError } from './errors.js';

export interface SleepDuration {
  seconds?: number;
  minutes?: number;
  hours?: number;
  milliseconds?: number;
}

export function toMillis(d: SleepDuration): number {
  return (
    (d.milliseconds ?? 0) + (d.seconds ?? 0) * 1000 + (d.minutes ?? 0) * 60_000 + (d.hours ?? 0) * 3_600_000
  );
}

/**
 * A timeout for the wire, where 0 means "none": absent stays 0, and anything else is at least
 * 1 ms, so that a timeout of 0 is the shortest the engine keeps rather than no timeout at all.
 * `what` names the timeout in the error a negative or non-finite one gets.
 */
export function wireTimeout(timeout: SleepDuration | number | undefined, what: string): number {
  if (timeout === undefined) return 0;
  const ms = typeof timeout === 'number' ? timeout : toMillis(timeout);
  if (!Number.isFinite(ms) || ms < 0) {
    throw new AetherError(`invalid ${what}: ${JSON.stringify(timeout)}`);
  }
  return Math.max(1, Math.ceil(ms));
}
