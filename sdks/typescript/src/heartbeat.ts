/**
 * Heartbeats of a running activity attempt: `ctx.heartbeat(details)` reaches the engine,
 * throttled like Temporal's SDKs — at most one send per 0.8 × the heartbeat timeout, always with
 * the latest details — so that a function heartbeating in a tight loop costs one message per
 * interval. The engine keeps the details for the next attempt's `heartbeatDetails`, and shows
 * them in status for an activity with timeouts (the only kind status lists).
 */

import { encode } from './codec.js';

/** Throttle interval when the activity has no heartbeat timeout (details still reach the
 * engine, for the next attempt; status lists only activities with timeouts). */
const DEFAULT_INTERVAL_MS = 1_000;

export class HeartbeatThrottle {
  private lastSent: number | null = null;
  private pending: { details: unknown } | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** The last send under way: a flush waits for it, so that an older heartbeat never lands
   * after the details the flush sends. */
  private inFlight: Promise<void> = Promise.resolve();
  private readonly intervalMs: number;

  constructor(
    private readonly send: (details: Buffer | undefined) => Promise<void>,
    heartbeatTimeoutMs: number | undefined,
  ) {
    this.intervalMs = heartbeatTimeoutMs === undefined ? DEFAULT_INTERVAL_MS : heartbeatTimeoutMs * 0.8;
  }

  beat(details: unknown): void {
    const now = performance.now();
    const wait = this.lastSent === null ? 0 : this.lastSent + this.intervalMs - now;
    if (wait <= 0) {
      this.lastSent = now;
      this.pending = null;
      this.deliver(details);
      return;
    }
    this.pending = { details };
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        const latest = this.pending;
        this.pending = null;
        if (latest) {
          this.lastSent = performance.now();
          this.deliver(latest.details);
        }
      }, wait);
    }
  }

  /** The attempt failed: the details a throttled heartbeat still holds back are sent, and the
   * engine has them once this resolves (the failure records them for the next attempt). Nothing
   * more is sent afterwards. */
  async flush(): Promise<void> {
    const latest = this.pending;
    this.stop();
    await this.inFlight;
    if (latest) {
      const details = latest.details;
      await this.send(details === undefined ? undefined : encode(details)).catch((error: unknown) => {
        console.error('[aether] the last heartbeat was not delivered:', error);
      });
    }
  }

  /** The attempt ended: nothing more is sent for it. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private deliver(details: unknown): void {
    this.inFlight = this.send(details === undefined ? undefined : encode(details)).catch((error: unknown) => {
      // A lost heartbeat only matters if they all are: the engine's timeout then says so.
      console.error('[aether] a heartbeat was not delivered:', error);
    });
  }
}
