// Original file: ../../proto/aether/v1/schedules.proto


export interface DeleteScheduleResponse {
}

export interface DeleteScheduleResponse__Output {
}
