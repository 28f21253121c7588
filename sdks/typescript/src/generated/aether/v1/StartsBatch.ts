// Original file: ../../proto/aether/v1/client.proto

import type { StartsRequest as _aether_v1_StartsRequest, StartsRequest__Output as _aether_v1_StartsRequest__Output } from '../../aether/v1/StartsRequest.js';

export interface StartsBatch {
  'starts'?: (_aether_v1_StartsRequest)[];
}

export interface StartsBatch__Output {
  'starts': (_aether_v1_StartsRequest__Output)[];
}
