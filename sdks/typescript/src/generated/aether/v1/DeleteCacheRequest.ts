// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface DeleteCacheRequest {
  'sessionId'?: (string);
  'key'?: (string);
  'ifVersion'?: (number | string | Long);
  'actor'?: (string);
  '_ifVersion'?: "ifVersion";
  '_actor'?: "actor";
}

export interface DeleteCacheRequest__Output {
  'sessionId': (string);
  'key': (string);
  'ifVersion'?: (number);
  'actor'?: (string);
  '_ifVersion'?: "ifVersion";
  '_actor'?: "actor";
}
