// Original file: ../../proto/aether/v1/schedules.proto

/**
 * What to do with a tick while a run the schedule started is still open.
 */
export const OverlapPolicy = {
  /**
   * SKIP.
   */
  OVERLAP_POLICY_UNSPECIFIED: 'OVERLAP_POLICY_UNSPECIFIED',
  /**
   * Do not start it (counted as skipped).
   */
  OVERLAP_POLICY_SKIP: 'OVERLAP_POLICY_SKIP',
  /**
   * Keep one tick, started when the open runs have finished; further ones are skipped.
   */
  OVERLAP_POLICY_BUFFER_ONE: 'OVERLAP_POLICY_BUFFER_ONE',
  /**
   * Keep every tick, started one at a time as the open runs finish.
   */
  OVERLAP_POLICY_BUFFER_ALL: 'OVERLAP_POLICY_BUFFER_ALL',
  /**
   * Cancel the open runs, then start it.
   */
  OVERLAP_POLICY_CANCEL_OTHER: 'OVERLAP_POLICY_CANCEL_OTHER',
  /**
   * Start it anyway.
   */
  OVERLAP_POLICY_ALLOW_ALL: 'OVERLAP_POLICY_ALLOW_ALL',
} as const;

/**
 * What to do with a tick while a run the schedule started is still open.
 */
export type OverlapPolicy =
  /**
   * SKIP.
   */
  | 'OVERLAP_POLICY_UNSPECIFIED'
  | 0
  /**
   * Do not start it (counted as skipped).
   */
  | 'OVERLAP_POLICY_SKIP'
  | 1
  /**
   * Keep one tick, started when the open runs have finished; further ones are skipped.
   */
  | 'OVERLAP_POLICY_BUFFER_ONE'
  | 2
  /**
   * Keep every tick, started one at a time as the open runs finish.
   */
  | 'OVERLAP_POLICY_BUFFER_ALL'
  | 3
  /**
   * Cancel the open runs, then start it.
   */
  | 'OVERLAP_POLICY_CANCEL_OTHER'
  | 4
  /**
   * Start it anyway.
   */
  | 'OVERLAP_POLICY_ALLOW_ALL'
  | 5

/**
 * What to do with a tick while a run the schedule started is still open.
 */
export type OverlapPolicy__Output = typeof OverlapPolicy[keyof typeof OverlapPolicy]
