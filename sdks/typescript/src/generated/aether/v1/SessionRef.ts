// Original file: ../../proto/aether/v1/workspace.proto


export interface SessionRef {
  'sessionId'?: (string);
}

export interface SessionRef__Output {
  'sessionId': (string);
}
