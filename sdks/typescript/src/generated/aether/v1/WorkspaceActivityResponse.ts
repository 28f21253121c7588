// Original file: ../../proto/aether/v1/worker.proto

import type { Directive as _aether_v1_Directive, Directive__Output as _aether_v1_Directive__Output } from '../../aether/v1/Directive.js';
import type { StopReason as _aether_v1_StopReason, StopReason__Output as _aether_v1_StopReason__Output } from '../../aether/v1/StopReason.js';
import type { EntryStatus as _aether_v1_EntryStatus, EntryStatus__Output as _aether_v1_EntryStatus__Output } from '../../aether/v1/EntryStatus.js';
import type { Failure as _aether_v1_Failure, Failure__Output as _aether_v1_Failure__Output } from '../../aether/v1/Failure.js';

export interface WorkspaceActivityResponse {
  'directive'?: (_aether_v1_Directive);
  'stopReason'?: (_aether_v1_StopReason);
  /**
   * SUCCEEDED with `result_json`, or FAILED with `failure`.
   */
  'status'?: (_aether_v1_EntryStatus);
  'resultJson'?: (string);
  'failure'?: (_aether_v1_Failure | null);
  /**
   * The bytes of a read or an export.
   */
  'content'?: (Buffer | Uint8Array | string);
}

export interface WorkspaceActivityResponse__Output {
  'directive': (_aether_v1_Directive__Output);
  'stopReason': (_aether_v1_StopReason__Output);
  /**
   * SUCCEEDED with `result_json`, or FAILED with `failure`.
   */
  'status': (_aether_v1_EntryStatus__Output);
  'resultJson': (string);
  'failure': (_aether_v1_Failure__Output | null);
  /**
   * The bytes of a read or an export.
   */
  'content': (Buffer);
}
