// Original file: ../../proto/aether/v1/worker.proto

import type { Long } from '@grpc/proto-loader';

export interface WaitForApprovalRequest {
  'taskToken'?: (string);
  'position'?: (number);
  'approvalId'?: (string);
  /**
   * 0: wait as long as the approval may (until its own expiry, if any).
   */
  'timeoutMs'?: (number | string | Long);
}

export interface WaitForApprovalRequest__Output {
  'taskToken': (string);
  'position': (number);
  'approvalId': (string);
  /**
   * 0: wait as long as the approval may (until its own expiry, if any).
   */
  'timeoutMs': (number);
}
