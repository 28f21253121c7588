// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface ReadFileRequest {
  'sessionId'?: (string);
  'path'?: (string);
  'offset'?: (number | string | Long);
  'length'?: (number | string | Long);
  /**
   * A checkpoint of the session, by id or name: the file as it was there.
   */
  'checkpoint'?: (string);
  '_length'?: "length";
  '_checkpoint'?: "checkpoint";
}

export interface ReadFileRequest__Output {
  'sessionId': (string);
  'path': (string);
  'offset': (number);
  'length'?: (number);
  /**
   * A checkpoint of the session, by id or name: the file as it was there.
   */
  'checkpoint'?: (string);
  '_length'?: "length";
  '_checkpoint'?: "checkpoint";
}
