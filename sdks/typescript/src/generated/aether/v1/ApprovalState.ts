// Original file: ../../proto/aether/v1/approvals.proto

export const ApprovalState = {
  APPROVAL_STATE_UNSPECIFIED: 'APPROVAL_STATE_UNSPECIFIED',
  APPROVAL_STATE_PENDING: 'APPROVAL_STATE_PENDING',
  APPROVAL_STATE_APPROVED: 'APPROVAL_STATE_APPROVED',
  APPROVAL_STATE_DENIED: 'APPROVAL_STATE_DENIED',
  APPROVAL_STATE_EXPIRED: 'APPROVAL_STATE_EXPIRED',
  /**
   * Its workflow ended before it was decided.
   */
  APPROVAL_STATE_CANCELLED: 'APPROVAL_STATE_CANCELLED',
} as const;

export type ApprovalState =
  | 'APPROVAL_STATE_UNSPECIFIED'
  | 0
  | 'APPROVAL_STATE_PENDING'
  | 1
  | 'APPROVAL_STATE_APPROVED'
  | 2
  | 'APPROVAL_STATE_DENIED'
  | 3
  | 'APPROVAL_STATE_EXPIRED'
  | 4
  /**
   * Its workflow ended before it was decided.
   */
  | 'APPROVAL_STATE_CANCELLED'
  | 5

export type ApprovalState__Output = typeof ApprovalState[keyof typeof ApprovalState]
