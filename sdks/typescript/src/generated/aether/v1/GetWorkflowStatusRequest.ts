// Original file: ../../proto/aether/v1/client.proto


export interface GetWorkflowStatusRequest {
  'workflowId'?: (string);
}

export interface GetWorkflowStatusRequest__Output {
  'workflowId': (string);
}
