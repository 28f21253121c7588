// Original file: ../../proto/aether/v1/workspace.proto


export interface DeleteCacheResponse {
}

export interface DeleteCacheResponse__Output {
}
