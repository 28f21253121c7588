// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface WriteFileRequest {
  'sessionId'?: (string);
  'path'?: (string);
  'content'?: (Buffer | Uint8Array | string);
  'mode'?: (number);
  'expectedRevision'?: (number | string | Long);
  'actor'?: (string);
  '_mode'?: "mode";
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}

export interface WriteFileRequest__Output {
  'sessionId': (string);
  'path': (string);
  'content': (Buffer);
  'mode'?: (number);
  'expectedRevision'?: (number);
  'actor'?: (string);
  '_mode'?: "mode";
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}
