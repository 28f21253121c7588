// Original file: ../../proto/aether/v1/workspace.proto

import type { KnowledgeLink as _aether_v1_KnowledgeLink, KnowledgeLink__Output as _aether_v1_KnowledgeLink__Output } from '../../aether/v1/KnowledgeLink.js';

export interface AddKnowledgeRequest {
  'source'?: (string);
  'title'?: (string);
  /**
   * Markdown.
   */
  'body'?: (string);
  /**
   * Lower-case words: letters, digits, - _ . :
   */
  'tags'?: (string)[];
  'links'?: (_aether_v1_KnowledgeLink)[];
  /**
   * Defaults to the caller's actor.
   */
  'author'?: (string);
  '_author'?: "author";
}

export interface AddKnowledgeRequest__Output {
  'source': (string);
  'title': (string);
  /**
   * Markdown.
   */
  'body': (string);
  /**
   * Lower-case words: letters, digits, - _ . :
   */
  'tags': (string)[];
  'links': (_aether_v1_KnowledgeLink__Output)[];
  /**
   * Defaults to the caller's actor.
   */
  'author'?: (string);
  '_author'?: "author";
}
