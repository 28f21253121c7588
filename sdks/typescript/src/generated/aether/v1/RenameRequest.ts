// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface RenameRequest {
  'sessionId'?: (string);
  'from'?: (string);
  'to'?: (string);
  'expectedRevision'?: (number | string | Long);
  'actor'?: (string);
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}

export interface RenameRequest__Output {
  'sessionId': (string);
  'from': (string);
  'to': (string);
  'expectedRevision'?: (number);
  'actor'?: (string);
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}
