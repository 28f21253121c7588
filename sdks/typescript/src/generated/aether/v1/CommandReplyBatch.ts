// Original file: ../../proto/aether/v1/worker.proto

import type { CommandReply as _aether_v1_CommandReply, CommandReply__Output as _aether_v1_CommandReply__Output } from '../../aether/v1/CommandReply.js';

export interface CommandReplyBatch {
  'replies'?: (_aether_v1_CommandReply)[];
}

export interface CommandReplyBatch__Output {
  'replies': (_aether_v1_CommandReply__Output)[];
}
