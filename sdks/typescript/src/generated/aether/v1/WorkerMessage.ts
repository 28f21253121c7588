// Original file: ../../proto/aether/v1/worker.proto

import type { Task as _aether_v1_Task, Task__Output as _aether_v1_Task__Output } from '../../aether/v1/Task.js';
import type { CancelTask as _aether_v1_CancelTask, CancelTask__Output as _aether_v1_CancelTask__Output } from '../../aether/v1/CancelTask.js';

export interface WorkerMessage {
  'task'?: (_aether_v1_Task | null);
  'cancel'?: (_aether_v1_CancelTask | null);
  'message'?: "task"|"cancel";
}

export interface WorkerMessage__Output {
  'task'?: (_aether_v1_Task__Output | null);
  'cancel'?: (_aether_v1_CancelTask__Output | null);
  'message'?: "task"|"cancel";
}
