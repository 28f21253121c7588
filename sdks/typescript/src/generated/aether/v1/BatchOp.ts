// Original file: ../../proto/aether/v1/workspace.proto

import type { WriteOp as _aether_v1_WriteOp, WriteOp__Output as _aether_v1_WriteOp__Output } from '../../aether/v1/WriteOp.js';
import type { RenameOp as _aether_v1_RenameOp, RenameOp__Output as _aether_v1_RenameOp__Output } from '../../aether/v1/RenameOp.js';
import type { SymlinkOp as _aether_v1_SymlinkOp, SymlinkOp__Output as _aether_v1_SymlinkOp__Output } from '../../aether/v1/SymlinkOp.js';
import type { ChmodOp as _aether_v1_ChmodOp, ChmodOp__Output as _aether_v1_ChmodOp__Output } from '../../aether/v1/ChmodOp.js';

export interface BatchOp {
  'write'?: (_aether_v1_WriteOp | null);
  'delete'?: (string);
  'mkdir'?: (string);
  'rename'?: (_aether_v1_RenameOp | null);
  'symlink'?: (_aether_v1_SymlinkOp | null);
  'chmod'?: (_aether_v1_ChmodOp | null);
  'op'?: "write"|"delete"|"mkdir"|"rename"|"symlink"|"chmod";
}

export interface BatchOp__Output {
  'write'?: (_aether_v1_WriteOp__Output | null);
  'delete'?: (string);
  'mkdir'?: (string);
  'rename'?: (_aether_v1_RenameOp__Output | null);
  'symlink'?: (_aether_v1_SymlinkOp__Output | null);
  'chmod'?: (_aether_v1_ChmodOp__Output | null);
  'op'?: "write"|"delete"|"mkdir"|"rename"|"symlink"|"chmod";
}
