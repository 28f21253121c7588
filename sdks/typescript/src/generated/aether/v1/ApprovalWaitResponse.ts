// Original file: ../../proto/aether/v1/worker.proto

import type { Directive as _aether_v1_Directive, Directive__Output as _aether_v1_Directive__Output } from '../../aether/v1/Directive.js';
import type { StopReason as _aether_v1_StopReason, StopReason__Output as _aether_v1_StopReason__Output } from '../../aether/v1/StopReason.js';
import type { EntryStatus as _aether_v1_EntryStatus, EntryStatus__Output as _aether_v1_EntryStatus__Output } from '../../aether/v1/EntryStatus.js';
import type { Decision as _aether_v1_Decision, Decision__Output as _aether_v1_Decision__Output } from '../../aether/v1/Decision.js';

export interface ApprovalWaitResponse {
  'directive'?: (_aether_v1_Directive);
  'stopReason'?: (_aether_v1_StopReason);
  /**
   * WAITING (suspend until a later task's journal resolves it) or SUCCEEDED with `decision`.
   */
  'status'?: (_aether_v1_EntryStatus);
  'decision'?: (_aether_v1_Decision | null);
  /**
   * The approval's id (chosen by the engine for RequestApproval).
   */
  'approvalId'?: (string);
}

export interface ApprovalWaitResponse__Output {
  'directive': (_aether_v1_Directive__Output);
  'stopReason': (_aether_v1_StopReason__Output);
  /**
   * WAITING (suspend until a later task's journal resolves it) or SUCCEEDED with `decision`.
   */
  'status': (_aether_v1_EntryStatus__Output);
  'decision': (_aether_v1_Decision__Output | null);
  /**
   * The approval's id (chosen by the engine for RequestApproval).
   */
  'approvalId': (string);
}
