// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface CacheValue {
  'key'?: (string);
  'valueJson'?: (string);
  'version'?: (number | string | Long);
  'expiresAt'?: (string);
  'updatedAt'?: (string);
  '_expiresAt'?: "expiresAt";
}

export interface CacheValue__Output {
  'key': (string);
  'valueJson': (string);
  'version': (number);
  'expiresAt'?: (string);
  'updatedAt': (string);
  '_expiresAt'?: "expiresAt";
}
