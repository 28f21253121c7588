// Original file: ../../proto/aether/v1/workspace.proto


export interface DeleteKnowledgeResponse {
}

export interface DeleteKnowledgeResponse__Output {
}
