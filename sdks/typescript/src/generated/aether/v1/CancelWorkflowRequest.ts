// Original file: ../../proto/aether/v1/client.proto


export interface CancelWorkflowRequest {
  'workflowId'?: (string);
  'reason'?: (string);
}

export interface CancelWorkflowRequest__Output {
  'workflowId': (string);
  'reason': (string);
}
