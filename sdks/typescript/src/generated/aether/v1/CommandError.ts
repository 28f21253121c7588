// Original file: ../../proto/aether/v1/common.proto


/**
 * A request refused on a multiplexed stream (the worker's Commands, the client's Starts), as the
 * unary call would have failed.
 */
export interface CommandError {
  /**
   * A gRPC status code.
   */
  'code'?: (number);
  'message'?: (string);
}

/**
 * A request refused on a multiplexed stream (the worker's Commands, the client's Starts), as the
 * unary call would have failed.
 */
export interface CommandError__Output {
  /**
   * A gRPC status code.
   */
  'code': (number);
  'message': (string);
}
