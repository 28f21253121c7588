// Original file: ../../proto/aether/v1/workspace.proto

import type { Session as _aether_v1_Session, Session__Output as _aether_v1_Session__Output } from '../../aether/v1/Session.js';

export interface ListSessionsResponse {
  'sessions'?: (_aether_v1_Session)[];
}

export interface ListSessionsResponse__Output {
  'sessions': (_aether_v1_Session__Output)[];
}
