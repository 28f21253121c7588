// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface FileContent {
  'path'?: (string);
  'revision'?: (number | string | Long);
  'hash'?: (string);
  'mode'?: (number);
  'kind'?: (string);
  'size'?: (number | string | Long);
  'offset'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
}

export interface FileContent__Output {
  'path': (string);
  'revision': (number);
  'hash': (string);
  'mode': (number);
  'kind': (string);
  'size': (number);
  'offset': (number);
  'data': (Buffer);
}
