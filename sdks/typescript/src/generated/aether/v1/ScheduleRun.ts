// Original file: ../../proto/aether/v1/schedules.proto

import type { WorkflowState as _aether_v1_WorkflowState, WorkflowState__Output as _aether_v1_WorkflowState__Output } from '../../aether/v1/WorkflowState.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One run a schedule started (or claimed and is starting).
 */
export interface ScheduleRun {
  /**
   * The tick's time (before jitter), which the workflow id names.
   */
  'scheduledAtMs'?: (number | string | Long);
  /**
   * When the engine started it.
   */
  'startedAtMs'?: (number | string | Long);
  'workflowId'?: (string);
  /**
   * As of the describe; UNSPECIFIED if the run is not found yet (its start is being retried).
   */
  'state'?: (_aether_v1_WorkflowState);
}

/**
 * One run a schedule started (or claimed and is starting).
 */
export interface ScheduleRun__Output {
  /**
   * The tick's time (before jitter), which the workflow id names.
   */
  'scheduledAtMs': (number);
  /**
   * When the engine started it.
   */
  'startedAtMs': (number);
  'workflowId': (string);
  /**
   * As of the describe; UNSPECIFIED if the run is not found yet (its start is being retried).
   */
  'state': (_aether_v1_WorkflowState__Output);
}
