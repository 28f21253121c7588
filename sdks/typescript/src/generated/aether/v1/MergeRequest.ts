// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface MergeRequest {
  'sessionId'?: (string);
  /**
   * The session whose changes come in.
   */
  'from'?: (string);
  'expectedRevision'?: (number | string | Long);
  'actor'?: (string);
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}

export interface MergeRequest__Output {
  'sessionId': (string);
  /**
   * The session whose changes come in.
   */
  'from': (string);
  'expectedRevision'?: (number);
  'actor'?: (string);
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}
