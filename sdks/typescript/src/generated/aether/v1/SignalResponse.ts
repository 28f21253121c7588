// Original file: ../../proto/aether/v1/client.proto


export interface SignalResponse {
  'duplicate'?: (boolean);
}

export interface SignalResponse__Output {
  'duplicate': (boolean);
}
