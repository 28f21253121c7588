// Original file: ../../proto/aether/v1/worker.proto


export interface PollTasksRequest {
  'workerId'?: (string);
}

export interface PollTasksRequest__Output {
  'workerId': (string);
}
