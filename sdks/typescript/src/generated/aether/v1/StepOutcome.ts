// Original file: ../../proto/aether/v1/worker.proto

export const StepOutcome = {
  STEP_OUTCOME_UNSPECIFIED: 'STEP_OUTCOME_UNSPECIFIED',
  /**
   * The result is recorded.
   */
  STEP_OUTCOME_SUCCEEDED: 'STEP_OUTCOME_SUCCEEDED',
  /**
   * The failure is recorded and the next attempt is scheduled at retry_at_ms; the step resolves
   * in a later task's journal (ENTRY_STATUS_RETRY_READY).
   */
  STEP_OUTCOME_RETRY_SCHEDULED: 'STEP_OUTCOME_RETRY_SCHEDULED',
  /**
   * The failure is final; the workflow code receives it.
   */
  STEP_OUTCOME_FAILED: 'STEP_OUTCOME_FAILED',
} as const;

export type StepOutcome =
  | 'STEP_OUTCOME_UNSPECIFIED'
  | 0
  /**
   * The result is recorded.
   */
  | 'STEP_OUTCOME_SUCCEEDED'
  | 1
  /**
   * The failure is recorded and the next attempt is scheduled at retry_at_ms; the step resolves
   * in a later task's journal (ENTRY_STATUS_RETRY_READY).
   */
  | 'STEP_OUTCOME_RETRY_SCHEDULED'
  | 2
  /**
   * The failure is final; the workflow code receives it.
   */
  | 'STEP_OUTCOME_FAILED'
  | 3

export type StepOutcome__Output = typeof StepOutcome[keyof typeof StepOutcome]
