// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface Segment {
  'offset'?: (number | string | Long);
  'content'?: (Buffer | Uint8Array | string);
}

export interface Segment__Output {
  'offset': (number);
  'content': (Buffer);
}
