// Original file: ../../proto/aether/v1/approvals.proto

import type { ApprovalState as _aether_v1_ApprovalState, ApprovalState__Output as _aether_v1_ApprovalState__Output } from '../../aether/v1/ApprovalState.js';

export interface ListApprovalsRequest {
  /**
   * UNSPECIFIED: every state.
   */
  'state'?: (_aether_v1_ApprovalState);
  'workflowId'?: (string);
  'sessionId'?: (string);
  'reason'?: (string);
  /**
   * From a previous page's next_cursor; empty for the first page.
   */
  'cursor'?: (string);
  /**
   * 0: the default (100); at most 1000.
   */
  'limit'?: (number);
}

export interface ListApprovalsRequest__Output {
  /**
   * UNSPECIFIED: every state.
   */
  'state': (_aether_v1_ApprovalState__Output);
  'workflowId': (string);
  'sessionId': (string);
  'reason': (string);
  /**
   * From a previous page's next_cursor; empty for the first page.
   */
  'cursor': (string);
  /**
   * 0: the default (100); at most 1000.
   */
  'limit': (number);
}
