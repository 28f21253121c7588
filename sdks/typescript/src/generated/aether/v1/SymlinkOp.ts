// Original file: ../../proto/aether/v1/workspace.proto


/**
 * Creates (or replaces a file or link at) `path` as a symbolic link whose content is `target`:
 * relative, and staying inside the session.
 */
export interface SymlinkOp {
  'path'?: (string);
  'target'?: (string);
}

/**
 * Creates (or replaces a file or link at) `path` as a symbolic link whose content is `target`:
 * relative, and staying inside the session.
 */
export interface SymlinkOp__Output {
  'path': (string);
  'target': (string);
}
