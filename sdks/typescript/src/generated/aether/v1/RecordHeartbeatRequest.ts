// Original file: ../../proto/aether/v1/worker.proto


export interface RecordHeartbeatRequest {
  'taskToken'?: (string);
  'position'?: (number);
  'attempt'?: (number);
  /**
   * The latest progress, as the SDK encodes payloads; absent keeps the previous details.
   */
  'details'?: (Buffer | Uint8Array | string);
  '_details'?: "details";
}

export interface RecordHeartbeatRequest__Output {
  'taskToken': (string);
  'position': (number);
  'attempt': (number);
  /**
   * The latest progress, as the SDK encodes payloads; absent keeps the previous details.
   */
  'details'?: (Buffer);
  '_details'?: "details";
}
