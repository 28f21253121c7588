// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface CommitRequest {
  'sessionId'?: (string);
  'message'?: (string);
  'author'?: (string);
  'source'?: (string);
  'expectedRevision'?: (number | string | Long);
  'actor'?: (string);
  '_source'?: "source";
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}

export interface CommitRequest__Output {
  'sessionId': (string);
  'message': (string);
  'author': (string);
  'source'?: (string);
  'expectedRevision'?: (number);
  'actor'?: (string);
  '_source'?: "source";
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}
