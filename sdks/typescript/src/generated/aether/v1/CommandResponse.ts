// Original file: ../../proto/aether/v1/worker.proto

import type { Directive as _aether_v1_Directive, Directive__Output as _aether_v1_Directive__Output } from '../../aether/v1/Directive.js';
import type { StopReason as _aether_v1_StopReason, StopReason__Output as _aether_v1_StopReason__Output } from '../../aether/v1/StopReason.js';

export interface CommandResponse {
  'directive'?: (_aether_v1_Directive);
  'stopReason'?: (_aether_v1_StopReason);
}

export interface CommandResponse__Output {
  'directive': (_aether_v1_Directive__Output);
  'stopReason': (_aether_v1_StopReason__Output);
}
