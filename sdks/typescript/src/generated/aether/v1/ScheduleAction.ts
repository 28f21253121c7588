// Original file: ../../proto/aether/v1/schedules.proto


/**
 * What a schedule starts.
 */
export interface ScheduleAction {
  'workflowType'?: (string);
  'input'?: (Buffer | Uint8Array | string);
}

/**
 * What a schedule starts.
 */
export interface ScheduleAction__Output {
  'workflowType': (string);
  'input': (Buffer);
}
