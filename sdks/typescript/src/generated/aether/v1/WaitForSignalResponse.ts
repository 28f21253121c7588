// Original file: ../../proto/aether/v1/worker.proto

import type { Directive as _aether_v1_Directive, Directive__Output as _aether_v1_Directive__Output } from '../../aether/v1/Directive.js';
import type { StopReason as _aether_v1_StopReason, StopReason__Output as _aether_v1_StopReason__Output } from '../../aether/v1/StopReason.js';
import type { EntryStatus as _aether_v1_EntryStatus, EntryStatus__Output as _aether_v1_EntryStatus__Output } from '../../aether/v1/EntryStatus.js';

export interface WaitForSignalResponse {
  'directive'?: (_aether_v1_Directive);
  'stopReason'?: (_aether_v1_StopReason);
  /**
   * WAITING (suspend until a later task's journal resolves it), SUCCEEDED with `payload`, or
   * TIMED_OUT.
   */
  'status'?: (_aether_v1_EntryStatus);
  'payload'?: (Buffer | Uint8Array | string);
}

export interface WaitForSignalResponse__Output {
  'directive': (_aether_v1_Directive__Output);
  'stopReason': (_aether_v1_StopReason__Output);
  /**
   * WAITING (suspend until a later task's journal resolves it), SUCCEEDED with `payload`, or
   * TIMED_OUT.
   */
  'status': (_aether_v1_EntryStatus__Output);
  'payload': (Buffer);
}
