// Original file: ../../proto/aether/v1/approvals.proto

import type { Evidence as _aether_v1_Evidence, Evidence__Output as _aether_v1_Evidence__Output } from '../../aether/v1/Evidence.js';
import type { Long } from '@grpc/proto-loader';

export interface ApprovalRequest {
  /**
   * A machine-readable code: letters, digits and _ . : - (at most 128).
   */
  'reason'?: (string);
  /**
   * For the reviewer, in markdown.
   */
  'detail'?: (string);
  'evidence'?: (_aether_v1_Evidence)[];
  /**
   * The session it is about, if any.
   */
  'sessionId'?: (string);
  /**
   * Expires after this long undecided; 0 never.
   */
  'timeoutMs'?: (number | string | Long);
  '_sessionId'?: "sessionId";
}

export interface ApprovalRequest__Output {
  /**
   * A machine-readable code: letters, digits and _ . : - (at most 128).
   */
  'reason': (string);
  /**
   * For the reviewer, in markdown.
   */
  'detail': (string);
  'evidence': (_aether_v1_Evidence__Output)[];
  /**
   * The session it is about, if any.
   */
  'sessionId'?: (string);
  /**
   * Expires after this long undecided; 0 never.
   */
  'timeoutMs': (number);
  '_sessionId'?: "sessionId";
}
