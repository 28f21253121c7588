// Original file: ../../proto/aether/v1/schedules.proto


export interface PauseScheduleRequest {
  'scheduleId'?: (string);
  'note'?: (string);
}

export interface PauseScheduleRequest__Output {
  'scheduleId': (string);
  'note': (string);
}
