// Original file: ../../proto/aether/v1/approvals.proto

import type { ApprovalRequest as _aether_v1_ApprovalRequest, ApprovalRequest__Output as _aether_v1_ApprovalRequest__Output } from '../../aether/v1/ApprovalRequest.js';
import type { ApprovalState as _aether_v1_ApprovalState, ApprovalState__Output as _aether_v1_ApprovalState__Output } from '../../aether/v1/ApprovalState.js';
import type { Long } from '@grpc/proto-loader';

export interface Approval {
  'id'?: (string);
  /**
   * The requesting workflow and the journal position of the request; empty for an approval
   * requested outside any workflow.
   */
  'workflowId'?: (string);
  'position'?: (number);
  'request'?: (_aether_v1_ApprovalRequest | null);
  'requestedAtMs'?: (number | string | Long);
  /**
   * 0: never expires.
   */
  'expiresAtMs'?: (number | string | Long);
  'state'?: (_aether_v1_ApprovalState);
  'decidedBy'?: (string);
  /**
   * 0 while undecided.
   */
  'decidedAtMs'?: (number | string | Long);
  'comment'?: (string);
  /**
   * The reviewer's edits or choice, as JSON text.
   */
  'payloadJson'?: (string);
  /**
   * Workflows waiting on it by id.
   */
  'watchers'?: (string)[];
  /**
   * With API keys, decided_by is the deciding key's name and this the name the decider
   * claimed (a request's `by`).
   */
  'decidedByHint'?: (string);
  '_position'?: "position";
  '_decidedBy'?: "decidedBy";
  '_comment'?: "comment";
  '_payloadJson'?: "payloadJson";
  '_decidedByHint'?: "decidedByHint";
}

export interface Approval__Output {
  'id': (string);
  /**
   * The requesting workflow and the journal position of the request; empty for an approval
   * requested outside any workflow.
   */
  'workflowId': (string);
  'position'?: (number);
  'request': (_aether_v1_ApprovalRequest__Output | null);
  'requestedAtMs': (number);
  /**
   * 0: never expires.
   */
  'expiresAtMs': (number);
  'state': (_aether_v1_ApprovalState__Output);
  'decidedBy'?: (string);
  /**
   * 0 while undecided.
   */
  'decidedAtMs': (number);
  'comment'?: (string);
  /**
   * The reviewer's edits or choice, as JSON text.
   */
  'payloadJson'?: (string);
  /**
   * Workflows waiting on it by id.
   */
  'watchers': (string)[];
  /**
   * With API keys, decided_by is the deciding key's name and this the name the decider
   * claimed (a request's `by`).
   */
  'decidedByHint'?: (string);
  '_position'?: "position";
  '_decidedBy'?: "decidedBy";
  '_comment'?: "comment";
  '_payloadJson'?: "payloadJson";
  '_decidedByHint'?: "decidedByHint";
}
