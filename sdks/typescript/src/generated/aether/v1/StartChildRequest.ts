// Original file: ../../proto/aether/v1/worker.proto


export interface StartChildRequest {
  'taskToken'?: (string);
  'position'?: (number);
  'workflowType'?: (string);
  'input'?: (Buffer | Uint8Array | string);
  /**
   * Optional; derived from the parent's id and the position when empty.
   */
  'workflowId'?: (string);
}

export interface StartChildRequest__Output {
  'taskToken': (string);
  'position': (number);
  'workflowType': (string);
  'input': (Buffer);
  /**
   * Optional; derived from the parent's id and the position when empty.
   */
  'workflowId': (string);
}
