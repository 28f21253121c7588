// Original file: ../../proto/aether/v1/approvals.proto

import type { Outcome as _aether_v1_Outcome, Outcome__Output as _aether_v1_Outcome__Output } from '../../aether/v1/Outcome.js';
import type { Long } from '@grpc/proto-loader';

/**
 * How an approval ended, as the workflow code receives it.
 */
export interface Decision {
  'approvalId'?: (string);
  'outcome'?: (_aether_v1_Outcome);
  /**
   * Absent for an expiry.
   */
  'by'?: (string);
  'comment'?: (string);
  'payloadJson'?: (string);
  'atMs'?: (number | string | Long);
  /**
   * The name the decider claimed, when `by` is the deciding key's name.
   */
  'byHint'?: (string);
  '_by'?: "by";
  '_comment'?: "comment";
  '_payloadJson'?: "payloadJson";
  '_byHint'?: "byHint";
}

/**
 * How an approval ended, as the workflow code receives it.
 */
export interface Decision__Output {
  'approvalId': (string);
  'outcome': (_aether_v1_Outcome__Output);
  /**
   * Absent for an expiry.
   */
  'by'?: (string);
  'comment'?: (string);
  'payloadJson'?: (string);
  'atMs': (number);
  /**
   * The name the decider claimed, when `by` is the deciding key's name.
   */
  'byHint'?: (string);
  '_by'?: "by";
  '_comment'?: "comment";
  '_payloadJson'?: "payloadJson";
  '_byHint'?: "byHint";
}
