// Original file: ../../proto/aether/v1/workspace.proto


export interface CacheKey {
  'sessionId'?: (string);
  'key'?: (string);
}

export interface CacheKey__Output {
  'sessionId': (string);
  'key': (string);
}
