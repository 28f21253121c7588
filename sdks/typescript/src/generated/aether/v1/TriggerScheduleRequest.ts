// Original file: ../../proto/aether/v1/schedules.proto


export interface TriggerScheduleRequest {
  'scheduleId'?: (string);
}

export interface TriggerScheduleRequest__Output {
  'scheduleId': (string);
}
