// Original file: ../../proto/aether/v1/schedules.proto


export interface BackfillScheduleResponse {
  /**
   * How many ticks the range holds (queued, then started, buffered or skipped by the policy).
   */
  'ticks'?: (number);
}

export interface BackfillScheduleResponse__Output {
  /**
   * How many ticks the range holds (queued, then started, buffered or skipped by the policy).
   */
  'ticks': (number);
}
