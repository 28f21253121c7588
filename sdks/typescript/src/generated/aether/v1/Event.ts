// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface Event {
  'seq'?: (number | string | Long);
  'revision'?: (number | string | Long);
  'kind'?: (string);
  'actor'?: (string);
  'detailJson'?: (string);
  'at'?: (string);
  '_actor'?: "actor";
}

export interface Event__Output {
  'seq': (number);
  'revision': (number);
  'kind': (string);
  'actor'?: (string);
  'detailJson': (string);
  'at': (string);
  '_actor'?: "actor";
}
