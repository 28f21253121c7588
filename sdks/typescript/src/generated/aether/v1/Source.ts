// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface Source {
  'name'?: (string);
  'headCommit'?: (string);
  'root'?: (string);
  'sizeBytes'?: (number | string | Long);
  'fileCount'?: (number | string | Long);
  'createdAt'?: (string);
  'updatedAt'?: (string);
}

export interface Source__Output {
  'name': (string);
  'headCommit': (string);
  'root': (string);
  'sizeBytes': (number);
  'fileCount': (number);
  'createdAt': (string);
  'updatedAt': (string);
}
