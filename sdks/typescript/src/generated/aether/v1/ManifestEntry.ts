// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface ManifestEntry {
  'path'?: (string);
  /**
   * "file", "dir" or "symlink".
   */
  'kind'?: (string);
  'size'?: (number | string | Long);
  'hash'?: (string);
  'mode'?: (number);
}

export interface ManifestEntry__Output {
  'path': (string);
  /**
   * "file", "dir" or "symlink".
   */
  'kind': (string);
  'size': (number);
  'hash': (string);
  'mode': (number);
}
