// Original file: ../../proto/aether/v1/schedules.proto


export interface ListSchedulesRequest {
}

export interface ListSchedulesRequest__Output {
}
