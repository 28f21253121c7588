// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface PathsRequest {
  'sessionId'?: (string);
  'paths'?: (string)[];
  'expectedRevision'?: (number | string | Long);
  'actor'?: (string);
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}

export interface PathsRequest__Output {
  'sessionId': (string);
  'paths': (string)[];
  'expectedRevision'?: (number);
  'actor'?: (string);
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}
