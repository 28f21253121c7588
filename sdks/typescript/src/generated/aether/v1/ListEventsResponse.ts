// Original file: ../../proto/aether/v1/workspace.proto

import type { Event as _aether_v1_Event, Event__Output as _aether_v1_Event__Output } from '../../aether/v1/Event.js';
import type { Long } from '@grpc/proto-loader';

export interface ListEventsResponse {
  'events'?: (_aether_v1_Event)[];
  'next'?: (number | string | Long);
  '_next'?: "next";
}

export interface ListEventsResponse__Output {
  'events': (_aether_v1_Event__Output)[];
  'next'?: (number);
  '_next'?: "next";
}
