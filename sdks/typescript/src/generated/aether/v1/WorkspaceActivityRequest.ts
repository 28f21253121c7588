// Original file: ../../proto/aether/v1/worker.proto


export interface WorkspaceActivityRequest {
  'taskToken'?: (string);
  'position'?: (number);
  /**
   * The operation and its arguments as JSON: {"op": "write", "sessionId": "...", "path": "..."}
   * (ops: create, get, manifest, read, write, dirs, rename, delete, batch, patchSegments,
   * cacheGet, cachePut, cacheDelete, publish, annotate, resolve, checkpoint, restore, fork,
   * commit, merge, promote, export, archive; arguments as the HTTP API names them).
   */
  'activityJson'?: (string);
  /**
   * A write's bytes (they never enter the journal: their digest does).
   */
  'content'?: (Buffer | Uint8Array | string);
}

export interface WorkspaceActivityRequest__Output {
  'taskToken': (string);
  'position': (number);
  /**
   * The operation and its arguments as JSON: {"op": "write", "sessionId": "...", "path": "..."}
   * (ops: create, get, manifest, read, write, dirs, rename, delete, batch, patchSegments,
   * cacheGet, cachePut, cacheDelete, publish, annotate, resolve, checkpoint, restore, fork,
   * commit, merge, promote, export, archive; arguments as the HTTP API names them).
   */
  'activityJson': (string);
  /**
   * A write's bytes (they never enter the journal: their digest does).
   */
  'content': (Buffer);
}
