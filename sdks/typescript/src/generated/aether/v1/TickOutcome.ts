// Original file: ../../proto/aether/v1/schedules.proto

/**
 * What a trigger did with its tick.
 */
export const TickOutcome = {
  TICK_OUTCOME_UNSPECIFIED: 'TICK_OUTCOME_UNSPECIFIED',
  TICK_OUTCOME_STARTED: 'TICK_OUTCOME_STARTED',
  TICK_OUTCOME_SKIPPED: 'TICK_OUTCOME_SKIPPED',
  TICK_OUTCOME_BUFFERED: 'TICK_OUTCOME_BUFFERED',
} as const;

/**
 * What a trigger did with its tick.
 */
export type TickOutcome =
  | 'TICK_OUTCOME_UNSPECIFIED'
  | 0
  | 'TICK_OUTCOME_STARTED'
  | 1
  | 'TICK_OUTCOME_SKIPPED'
  | 2
  | 'TICK_OUTCOME_BUFFERED'
  | 3

/**
 * What a trigger did with its tick.
 */
export type TickOutcome__Output = typeof TickOutcome[keyof typeof TickOutcome]
