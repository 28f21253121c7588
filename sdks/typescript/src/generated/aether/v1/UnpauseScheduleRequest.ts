// Original file: ../../proto/aether/v1/schedules.proto


export interface UnpauseScheduleRequest {
  'scheduleId'?: (string);
  'note'?: (string);
}

export interface UnpauseScheduleRequest__Output {
  'scheduleId': (string);
  'note': (string);
}
