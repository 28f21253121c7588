// Original file: ../../proto/aether/v1/worker.proto

export const StopReason = {
  STOP_REASON_UNSPECIFIED: 'STOP_REASON_UNSPECIFIED',
  /**
   * The token is stale: the task was re-dispatched after its lease expired.
   */
  STOP_REASON_LEASE_LOST: 'STOP_REASON_LEASE_LOST',
  STOP_REASON_CANCELLED: 'STOP_REASON_CANCELLED',
  /**
   * The workflow already completed or failed.
   */
  STOP_REASON_CLOSED: 'STOP_REASON_CLOSED',
} as const;

export type StopReason =
  | 'STOP_REASON_UNSPECIFIED'
  | 0
  /**
   * The token is stale: the task was re-dispatched after its lease expired.
   */
  | 'STOP_REASON_LEASE_LOST'
  | 1
  | 'STOP_REASON_CANCELLED'
  | 2
  /**
   * The workflow already completed or failed.
   */
  | 'STOP_REASON_CLOSED'
  | 3

export type StopReason__Output = typeof StopReason[keyof typeof StopReason]
