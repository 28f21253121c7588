// Original file: ../../proto/aether/v1/approvals.proto


export interface AnnotationEvidence {
  'sessionId'?: (string);
  'annotationId'?: (string);
}

export interface AnnotationEvidence__Output {
  'sessionId': (string);
  'annotationId': (string);
}
