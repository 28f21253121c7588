// Original file: ../../proto/aether/v1/schedules.proto

import type { ScheduleDescription as _aether_v1_ScheduleDescription, ScheduleDescription__Output as _aether_v1_ScheduleDescription__Output } from '../../aether/v1/ScheduleDescription.js';

export interface ListSchedulesResponse {
  'schedules'?: (_aether_v1_ScheduleDescription)[];
}

export interface ListSchedulesResponse__Output {
  'schedules': (_aether_v1_ScheduleDescription__Output)[];
}
