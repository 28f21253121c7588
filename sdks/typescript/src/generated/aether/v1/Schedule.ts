// Original file: ../../proto/aether/v1/schedules.proto

import type { ScheduleDefinition as _aether_v1_ScheduleDefinition, ScheduleDefinition__Output as _aether_v1_ScheduleDefinition__Output } from '../../aether/v1/ScheduleDefinition.js';
import type { Long } from '@grpc/proto-loader';

export interface Schedule {
  'scheduleId'?: (string);
  /**
   * As stored: the time zone is filled in ("UTC" when none was given), the policy and the
   * catch-up window too.
   */
  'definition'?: (_aether_v1_ScheduleDefinition | null);
  'paused'?: (boolean);
  /**
   * Why it was paused (or unpaused), as the last caller said.
   */
  'note'?: (string);
  'createdAtMs'?: (number | string | Long);
  'updatedAtMs'?: (number | string | Long);
}

export interface Schedule__Output {
  'scheduleId': (string);
  /**
   * As stored: the time zone is filled in ("UTC" when none was given), the policy and the
   * catch-up window too.
   */
  'definition': (_aether_v1_ScheduleDefinition__Output | null);
  'paused': (boolean);
  /**
   * Why it was paused (or unpaused), as the last caller said.
   */
  'note': (string);
  'createdAtMs': (number);
  'updatedAtMs': (number);
}
