// Original file: ../../proto/aether/v1/worker.proto

export const EntryKind = {
  ENTRY_KIND_UNSPECIFIED: 'ENTRY_KIND_UNSPECIFIED',
  ENTRY_KIND_STEP: 'ENTRY_KIND_STEP',
  ENTRY_KIND_TIMER: 'ENTRY_KIND_TIMER',
  ENTRY_KIND_CHILD: 'ENTRY_KIND_CHILD',
  /**
   * A wait for a signal: SUCCEEDED with the signal's payload as `result`, or TIMED_OUT.
   */
  ENTRY_KIND_SIGNAL: 'ENTRY_KIND_SIGNAL',
  /**
   * An approval: SUCCEEDED with the Decision as JSON (approvalId, outcome, by, comment, payload,
   * at) as `result`.
   */
  ENTRY_KIND_APPROVAL: 'ENTRY_KIND_APPROVAL',
  /**
   * A workspace activity: SUCCEEDED with the operation's result as JSON (reads and exports name
   * their bytes by `hash`), or FAILED with the workspace's refusal (`error_type` is its reason,
   * e.g. stale_revision).
   */
  ENTRY_KIND_WORKSPACE: 'ENTRY_KIND_WORKSPACE',
} as const;

export type EntryKind =
  | 'ENTRY_KIND_UNSPECIFIED'
  | 0
  | 'ENTRY_KIND_STEP'
  | 1
  | 'ENTRY_KIND_TIMER'
  | 2
  | 'ENTRY_KIND_CHILD'
  | 3
  /**
   * A wait for a signal: SUCCEEDED with the signal's payload as `result`, or TIMED_OUT.
   */
  | 'ENTRY_KIND_SIGNAL'
  | 4
  /**
   * An approval: SUCCEEDED with the Decision as JSON (approvalId, outcome, by, comment, payload,
   * at) as `result`.
   */
  | 'ENTRY_KIND_APPROVAL'
  | 5
  /**
   * A workspace activity: SUCCEEDED with the operation's result as JSON (reads and exports name
   * their bytes by `hash`), or FAILED with the workspace's refusal (`error_type` is its reason,
   * e.g. stale_revision).
   */
  | 'ENTRY_KIND_WORKSPACE'
  | 6

export type EntryKind__Output = typeof EntryKind[keyof typeof EntryKind]
