/**
 * The TypeScript SDK of Aether, the durable workflow engine.
 *
 * ```ts
 * import { aether } from '@aetherframework.ai/sdk';
 *
 * const client = aether({ serverUrl: 'http://localhost:7233' });
 * const greet = client.workflow('greet', async (ctx, name: string) => {
 *   const greeting = await ctx.step('create-greeting', async () => `Hello, ${name}!`);
 *   return { message: greeting };
 * });
 * await client.serve([greet]);
 * const { message } = await greet.startAndWait('World');
 * ```
 */

export { aether } from './client.js';
export type {
  AetherClient,
  AetherOptions,
  AnyWorkflow,
  HistoryEntry,
  ListFilter,
  ServeOptions,
  WorkflowState,
  WorkflowStatus,
} from './client.js';
export { WorkflowContext } from './context.js';
export type { ActivityOptions, RetryPolicy, SleepDuration, StepInfo } from './context.js';
export {
  AetherError,
  CancelledError,
  ChildFailedError,
  NonDeterminismError,
  RetryableError,
  StepFailedError,
  TerminalError,
  TimeoutError,
  WorkflowFailedError,
} from './errors.js';
export type { Failure } from './errors.js';
export type { Workflow, WorkflowFn } from './workflow.js';
