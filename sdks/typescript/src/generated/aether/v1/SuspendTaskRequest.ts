// Original file: ../../proto/aether/v1/worker.proto


export interface SuspendTaskRequest {
  'taskToken'?: (string);
}

export interface SuspendTaskRequest__Output {
  'taskToken': (string);
}
