// Original file: ../../proto/aether/v1/approvals.proto

import type { SessionEvidence as _aether_v1_SessionEvidence, SessionEvidence__Output as _aether_v1_SessionEvidence__Output } from '../../aether/v1/SessionEvidence.js';
import type { CheckpointEvidence as _aether_v1_CheckpointEvidence, CheckpointEvidence__Output as _aether_v1_CheckpointEvidence__Output } from '../../aether/v1/CheckpointEvidence.js';
import type { AnnotationEvidence as _aether_v1_AnnotationEvidence, AnnotationEvidence__Output as _aether_v1_AnnotationEvidence__Output } from '../../aether/v1/AnnotationEvidence.js';
import type { UrlEvidence as _aether_v1_UrlEvidence, UrlEvidence__Output as _aether_v1_UrlEvidence__Output } from '../../aether/v1/UrlEvidence.js';

/**
 * What an approval points at for the reviewer.
 */
export interface Evidence {
  'session'?: (_aether_v1_SessionEvidence | null);
  'checkpoint'?: (_aether_v1_CheckpointEvidence | null);
  'annotation'?: (_aether_v1_AnnotationEvidence | null);
  'url'?: (_aether_v1_UrlEvidence | null);
  'kind'?: "session"|"checkpoint"|"annotation"|"url";
}

/**
 * What an approval points at for the reviewer.
 */
export interface Evidence__Output {
  'session'?: (_aether_v1_SessionEvidence__Output | null);
  'checkpoint'?: (_aether_v1_CheckpointEvidence__Output | null);
  'annotation'?: (_aether_v1_AnnotationEvidence__Output | null);
  'url'?: (_aether_v1_UrlEvidence__Output | null);
  'kind'?: "session"|"checkpoint"|"annotation"|"url";
}
