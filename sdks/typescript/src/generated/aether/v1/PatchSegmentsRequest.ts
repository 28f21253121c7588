// Original file: ../../proto/aether/v1/workspace.proto

import type { Segment as _aether_v1_Segment, Segment__Output as _aether_v1_Segment__Output } from '../../aether/v1/Segment.js';
import type { Long } from '@grpc/proto-loader';

export interface PatchSegmentsRequest {
  'sessionId'?: (string);
  'path'?: (string);
  'segments'?: (_aether_v1_Segment)[];
  'truncate'?: (number | string | Long);
  'expectedRevision'?: (number | string | Long);
  'actor'?: (string);
  '_truncate'?: "truncate";
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}

export interface PatchSegmentsRequest__Output {
  'sessionId': (string);
  'path': (string);
  'segments': (_aether_v1_Segment__Output)[];
  'truncate'?: (number);
  'expectedRevision'?: (number);
  'actor'?: (string);
  '_truncate'?: "truncate";
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}
