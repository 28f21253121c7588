// Original file: ../../proto/aether/v1/workspace.proto


export interface SearchKnowledgeRequest {
  'source'?: (string);
  'tag'?: (string);
  'text'?: (string);
  /**
   * 0: the default (100); at most 1000.
   */
  'limit'?: (number);
  '_tag'?: "tag";
  '_text'?: "text";
}

export interface SearchKnowledgeRequest__Output {
  'source': (string);
  'tag'?: (string);
  'text'?: (string);
  /**
   * 0: the default (100); at most 1000.
   */
  'limit': (number);
  '_tag'?: "tag";
  '_text'?: "text";
}
