// Original file: ../../proto/aether/v1/worker.proto


export interface RegisterRequest {
  /**
   * Optional; the engine assigns one when empty. Re-registering with the same id after a
   * reconnect keeps the worker's tasks.
   */
  'workerId'?: (string);
  'workflowTypes'?: (string)[];
  /**
   * How many tasks the worker runs at once.
   */
  'capacity'?: (number);
  /**
   * Tokens of the tasks the worker is still running (after a reconnect). The engine expires
   * any other lease it thinks the worker holds, so that a task lost in transit is re-sent.
   */
  'heldTaskTokens'?: (string)[];
}

export interface RegisterRequest__Output {
  /**
   * Optional; the engine assigns one when empty. Re-registering with the same id after a
   * reconnect keeps the worker's tasks.
   */
  'workerId': (string);
  'workflowTypes': (string)[];
  /**
   * How many tasks the worker runs at once.
   */
  'capacity': (number);
  /**
   * Tokens of the tasks the worker is still running (after a reconnect). The engine expires
   * any other lease it thinks the worker holds, so that a task lost in transit is re-sent.
   */
  'heldTaskTokens': (string)[];
}
