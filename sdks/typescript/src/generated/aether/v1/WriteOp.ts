// Original file: ../../proto/aether/v1/workspace.proto


export interface WriteOp {
  'path'?: (string);
  'content'?: (Buffer | Uint8Array | string);
  'mode'?: (number);
  '_mode'?: "mode";
}

export interface WriteOp__Output {
  'path': (string);
  'content': (Buffer);
  'mode'?: (number);
  '_mode'?: "mode";
}
