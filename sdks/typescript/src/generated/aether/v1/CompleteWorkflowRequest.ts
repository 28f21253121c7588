// Original file: ../../proto/aether/v1/worker.proto

import type { Failure as _aether_v1_Failure, Failure__Output as _aether_v1_Failure__Output } from '../../aether/v1/Failure.js';
import type { CompleteStepRequest as _aether_v1_CompleteStepRequest, CompleteStepRequest__Output as _aether_v1_CompleteStepRequest__Output } from '../../aether/v1/CompleteStepRequest.js';

export interface CompleteWorkflowRequest {
  'taskToken'?: (string);
  'result'?: (Buffer | Uint8Array | string);
  'failure'?: (_aether_v1_Failure | null);
  /**
   * Successful step reports the worker held back: a worker may hold a step's report while the
   * workflow's code runs on without waiting for anything, and send it before its next call or
   * here, when the code went straight on to its end (its last steps, typically). They are
   * recorded in order, in the completion's own commit, before the outcome. Each must carry a
   * result; their task_token is ignored (the request's counts). Should one find its position
   * already recorded with another result, the code ran on a value the journal does not hold: the
   * steps are kept, the completion is not, and the task ends (STOP, LEASE_LOST) so that the
   * workflow replays from its journal.
   */
  'steps'?: (_aether_v1_CompleteStepRequest)[];
  'outcome'?: "result"|"failure";
}

export interface CompleteWorkflowRequest__Output {
  'taskToken': (string);
  'result'?: (Buffer);
  'failure'?: (_aether_v1_Failure__Output | null);
  /**
   * Successful step reports the worker held back: a worker may hold a step's report while the
   * workflow's code runs on without waiting for anything, and send it before its next call or
   * here, when the code went straight on to its end (its last steps, typically). They are
   * recorded in order, in the completion's own commit, before the outcome. Each must carry a
   * result; their task_token is ignored (the request's counts). Should one find its position
   * already recorded with another result, the code ran on a value the journal does not hold: the
   * steps are kept, the completion is not, and the task ends (STOP, LEASE_LOST) so that the
   * workflow replays from its journal.
   */
  'steps': (_aether_v1_CompleteStepRequest__Output)[];
  'outcome'?: "result"|"failure";
}
