// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface ExportResponse {
  'revision'?: (number | string | Long);
  'tarGz'?: (Buffer | Uint8Array | string);
}

export interface ExportResponse__Output {
  'revision': (number);
  'tarGz': (Buffer);
}
