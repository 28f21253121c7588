// Original file: ../../proto/aether/v1/worker.proto

import type { Directive as _aether_v1_Directive, Directive__Output as _aether_v1_Directive__Output } from '../../aether/v1/Directive.js';
import type { StopReason as _aether_v1_StopReason, StopReason__Output as _aether_v1_StopReason__Output } from '../../aether/v1/StopReason.js';
import type { StepOutcome as _aether_v1_StepOutcome, StepOutcome__Output as _aether_v1_StepOutcome__Output } from '../../aether/v1/StepOutcome.js';
import type { Failure as _aether_v1_Failure, Failure__Output as _aether_v1_Failure__Output } from '../../aether/v1/Failure.js';
import type { Long } from '@grpc/proto-loader';

export interface CompleteStepResponse {
  'directive'?: (_aether_v1_Directive);
  'stopReason'?: (_aether_v1_StopReason);
  'outcome'?: (_aether_v1_StepOutcome);
  'retryAtMs'?: (number | string | Long);
  /**
   * The recorded result: a duplicate report of a position already recorded gets the journal's,
   * which may differ from the request's. Left out (empty) when as_reported and the request set
   * omit_reported_result: the worker has it, and a large result would cross the wire twice.
   */
  'result'?: (Buffer | Uint8Array | string);
  /**
   * The recorded failure, which differs from the request's for a duplicate report.
   */
  'failure'?: (_aether_v1_Failure | null);
  /**
   * With STEP_OUTCOME_SUCCEEDED: this request's own result was recorded.
   */
  'asReported'?: (boolean);
}

export interface CompleteStepResponse__Output {
  'directive': (_aether_v1_Directive__Output);
  'stopReason': (_aether_v1_StopReason__Output);
  'outcome': (_aether_v1_StepOutcome__Output);
  'retryAtMs': (number);
  /**
   * The recorded result: a duplicate report of a position already recorded gets the journal's,
   * which may differ from the request's. Left out (empty) when as_reported and the request set
   * omit_reported_result: the worker has it, and a large result would cross the wire twice.
   */
  'result': (Buffer);
  /**
   * The recorded failure, which differs from the request's for a duplicate report.
   */
  'failure': (_aether_v1_Failure__Output | null);
  /**
   * With STEP_OUTCOME_SUCCEEDED: this request's own result was recorded.
   */
  'asReported': (boolean);
}
