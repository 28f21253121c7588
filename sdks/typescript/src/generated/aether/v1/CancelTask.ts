// Original file: ../../proto/aether/v1/worker.proto


export interface CancelTask {
  'workflowId'?: (string);
  'taskToken'?: (string);
  'reason'?: (string);
}

export interface CancelTask__Output {
  'workflowId': (string);
  'taskToken': (string);
  'reason': (string);
}
