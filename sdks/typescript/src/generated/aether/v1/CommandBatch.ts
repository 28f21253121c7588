// Original file: ../../proto/aether/v1/worker.proto

import type { CommandRequest as _aether_v1_CommandRequest, CommandRequest__Output as _aether_v1_CommandRequest__Output } from '../../aether/v1/CommandRequest.js';

export interface CommandBatch {
  'commands'?: (_aether_v1_CommandRequest)[];
}

export interface CommandBatch__Output {
  'commands': (_aether_v1_CommandRequest__Output)[];
}
