// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface Checkpoint {
  'id'?: (string);
  'sessionId'?: (string);
  'name'?: (string);
  'revision'?: (number | string | Long);
  'root'?: (string);
  'sizeBytes'?: (number | string | Long);
  'fileCount'?: (number | string | Long);
  'createdAt'?: (string);
  '_name'?: "name";
}

export interface Checkpoint__Output {
  'id': (string);
  'sessionId': (string);
  'name'?: (string);
  'revision': (number);
  'root': (string);
  'sizeBytes': (number);
  'fileCount': (number);
  'createdAt': (string);
  '_name'?: "name";
}
