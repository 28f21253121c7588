// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface RestoreRequest {
  'sessionId'?: (string);
  'checkpointId'?: (string);
  'expectedRevision'?: (number | string | Long);
  'actor'?: (string);
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}

export interface RestoreRequest__Output {
  'sessionId': (string);
  'checkpointId': (string);
  'expectedRevision'?: (number);
  'actor'?: (string);
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}
