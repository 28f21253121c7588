// Original file: ../../proto/aether/v1/workspace.proto

import type { WriteOp as _aether_v1_WriteOp, WriteOp__Output as _aether_v1_WriteOp__Output } from '../../aether/v1/WriteOp.js';
import type { RenameOp as _aether_v1_RenameOp, RenameOp__Output as _aether_v1_RenameOp__Output } from '../../aether/v1/RenameOp.js';

export interface BatchOp {
  'write'?: (_aether_v1_WriteOp | null);
  'delete'?: (string);
  'mkdir'?: (string);
  'rename'?: (_aether_v1_RenameOp | null);
  'op'?: "write"|"delete"|"mkdir"|"rename";
}

export interface BatchOp__Output {
  'write'?: (_aether_v1_WriteOp__Output | null);
  'delete'?: (string);
  'mkdir'?: (string);
  'rename'?: (_aether_v1_RenameOp__Output | null);
  'op'?: "write"|"delete"|"mkdir"|"rename";
}
