// Original file: ../../proto/aether/v1/approvals.proto

import type { Approval as _aether_v1_Approval, Approval__Output as _aether_v1_Approval__Output } from '../../aether/v1/Approval.js';

export interface ListApprovalsResponse {
  'approvals'?: (_aether_v1_Approval)[];
  /**
   * Empty on the last page.
   */
  'nextCursor'?: (string);
}

export interface ListApprovalsResponse__Output {
  'approvals': (_aether_v1_Approval__Output)[];
  /**
   * Empty on the last page.
   */
  'nextCursor': (string);
}
