// Original file: ../../proto/aether/v1/client.proto

import type { HistoryEvent as _aether_v1_HistoryEvent, HistoryEvent__Output as _aether_v1_HistoryEvent__Output } from '../../aether/v1/HistoryEvent.js';

export interface GetHistoryResponse {
  'events'?: (_aether_v1_HistoryEvent)[];
}

export interface GetHistoryResponse__Output {
  'events': (_aether_v1_HistoryEvent__Output)[];
}
