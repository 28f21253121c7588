// Original file: ../../proto/aether/v1/worker.proto


/**
 * A command the engine refused, as the unary call would have failed.
 */
export interface CommandError {
  /**
   * A gRPC status code.
   */
  'code'?: (number);
  'message'?: (string);
}

/**
 * A command the engine refused, as the unary call would have failed.
 */
export interface CommandError__Output {
  /**
   * A gRPC status code.
   */
  'code': (number);
  'message': (string);
}
