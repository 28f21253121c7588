// Original file: ../../proto/aether/v1/client.proto

import type { StartsReply as _aether_v1_StartsReply, StartsReply__Output as _aether_v1_StartsReply__Output } from '../../aether/v1/StartsReply.js';

export interface StartsReplyBatch {
  'replies'?: (_aether_v1_StartsReply)[];
}

export interface StartsReplyBatch__Output {
  'replies': (_aether_v1_StartsReply__Output)[];
}
