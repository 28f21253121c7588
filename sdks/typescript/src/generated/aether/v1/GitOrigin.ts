// Original file: ../../proto/aether/v1/workspace.proto


export interface GitOrigin {
  /**
   * A path on the server's machine.
   */
  'path'?: (string);
  /**
   * Branch, tag, commit or revspec; HEAD when empty.
   */
  'ref'?: (string);
}

export interface GitOrigin__Output {
  /**
   * A path on the server's machine.
   */
  'path': (string);
  /**
   * Branch, tag, commit or revspec; HEAD when empty.
   */
  'ref': (string);
}
