// Original file: ../../proto/aether/v1/common.proto

/**
 * What a RUNNING workflow is waiting on. UNSPECIFIED means it is not waiting.
 */
export const WaitKind = {
  WAIT_KIND_UNSPECIFIED: 'WAIT_KIND_UNSPECIFIED',
  WAIT_KIND_TIMER: 'WAIT_KIND_TIMER',
  WAIT_KIND_APPROVAL: 'WAIT_KIND_APPROVAL',
  WAIT_KIND_CHILD: 'WAIT_KIND_CHILD',
  WAIT_KIND_SIGNAL: 'WAIT_KIND_SIGNAL',
  WAIT_KIND_RETRY_BACKOFF: 'WAIT_KIND_RETRY_BACKOFF',
} as const;

/**
 * What a RUNNING workflow is waiting on. UNSPECIFIED means it is not waiting.
 */
export type WaitKind =
  | 'WAIT_KIND_UNSPECIFIED'
  | 0
  | 'WAIT_KIND_TIMER'
  | 1
  | 'WAIT_KIND_APPROVAL'
  | 2
  | 'WAIT_KIND_CHILD'
  | 3
  | 'WAIT_KIND_SIGNAL'
  | 4
  | 'WAIT_KIND_RETRY_BACKOFF'
  | 5

/**
 * What a RUNNING workflow is waiting on. UNSPECIFIED means it is not waiting.
 */
export type WaitKind__Output = typeof WaitKind[keyof typeof WaitKind]
