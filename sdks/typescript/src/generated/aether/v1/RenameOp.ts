// Original file: ../../proto/aether/v1/workspace.proto


export interface RenameOp {
  'from'?: (string);
  'to'?: (string);
}

export interface RenameOp__Output {
  'from': (string);
  'to': (string);
}
