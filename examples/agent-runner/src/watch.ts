// What a starter does while its workflow runs: shows each approval the workflow asks for, and
// waits for the result, riding out restarts of the server. The engine keeps the workflow (and
// its approval) through a restart, the worker reconnects by itself, and the SDK's wait for the
// result is made again when a restart cuts it off; a listing cut off by one is skipped.

/** What the watch shows of an approval (the SDK's `Approval` has these and more). */
export interface PendingApproval {
  id: string;
  reason: string;
  detail: string;
}

/** gRPC's UNAVAILABLE: the server is down or restarting. */
const UNAVAILABLE = 14;

const unavailable = (error: unknown) => (error as { code?: unknown } | null)?.code === UNAVAILABLE;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `show` once for each approval as it appears among the pending ones, until `stop` is
 * aborted. A listing that fails for any other reason than a restart ends
 * the watch (the workflow goes on).
 */
async function watchApprovals<A extends PendingApproval>(
  pendingApprovals: () => Promise<A[]>,
  show: (approval: A) => void,
  stop: AbortSignal,
): Promise<void> {
  const seen = new Set<string>();
  while (!stop.aborted) {
    let pending: A[] = [];
    try {
      pending = await pendingApprovals();
    } catch (error) {
      if (!unavailable(error)) {
        console.error('Cannot list the approvals (the workflow goes on):', error);
        return;
      }
    }
    for (const approval of pending.filter((a) => !seen.has(a.id))) {
      seen.add(approval.id);
      show(approval);
    }
    await pause(250);
  }
}

/**
 * Waits for `result()` (the workflow's), calling `show` once for each approval that
 * `pendingApprovals()` (the workflow's pending ones) lists meanwhile.
 */
export async function waitShowingApprovals<R, A extends PendingApproval>(
  result: () => Promise<R>,
  pendingApprovals: () => Promise<A[]>,
  show: (approval: A) => void,
): Promise<R> {
  const stop = new AbortController();
  const watching = watchApprovals(pendingApprovals, show, stop.signal);
  try {
    return await result();
  } finally {
    stop.abort();
    await watching;
  }
}
