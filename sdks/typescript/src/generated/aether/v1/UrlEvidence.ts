// Original file: ../../proto/aether/v1/approvals.proto


export interface UrlEvidence {
  'url'?: (string);
  'label'?: (string);
  '_label'?: "label";
}

export interface UrlEvidence__Output {
  'url': (string);
  'label'?: (string);
  '_label'?: "label";
}
