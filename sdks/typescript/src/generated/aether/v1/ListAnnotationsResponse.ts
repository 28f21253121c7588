// Original file: ../../proto/aether/v1/workspace.proto

import type { Annotation as _aether_v1_Annotation, Annotation__Output as _aether_v1_Annotation__Output } from '../../aether/v1/Annotation.js';

export interface ListAnnotationsResponse {
  'annotations'?: (_aether_v1_Annotation)[];
}

export interface ListAnnotationsResponse__Output {
  'annotations': (_aether_v1_Annotation__Output)[];
}
