// Original file: ../../proto/aether/v1/approvals.proto


export interface CheckpointEvidence {
  'sessionId'?: (string);
  'checkpointId'?: (string);
}

export interface CheckpointEvidence__Output {
  'sessionId': (string);
  'checkpointId': (string);
}
