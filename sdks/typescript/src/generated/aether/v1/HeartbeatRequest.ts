// Original file: ../../proto/aether/v1/worker.proto


export interface HeartbeatRequest {
  'workerId'?: (string);
}

export interface HeartbeatRequest__Output {
  'workerId': (string);
}
