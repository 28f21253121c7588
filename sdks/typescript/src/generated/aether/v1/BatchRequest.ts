// Original file: ../../proto/aether/v1/workspace.proto

import type { BatchOp as _aether_v1_BatchOp, BatchOp__Output as _aether_v1_BatchOp__Output } from '../../aether/v1/BatchOp.js';
import type { Long } from '@grpc/proto-loader';

export interface BatchRequest {
  'sessionId'?: (string);
  'ops'?: (_aether_v1_BatchOp)[];
  'expectedRevision'?: (number | string | Long);
  'actor'?: (string);
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}

export interface BatchRequest__Output {
  'sessionId': (string);
  'ops': (_aether_v1_BatchOp__Output)[];
  'expectedRevision'?: (number);
  'actor'?: (string);
  '_expectedRevision'?: "expectedRevision";
  '_actor'?: "actor";
}
