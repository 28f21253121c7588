// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface ListEventsRequest {
  'sessionId'?: (string);
  'after'?: (number | string | Long);
  'limit'?: (number);
  '_limit'?: "limit";
}

export interface ListEventsRequest__Output {
  'sessionId': (string);
  'after': (number);
  'limit'?: (number);
  '_limit'?: "limit";
}
