// Original file: ../../proto/aether/v1/worker.proto

export const EntryStatus = {
  ENTRY_STATUS_UNSPECIFIED: 'ENTRY_STATUS_UNSPECIFIED',
  /**
   * The timer has not fired, the child has not finished, or a retry's backoff is running.
   */
  ENTRY_STATUS_WAITING: 'ENTRY_STATUS_WAITING',
  /**
   * Resolved with `result`.
   */
  ENTRY_STATUS_SUCCEEDED: 'ENTRY_STATUS_SUCCEEDED',
  /**
   * Resolved with `failure` (a step out of attempts, a failed or cancelled child).
   */
  ENTRY_STATUS_FAILED: 'ENTRY_STATUS_FAILED',
  /**
   * A step whose backoff elapsed: run attempt `attempt` now.
   */
  ENTRY_STATUS_RETRY_READY: 'ENTRY_STATUS_RETRY_READY',
  /**
   * The wait's timeout came first: a result the workflow code branches on, not an error.
   */
  ENTRY_STATUS_TIMED_OUT: 'ENTRY_STATUS_TIMED_OUT',
} as const;

export type EntryStatus =
  | 'ENTRY_STATUS_UNSPECIFIED'
  | 0
  /**
   * The timer has not fired, the child has not finished, or a retry's backoff is running.
   */
  | 'ENTRY_STATUS_WAITING'
  | 1
  /**
   * Resolved with `result`.
   */
  | 'ENTRY_STATUS_SUCCEEDED'
  | 2
  /**
   * Resolved with `failure` (a step out of attempts, a failed or cancelled child).
   */
  | 'ENTRY_STATUS_FAILED'
  | 3
  /**
   * A step whose backoff elapsed: run attempt `attempt` now.
   */
  | 'ENTRY_STATUS_RETRY_READY'
  | 4
  /**
   * The wait's timeout came first: a result the workflow code branches on, not an error.
   */
  | 'ENTRY_STATUS_TIMED_OUT'
  | 5

export type EntryStatus__Output = typeof EntryStatus[keyof typeof EntryStatus]
