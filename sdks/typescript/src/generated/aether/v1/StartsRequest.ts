// Original file: ../../proto/aether/v1/client.proto

import type { StartWorkflowRequest as _aether_v1_StartWorkflowRequest, StartWorkflowRequest__Output as _aether_v1_StartWorkflowRequest__Output } from '../../aether/v1/StartWorkflowRequest.js';
import type { Long } from '@grpc/proto-loader';

export interface StartsRequest {
  'id'?: (number | string | Long);
  'start'?: (_aether_v1_StartWorkflowRequest | null);
}

export interface StartsRequest__Output {
  'id': (number);
  'start': (_aether_v1_StartWorkflowRequest__Output | null);
}
