// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface Annotation {
  'id'?: (string);
  'sessionId'?: (string);
  'path'?: (string);
  'lineStart'?: (number | string | Long);
  'lineEnd'?: (number | string | Long);
  'author'?: (string);
  'body'?: (string);
  'resolved'?: (boolean);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  '_lineStart'?: "lineStart";
  '_lineEnd'?: "lineEnd";
}

export interface Annotation__Output {
  'id': (string);
  'sessionId': (string);
  'path': (string);
  'lineStart'?: (number);
  'lineEnd'?: (number);
  'author': (string);
  'body': (string);
  'resolved': (boolean);
  'createdAt': (string);
  'updatedAt': (string);
  '_lineStart'?: "lineStart";
  '_lineEnd'?: "lineEnd";
}
