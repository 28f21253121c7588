// Original file: ../../proto/aether/v1/workspace.proto


export interface ForkRequest {
  'sessionId'?: (string);
  'newId'?: (string);
  'labels'?: ({[key: string]: string});
  'actor'?: (string);
  '_newId'?: "newId";
  '_actor'?: "actor";
}

export interface ForkRequest__Output {
  'sessionId': (string);
  'newId'?: (string);
  'labels': ({[key: string]: string});
  'actor'?: (string);
  '_newId'?: "newId";
  '_actor'?: "actor";
}
