// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface ReadFileRequest {
  'sessionId'?: (string);
  'path'?: (string);
  'offset'?: (number | string | Long);
  'length'?: (number | string | Long);
  '_length'?: "length";
}

export interface ReadFileRequest__Output {
  'sessionId': (string);
  'path': (string);
  'offset': (number);
  'length'?: (number);
  '_length'?: "length";
}
