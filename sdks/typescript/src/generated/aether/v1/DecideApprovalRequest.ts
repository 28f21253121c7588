// Original file: ../../proto/aether/v1/approvals.proto

import type { Outcome as _aether_v1_Outcome, Outcome__Output as _aether_v1_Outcome__Output } from '../../aether/v1/Outcome.js';

export interface DecideApprovalRequest {
  'approvalId'?: (string);
  /**
   * APPROVED or DENIED.
   */
  'outcome'?: (_aether_v1_Outcome);
  'by'?: (string);
  'comment'?: (string);
  'payloadJson'?: (string);
  '_by'?: "by";
  '_comment'?: "comment";
  '_payloadJson'?: "payloadJson";
}

export interface DecideApprovalRequest__Output {
  'approvalId': (string);
  /**
   * APPROVED or DENIED.
   */
  'outcome': (_aether_v1_Outcome__Output);
  'by'?: (string);
  'comment'?: (string);
  'payloadJson'?: (string);
  '_by'?: "by";
  '_comment'?: "comment";
  '_payloadJson'?: "payloadJson";
}
