// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface CreateCheckpointRequest {
  'sessionId'?: (string);
  'name'?: (string);
  'expectedRevision'?: (number | string | Long);
  'actor'?: (string);
  '_name'?: "name";
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}

export interface CreateCheckpointRequest__Output {
  'sessionId': (string);
  'name'?: (string);
  'expectedRevision'?: (number);
  'actor'?: (string);
  '_name'?: "name";
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}
