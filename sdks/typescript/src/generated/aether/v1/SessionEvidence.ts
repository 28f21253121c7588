// Original file: ../../proto/aether/v1/approvals.proto

import type { Long } from '@grpc/proto-loader';

export interface SessionEvidence {
  'sessionId'?: (string);
  /**
   * The session's revision the request is about; absent for "current".
   */
  'revision'?: (number | string | Long);
  '_revision'?: "revision";
}

export interface SessionEvidence__Output {
  'sessionId': (string);
  /**
   * The session's revision the request is about; absent for "current".
   */
  'revision'?: (number);
  '_revision'?: "revision";
}
