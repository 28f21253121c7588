// Original file: ../../proto/aether/v1/workspace.proto

import type { Mutation as _aether_v1_Mutation, Mutation__Output as _aether_v1_Mutation__Output } from '../../aether/v1/Mutation.js';

export interface MergeResponse {
  'mutation'?: (_aether_v1_Mutation | null);
  'ancestor'?: (string);
  'changed'?: (string)[];
  'combined'?: (string)[];
  '_ancestor'?: "ancestor";
}

export interface MergeResponse__Output {
  'mutation': (_aether_v1_Mutation__Output | null);
  'ancestor'?: (string);
  'changed': (string)[];
  'combined': (string)[];
  '_ancestor'?: "ancestor";
}
