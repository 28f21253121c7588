// Original file: ../../proto/aether/v1/workspace.proto


export interface ListSourcesRequest {
}

export interface ListSourcesRequest__Output {
}
