// Original file: ../../proto/aether/v1/workspace.proto


export interface PublishRequest {
  'sessionId'?: (string);
  'topic'?: (string);
  'messageJson'?: (string);
  'actor'?: (string);
  '_actor'?: "actor";
}

export interface PublishRequest__Output {
  'sessionId': (string);
  'topic': (string);
  'messageJson': (string);
  'actor'?: (string);
  '_actor'?: "actor";
}
