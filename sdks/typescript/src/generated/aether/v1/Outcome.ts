// Original file: ../../proto/aether/v1/approvals.proto

export const Outcome = {
  OUTCOME_UNSPECIFIED: 'OUTCOME_UNSPECIFIED',
  OUTCOME_APPROVED: 'OUTCOME_APPROVED',
  OUTCOME_DENIED: 'OUTCOME_DENIED',
  OUTCOME_EXPIRED: 'OUTCOME_EXPIRED',
} as const;

export type Outcome =
  | 'OUTCOME_UNSPECIFIED'
  | 0
  | 'OUTCOME_APPROVED'
  | 1
  | 'OUTCOME_DENIED'
  | 2
  | 'OUTCOME_EXPIRED'
  | 3

export type Outcome__Output = typeof Outcome[keyof typeof Outcome]
