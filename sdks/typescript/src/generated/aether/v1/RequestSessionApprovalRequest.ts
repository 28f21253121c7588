// Original file: ../../proto/aether/v1/approvals.proto

import type { ApprovalRequest as _aether_v1_ApprovalRequest, ApprovalRequest__Output as _aether_v1_ApprovalRequest__Output } from '../../aether/v1/ApprovalRequest.js';

export interface RequestSessionApprovalRequest {
  'sessionId'?: (string);
  'request'?: (_aether_v1_ApprovalRequest | null);
}

export interface RequestSessionApprovalRequest__Output {
  'sessionId': (string);
  'request': (_aether_v1_ApprovalRequest__Output | null);
}
