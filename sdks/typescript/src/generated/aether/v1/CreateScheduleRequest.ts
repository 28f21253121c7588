// Original file: ../../proto/aether/v1/schedules.proto

import type { ScheduleDefinition as _aether_v1_ScheduleDefinition, ScheduleDefinition__Output as _aether_v1_ScheduleDefinition__Output } from '../../aether/v1/ScheduleDefinition.js';

export interface CreateScheduleRequest {
  /**
   * Letters, digits and _ . - (at most 200).
   */
  'scheduleId'?: (string);
  'definition'?: (_aether_v1_ScheduleDefinition | null);
  /**
   * Create it paused.
   */
  'paused'?: (boolean);
  'note'?: (string);
}

export interface CreateScheduleRequest__Output {
  /**
   * Letters, digits and _ . - (at most 200).
   */
  'scheduleId': (string);
  'definition': (_aether_v1_ScheduleDefinition__Output | null);
  /**
   * Create it paused.
   */
  'paused': (boolean);
  'note': (string);
}
