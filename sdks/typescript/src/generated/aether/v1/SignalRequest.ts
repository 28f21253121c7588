// Original file: ../../proto/aether/v1/client.proto


export interface SignalRequest {
  'workflowId'?: (string);
  'name'?: (string);
  'payload'?: (Buffer | Uint8Array | string);
  /**
   * Optional: a signal whose key the workflow has already accepted is accepted again without
   * being recorded twice (duplicate = true).
   */
  'idempotencyKey'?: (string);
}

export interface SignalRequest__Output {
  'workflowId': (string);
  'name': (string);
  'payload': (Buffer);
  /**
   * Optional: a signal whose key the workflow has already accepted is accepted again without
   * being recorded twice (duplicate = true).
   */
  'idempotencyKey': (string);
}
