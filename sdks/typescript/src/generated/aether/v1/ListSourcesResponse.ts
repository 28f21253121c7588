// Original file: ../../proto/aether/v1/workspace.proto

import type { Source as _aether_v1_Source, Source__Output as _aether_v1_Source__Output } from '../../aether/v1/Source.js';

export interface ListSourcesResponse {
  'sources'?: (_aether_v1_Source)[];
}

export interface ListSourcesResponse__Output {
  'sources': (_aether_v1_Source__Output)[];
}
