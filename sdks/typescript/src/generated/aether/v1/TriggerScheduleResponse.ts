// Original file: ../../proto/aether/v1/schedules.proto

import type { TickOutcome as _aether_v1_TickOutcome, TickOutcome__Output as _aether_v1_TickOutcome__Output } from '../../aether/v1/TickOutcome.js';
import type { Long } from '@grpc/proto-loader';

export interface TriggerScheduleResponse {
  'scheduledAtMs'?: (number | string | Long);
  /**
   * The id the run has (or will have, once buffered).
   */
  'workflowId'?: (string);
  'outcome'?: (_aether_v1_TickOutcome);
}

export interface TriggerScheduleResponse__Output {
  'scheduledAtMs': (number);
  /**
   * The id the run has (or will have, once buffered).
   */
  'workflowId': (string);
  'outcome': (_aether_v1_TickOutcome__Output);
}
