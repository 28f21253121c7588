// Original file: ../../proto/aether/v1/schedules.proto


export interface DescribeScheduleRequest {
  'scheduleId'?: (string);
}

export interface DescribeScheduleRequest__Output {
  'scheduleId': (string);
}
