// Original file: ../../proto/aether/v1/workspace.proto


export interface KnowledgeRef {
  'id'?: (string);
}

export interface KnowledgeRef__Output {
  'id': (string);
}
