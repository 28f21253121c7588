// Original file: ../../proto/aether/v1/workspace.proto

import type { KnowledgeLink as _aether_v1_KnowledgeLink, KnowledgeLink__Output as _aether_v1_KnowledgeLink__Output } from '../../aether/v1/KnowledgeLink.js';

export interface KnowledgeEntry {
  'id'?: (string);
  'source'?: (string);
  'title'?: (string);
  'body'?: (string);
  'tags'?: (string)[];
  'links'?: (_aether_v1_KnowledgeLink)[];
  'author'?: (string);
  'createdAt'?: (string);
  '_author'?: "author";
}

export interface KnowledgeEntry__Output {
  'id': (string);
  'source': (string);
  'title': (string);
  'body': (string);
  'tags': (string)[];
  'links': (_aether_v1_KnowledgeLink__Output)[];
  'author'?: (string);
  'createdAt': (string);
  '_author'?: "author";
}
