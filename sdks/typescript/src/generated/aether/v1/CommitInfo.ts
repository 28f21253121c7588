// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface CommitInfo {
  'id'?: (string);
  'source'?: (string);
  'sessionId'?: (string);
  'parent'?: (string);
  'root'?: (string);
  'sizeBytes'?: (number | string | Long);
  'fileCount'?: (number | string | Long);
  'message'?: (string);
  'author'?: (string);
  'createdAt'?: (string);
  '_sessionId'?: "sessionId";
  '_parent'?: "parent";
}

export interface CommitInfo__Output {
  'id': (string);
  'source': (string);
  'sessionId'?: (string);
  'parent'?: (string);
  'root': (string);
  'sizeBytes': (number);
  'fileCount': (number);
  'message': (string);
  'author': (string);
  'createdAt': (string);
  '_sessionId'?: "sessionId";
  '_parent'?: "parent";
}
