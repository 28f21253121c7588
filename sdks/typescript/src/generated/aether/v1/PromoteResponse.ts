// Original file: ../../proto/aether/v1/workspace.proto

import type { Source as _aether_v1_Source, Source__Output as _aether_v1_Source__Output } from '../../aether/v1/Source.js';
import type { CommitInfo as _aether_v1_CommitInfo, CommitInfo__Output as _aether_v1_CommitInfo__Output } from '../../aether/v1/CommitInfo.js';

export interface PromoteResponse {
  'source'?: (_aether_v1_Source | null);
  'commit'?: (_aether_v1_CommitInfo | null);
}

export interface PromoteResponse__Output {
  'source': (_aether_v1_Source__Output | null);
  'commit': (_aether_v1_CommitInfo__Output | null);
}
