// Original file: ../../proto/aether/v1/workspace.proto

import type { Blank as _aether_v1_Blank, Blank__Output as _aether_v1_Blank__Output } from '../../aether/v1/Blank.js';
import type { GitOrigin as _aether_v1_GitOrigin, GitOrigin__Output as _aether_v1_GitOrigin__Output } from '../../aether/v1/GitOrigin.js';

export interface CreateSessionRequest {
  'id'?: (string);
  'labels'?: ({[key: string]: string});
  'blank'?: (_aether_v1_Blank | null);
  'source'?: (string);
  'checkpointId'?: (string);
  'git'?: (_aether_v1_GitOrigin | null);
  'tarGz'?: (Buffer | Uint8Array | string);
  /**
   * Who is acting, for the event log.
   */
  'actor'?: (string);
  '_id'?: "id";
  'from'?: "blank"|"source"|"checkpointId"|"git"|"tarGz";
  '_actor'?: "actor";
}

export interface CreateSessionRequest__Output {
  'id'?: (string);
  'labels': ({[key: string]: string});
  'blank'?: (_aether_v1_Blank__Output | null);
  'source'?: (string);
  'checkpointId'?: (string);
  'git'?: (_aether_v1_GitOrigin__Output | null);
  'tarGz'?: (Buffer);
  /**
   * Who is acting, for the event log.
   */
  'actor'?: (string);
  '_id'?: "id";
  'from'?: "blank"|"source"|"checkpointId"|"git"|"tarGz";
  '_actor'?: "actor";
}
