// Original file: ../../proto/aether/v1/workspace.proto


export interface SubscribeRequest {
  'sessionId'?: (string);
  'topic'?: (string);
}

export interface SubscribeRequest__Output {
  'sessionId': (string);
  'topic': (string);
}
