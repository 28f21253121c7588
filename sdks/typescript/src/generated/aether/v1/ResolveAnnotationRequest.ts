// Original file: ../../proto/aether/v1/workspace.proto


export interface ResolveAnnotationRequest {
  'sessionId'?: (string);
  'annotationId'?: (string);
  'resolved'?: (boolean);
  'actor'?: (string);
  '_actor'?: "actor";
}

export interface ResolveAnnotationRequest__Output {
  'sessionId': (string);
  'annotationId': (string);
  'resolved': (boolean);
  'actor'?: (string);
  '_actor'?: "actor";
}
