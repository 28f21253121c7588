// Original file: ../../proto/aether/v1/workspace.proto


/**
 * The permission bits (0 to 0o777) of an existing file or directory.
 */
export interface ChmodOp {
  'path'?: (string);
  'mode'?: (number);
}

/**
 * The permission bits (0 to 0o777) of an existing file or directory.
 */
export interface ChmodOp__Output {
  'path': (string);
  'mode': (number);
}
