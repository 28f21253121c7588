// Original file: ../../proto/aether/v1/worker.proto


export interface HeartbeatResponse {
  /**
   * False when the engine does not know the worker (e.g. it restarted): register again.
   */
  'known'?: (boolean);
}

export interface HeartbeatResponse__Output {
  /**
   * False when the engine does not know the worker (e.g. it restarted): register again.
   */
  'known': (boolean);
}
