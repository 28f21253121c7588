// Original file: ../../proto/aether/v1/schedules.proto

import type { ScheduleSpec as _aether_v1_ScheduleSpec, ScheduleSpec__Output as _aether_v1_ScheduleSpec__Output } from '../../aether/v1/ScheduleSpec.js';
import type { ScheduleAction as _aether_v1_ScheduleAction, ScheduleAction__Output as _aether_v1_ScheduleAction__Output } from '../../aether/v1/ScheduleAction.js';
import type { OverlapPolicy as _aether_v1_OverlapPolicy, OverlapPolicy__Output as _aether_v1_OverlapPolicy__Output } from '../../aether/v1/OverlapPolicy.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Everything a client sets on a schedule.
 */
export interface ScheduleDefinition {
  'spec'?: (_aether_v1_ScheduleSpec | null);
  'action'?: (_aether_v1_ScheduleAction | null);
  'overlap'?: (_aether_v1_OverlapPolicy);
  /**
   * After downtime, ticks older than this are not run but counted as missed. Absent: one
   * minute.
   */
  'catchupWindowMs'?: (number | string | Long);
  '_catchupWindowMs'?: "catchupWindowMs";
}

/**
 * Everything a client sets on a schedule.
 */
export interface ScheduleDefinition__Output {
  'spec': (_aether_v1_ScheduleSpec__Output | null);
  'action': (_aether_v1_ScheduleAction__Output | null);
  'overlap': (_aether_v1_OverlapPolicy__Output);
  /**
   * After downtime, ticks older than this are not run but counted as missed. Absent: one
   * minute.
   */
  'catchupWindowMs'?: (number);
  '_catchupWindowMs'?: "catchupWindowMs";
}
