// Original file: ../../proto/aether/v1/common.proto


/**
 * An error as recorded in the history: a failed step attempt, a failed workflow.
 */
export interface Failure {
  'message'?: (string);
  /**
   * The error's type name (e.g. "TypeError", "PaymentDeclined"); matched by
   * RetryPolicy.non_retryable_error_types.
   */
  'errorType'?: (string);
  /**
   * The stack trace, when the SDK has one.
   */
  'stack'?: (string);
  /**
   * Set by user code to stop retries regardless of the policy.
   */
  'nonRetryable'?: (boolean);
  /**
   * Set when the engine failed an attempt or a workflow because a timeout passed: heartbeat,
   * start_to_close, schedule_to_start, schedule_to_close or execution (error_type is
   * "TimeoutError"). Empty otherwise.
   */
  'timeout'?: (string);
}

/**
 * An error as recorded in the history: a failed step attempt, a failed workflow.
 */
export interface Failure__Output {
  'message': (string);
  /**
   * The error's type name (e.g. "TypeError", "PaymentDeclined"); matched by
   * RetryPolicy.non_retryable_error_types.
   */
  'errorType': (string);
  /**
   * The stack trace, when the SDK has one.
   */
  'stack': (string);
  /**
   * Set by user code to stop retries regardless of the policy.
   */
  'nonRetryable': (boolean);
  /**
   * Set when the engine failed an attempt or a workflow because a timeout passed: heartbeat,
   * start_to_close, schedule_to_start, schedule_to_close or execution (error_type is
   * "TimeoutError"). Empty otherwise.
   */
  'timeout': (string);
}
