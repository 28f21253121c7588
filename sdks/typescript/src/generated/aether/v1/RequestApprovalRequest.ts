// Original file: ../../proto/aether/v1/worker.proto

import type { ApprovalRequest as _aether_v1_ApprovalRequest, ApprovalRequest__Output as _aether_v1_ApprovalRequest__Output } from '../../aether/v1/ApprovalRequest.js';

export interface RequestApprovalRequest {
  'taskToken'?: (string);
  'position'?: (number);
  'request'?: (_aether_v1_ApprovalRequest | null);
}

export interface RequestApprovalRequest__Output {
  'taskToken': (string);
  'position': (number);
  'request': (_aether_v1_ApprovalRequest__Output | null);
}
