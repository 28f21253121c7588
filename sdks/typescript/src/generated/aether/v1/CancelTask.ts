// Original file: ../../proto/aether/v1/worker.proto


/**
 * Stop running the workflow and drop its execution: it was cancelled, or the engine timed out
 * an activity attempt it runs (`reason` says which) or the workflow itself.
 */
export interface CancelTask {
  'workflowId'?: (string);
  'taskToken'?: (string);
  'reason'?: (string);
}

/**
 * Stop running the workflow and drop its execution: it was cancelled, or the engine timed out
 * an activity attempt it runs (`reason` says which) or the workflow itself.
 */
export interface CancelTask__Output {
  'workflowId': (string);
  'taskToken': (string);
  'reason': (string);
}
