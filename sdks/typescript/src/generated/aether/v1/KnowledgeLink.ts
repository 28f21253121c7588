// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface KnowledgeLink {
  'path'?: (string);
  'sessionId'?: (string);
  'revision'?: (number | string | Long);
  '_sessionId'?: "sessionId";
  '_revision'?: "revision";
}

export interface KnowledgeLink__Output {
  'path': (string);
  'sessionId'?: (string);
  'revision'?: (number);
  '_sessionId'?: "sessionId";
  '_revision'?: "revision";
}
