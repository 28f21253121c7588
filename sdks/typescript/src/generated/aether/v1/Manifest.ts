// Original file: ../../proto/aether/v1/workspace.proto

import type { ManifestEntry as _aether_v1_ManifestEntry, ManifestEntry__Output as _aether_v1_ManifestEntry__Output } from '../../aether/v1/ManifestEntry.js';
import type { Long } from '@grpc/proto-loader';

export interface Manifest {
  'sessionId'?: (string);
  'revision'?: (number | string | Long);
  'root'?: (string);
  'sizeBytes'?: (number | string | Long);
  'fileCount'?: (number | string | Long);
  'entries'?: (_aether_v1_ManifestEntry)[];
}

export interface Manifest__Output {
  'sessionId': (string);
  'revision': (number);
  'root': (string);
  'sizeBytes': (number);
  'fileCount': (number);
  'entries': (_aether_v1_ManifestEntry__Output)[];
}
