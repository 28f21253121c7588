// Original file: ../../proto/aether/v1/client.proto

import type { StartWorkflowResponse as _aether_v1_StartWorkflowResponse, StartWorkflowResponse__Output as _aether_v1_StartWorkflowResponse__Output } from '../../aether/v1/StartWorkflowResponse.js';
import type { CommandError as _aether_v1_CommandError, CommandError__Output as _aether_v1_CommandError__Output } from '../../aether/v1/CommandError.js';
import type { Long } from '@grpc/proto-loader';

export interface StartsReply {
  'id'?: (number | string | Long);
  'started'?: (_aether_v1_StartWorkflowResponse | null);
  'error'?: (_aether_v1_CommandError | null);
  'reply'?: "started"|"error";
}

export interface StartsReply__Output {
  'id': (number);
  'started'?: (_aether_v1_StartWorkflowResponse__Output | null);
  'error'?: (_aether_v1_CommandError__Output | null);
  'reply'?: "started"|"error";
}
