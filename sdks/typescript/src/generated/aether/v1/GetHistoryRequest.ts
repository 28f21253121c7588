// Original file: ../../proto/aether/v1/client.proto


export interface GetHistoryRequest {
  'workflowId'?: (string);
}

export interface GetHistoryRequest__Output {
  'workflowId': (string);
}
