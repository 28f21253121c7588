// Original file: ../../proto/aether/v1/schedules.proto


export interface DeleteScheduleRequest {
  'scheduleId'?: (string);
}

export interface DeleteScheduleRequest__Output {
  'scheduleId': (string);
}
