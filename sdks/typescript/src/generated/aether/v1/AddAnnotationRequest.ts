// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface AddAnnotationRequest {
  'sessionId'?: (string);
  'path'?: (string);
  'lineStart'?: (number | string | Long);
  'lineEnd'?: (number | string | Long);
  'author'?: (string);
  'body'?: (string);
  'actor'?: (string);
  '_lineStart'?: "lineStart";
  '_lineEnd'?: "lineEnd";
  '_actor'?: "actor";
}

export interface AddAnnotationRequest__Output {
  'sessionId': (string);
  'path': (string);
  'lineStart'?: (number);
  'lineEnd'?: (number);
  'author': (string);
  'body': (string);
  'actor'?: (string);
  '_lineStart'?: "lineStart";
  '_lineEnd'?: "lineEnd";
  '_actor'?: "actor";
}
