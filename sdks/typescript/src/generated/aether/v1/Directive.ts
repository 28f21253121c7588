// Original file: ../../proto/aether/v1/worker.proto

export const Directive = {
  DIRECTIVE_UNSPECIFIED: 'DIRECTIVE_UNSPECIFIED',
  /**
   * Carry on with the workflow.
   */
  DIRECTIVE_CONTINUE: 'DIRECTIVE_CONTINUE',
  /**
   * Stop running the workflow: see StopReason.
   */
  DIRECTIVE_STOP: 'DIRECTIVE_STOP',
} as const;

export type Directive =
  | 'DIRECTIVE_UNSPECIFIED'
  | 0
  /**
   * Carry on with the workflow.
   */
  | 'DIRECTIVE_CONTINUE'
  | 1
  /**
   * Stop running the workflow: see StopReason.
   */
  | 'DIRECTIVE_STOP'
  | 2

export type Directive__Output = typeof Directive[keyof typeof Directive]
