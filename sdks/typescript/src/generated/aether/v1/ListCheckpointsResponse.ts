// Original file: ../../proto/aether/v1/workspace.proto

import type { Checkpoint as _aether_v1_Checkpoint, Checkpoint__Output as _aether_v1_Checkpoint__Output } from '../../aether/v1/Checkpoint.js';

export interface ListCheckpointsResponse {
  'checkpoints'?: (_aether_v1_Checkpoint)[];
}

export interface ListCheckpointsResponse__Output {
  'checkpoints': (_aether_v1_Checkpoint__Output)[];
}
