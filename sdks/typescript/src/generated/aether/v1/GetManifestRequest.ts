// Original file: ../../proto/aether/v1/workspace.proto


/**
 * Field 1 is SessionRef's, so an older client's request still reads the current tree.
 */
export interface GetManifestRequest {
  'sessionId'?: (string);
  /**
   * A checkpoint of the session, by id or name: its tree instead of the current one.
   */
  'checkpoint'?: (string);
  '_checkpoint'?: "checkpoint";
}

/**
 * Field 1 is SessionRef's, so an older client's request still reads the current tree.
 */
export interface GetManifestRequest__Output {
  'sessionId': (string);
  /**
   * A checkpoint of the session, by id or name: its tree instead of the current one.
   */
  'checkpoint'?: (string);
  '_checkpoint'?: "checkpoint";
}
