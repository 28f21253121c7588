// Original file: ../../proto/aether/v1/admin.proto


export interface ListWorkersRequest {
}

export interface ListWorkersRequest__Output {
}
