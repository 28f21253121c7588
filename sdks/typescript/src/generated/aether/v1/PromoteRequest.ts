// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface PromoteRequest {
  'sessionId'?: (string);
  'source'?: (string);
  'author'?: (string);
  'force'?: (boolean);
  'expectedRevision'?: (number | string | Long);
  'actor'?: (string);
  '_source'?: "source";
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}

export interface PromoteRequest__Output {
  'sessionId': (string);
  'source'?: (string);
  'author': (string);
  'force': (boolean);
  'expectedRevision'?: (number);
  'actor'?: (string);
  '_source'?: "source";
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}
