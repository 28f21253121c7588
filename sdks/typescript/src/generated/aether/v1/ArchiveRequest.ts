// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface ArchiveRequest {
  'sessionId'?: (string);
  'expectedRevision'?: (number | string | Long);
  'actor'?: (string);
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}

export interface ArchiveRequest__Output {
  'sessionId': (string);
  'expectedRevision'?: (number);
  'actor'?: (string);
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}
