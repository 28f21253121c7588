// Original file: ../../proto/aether/v1/admin.proto


export interface GetMetricsRequest {
}

export interface GetMetricsRequest__Output {
}
