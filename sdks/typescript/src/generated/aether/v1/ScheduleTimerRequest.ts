// Original file: ../../proto/aether/v1/worker.proto

import type { Long } from '@grpc/proto-loader';

export interface ScheduleTimerRequest {
  'taskToken'?: (string);
  'position'?: (number);
  'name'?: (string);
  'durationMs'?: (number | string | Long);
}

export interface ScheduleTimerRequest__Output {
  'taskToken': (string);
  'position': (number);
  'name': (string);
  'durationMs': (number);
}
