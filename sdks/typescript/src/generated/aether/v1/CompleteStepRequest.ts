// Original file: ../../proto/aether/v1/worker.proto

import type { Failure as _aether_v1_Failure, Failure__Output as _aether_v1_Failure__Output } from '../../aether/v1/Failure.js';
import type { RetryPolicy as _aether_v1_RetryPolicy, RetryPolicy__Output as _aether_v1_RetryPolicy__Output } from '../../aether/v1/RetryPolicy.js';
import type { Long } from '@grpc/proto-loader';

export interface CompleteStepRequest {
  'taskToken'?: (string);
  'position'?: (number);
  'name'?: (string);
  /**
   * 1-based attempt number.
   */
  'attempt'?: (number);
  'result'?: (Buffer | Uint8Array | string);
  'failure'?: (_aether_v1_Failure | null);
  /**
   * Absent: the step is not retried and its failure goes to the workflow code.
   */
  'retryPolicy'?: (_aether_v1_RetryPolicy | null);
  /**
   * How long the attempt ran, measured by the worker; recorded for people reading the history.
   */
  'durationMs'?: (number | string | Long);
  /**
   * Set by a worker that keeps the result it reports (the SDKs do): a response whose result is
   * the reported one (as_reported) then leaves it out. Unset, the result is always sent back.
   */
  'omitReportedResult'?: (boolean);
  'outcome'?: "result"|"failure";
  '_durationMs'?: "durationMs";
}

export interface CompleteStepRequest__Output {
  'taskToken': (string);
  'position': (number);
  'name': (string);
  /**
   * 1-based attempt number.
   */
  'attempt': (number);
  'result'?: (Buffer);
  'failure'?: (_aether_v1_Failure__Output | null);
  /**
   * Absent: the step is not retried and its failure goes to the workflow code.
   */
  'retryPolicy': (_aether_v1_RetryPolicy__Output | null);
  /**
   * How long the attempt ran, measured by the worker; recorded for people reading the history.
   */
  'durationMs'?: (number);
  /**
   * Set by a worker that keeps the result it reports (the SDKs do): a response whose result is
   * the reported one (as_reported) then leaves it out. Unset, the result is always sent back.
   */
  'omitReportedResult': (boolean);
  'outcome'?: "result"|"failure";
  '_durationMs'?: "durationMs";
}
