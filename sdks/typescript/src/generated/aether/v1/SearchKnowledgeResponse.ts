// Original file: ../../proto/aether/v1/workspace.proto

import type { KnowledgeEntry as _aether_v1_KnowledgeEntry, KnowledgeEntry__Output as _aether_v1_KnowledgeEntry__Output } from '../../aether/v1/KnowledgeEntry.js';

export interface SearchKnowledgeResponse {
  'entries'?: (_aether_v1_KnowledgeEntry)[];
}

export interface SearchKnowledgeResponse__Output {
  'entries': (_aether_v1_KnowledgeEntry__Output)[];
}
