// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface BusMessage {
  'sessionId'?: (string);
  'topic'?: (string);
  'messageJson'?: (string);
  'actor'?: (string);
  'eventSeq'?: (number | string | Long);
  'at'?: (string);
  '_actor'?: "actor";
}

export interface BusMessage__Output {
  'sessionId': (string);
  'topic': (string);
  'messageJson': (string);
  'actor'?: (string);
  'eventSeq': (number);
  'at': (string);
  '_actor'?: "actor";
}
