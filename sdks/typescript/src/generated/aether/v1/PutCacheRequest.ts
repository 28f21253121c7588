// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface PutCacheRequest {
  'sessionId'?: (string);
  'key'?: (string);
  'valueJson'?: (string);
  /**
   * Compare-and-set: the version the key must be at (0: must not exist).
   */
  'ifVersion'?: (number | string | Long);
  'ttlMs'?: (number | string | Long);
  'actor'?: (string);
  '_ifVersion'?: "ifVersion";
  '_ttlMs'?: "ttlMs";
  '_actor'?: "actor";
}

export interface PutCacheRequest__Output {
  'sessionId': (string);
  'key': (string);
  'valueJson': (string);
  /**
   * Compare-and-set: the version the key must be at (0: must not exist).
   */
  'ifVersion'?: (number);
  'ttlMs'?: (number);
  'actor'?: (string);
  '_ifVersion'?: "ifVersion";
  '_ttlMs'?: "ttlMs";
  '_actor'?: "actor";
}
