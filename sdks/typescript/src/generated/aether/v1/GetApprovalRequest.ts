// Original file: ../../proto/aether/v1/approvals.proto


export interface GetApprovalRequest {
  'approvalId'?: (string);
}

export interface GetApprovalRequest__Output {
  'approvalId': (string);
}
