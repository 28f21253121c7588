// Original file: ../../proto/aether/v1/schedules.proto

import type { ScheduleDefinition as _aether_v1_ScheduleDefinition, ScheduleDefinition__Output as _aether_v1_ScheduleDefinition__Output } from '../../aether/v1/ScheduleDefinition.js';

export interface UpdateScheduleRequest {
  'scheduleId'?: (string);
  'definition'?: (_aether_v1_ScheduleDefinition | null);
}

export interface UpdateScheduleRequest__Output {
  'scheduleId': (string);
  'definition': (_aether_v1_ScheduleDefinition__Output | null);
}
