// Original file: ../../proto/aether/v1/schedules.proto

import type { OverlapPolicy as _aether_v1_OverlapPolicy, OverlapPolicy__Output as _aether_v1_OverlapPolicy__Output } from '../../aether/v1/OverlapPolicy.js';
import type { Long } from '@grpc/proto-loader';

export interface BackfillScheduleRequest {
  'scheduleId'?: (string);
  'startAtMs'?: (number | string | Long);
  'endAtMs'?: (number | string | Long);
  /**
   * UNSPECIFIED is BUFFER_ALL here: every tick of the range runs, one after the other.
   */
  'overlap'?: (_aether_v1_OverlapPolicy);
}

export interface BackfillScheduleRequest__Output {
  'scheduleId': (string);
  'startAtMs': (number);
  'endAtMs': (number);
  /**
   * UNSPECIFIED is BUFFER_ALL here: every tick of the range runs, one after the other.
   */
  'overlap': (_aether_v1_OverlapPolicy__Output);
}
