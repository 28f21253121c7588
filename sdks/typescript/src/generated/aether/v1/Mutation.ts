// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface Mutation {
  'sessionId'?: (string);
  'revision'?: (number | string | Long);
  'root'?: (string);
  'eventSeq'?: (number | string | Long);
}

export interface Mutation__Output {
  'sessionId': (string);
  'revision': (number);
  'root': (string);
  'eventSeq': (number);
}
