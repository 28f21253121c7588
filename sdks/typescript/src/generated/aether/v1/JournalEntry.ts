// Original file: ../../proto/aether/v1/worker.proto

import type { EntryKind as _aether_v1_EntryKind, EntryKind__Output as _aether_v1_EntryKind__Output } from '../../aether/v1/EntryKind.js';
import type { EntryStatus as _aether_v1_EntryStatus, EntryStatus__Output as _aether_v1_EntryStatus__Output } from '../../aether/v1/EntryStatus.js';
import type { Failure as _aether_v1_Failure, Failure__Output as _aether_v1_Failure__Output } from '../../aether/v1/Failure.js';

export interface JournalEntry {
  'position'?: (number);
  'name'?: (string);
  'kind'?: (_aether_v1_EntryKind);
  'status'?: (_aether_v1_EntryStatus);
  'result'?: (Buffer | Uint8Array | string);
  'failure'?: (_aether_v1_Failure | null);
  /**
   * For RETRY_READY, the attempt to run; otherwise the attempts made so far.
   */
  'attempt'?: (number);
  'childWorkflowId'?: (string);
  /**
   * A step whose last attempt failed (a retry is due): the heartbeat details it left, which
   * the next attempt resumes from.
   */
  'heartbeatDetails'?: (Buffer | Uint8Array | string);
  '_heartbeatDetails'?: "heartbeatDetails";
}

export interface JournalEntry__Output {
  'position': (number);
  'name': (string);
  'kind': (_aether_v1_EntryKind__Output);
  'status': (_aether_v1_EntryStatus__Output);
  'result': (Buffer);
  'failure': (_aether_v1_Failure__Output | null);
  /**
   * For RETRY_READY, the attempt to run; otherwise the attempts made so far.
   */
  'attempt': (number);
  'childWorkflowId': (string);
  /**
   * A step whose last attempt failed (a retry is due): the heartbeat details it left, which
   * the next attempt resumes from.
   */
  'heartbeatDetails'?: (Buffer);
  '_heartbeatDetails'?: "heartbeatDetails";
}
