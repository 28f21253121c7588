/** A workflow definition: its type name, its function, and typed ways to start it. */

import type { StartOptions } from './client.js';
import type { WorkflowContext } from './context.js';

/** A workflow function: a context, then the arguments it is started with. */
export type WorkflowFn<A extends unknown[], R> = (ctx: WorkflowContext, ...args: A) => Promise<R>;

/** A defined workflow. `A` are its arguments and `R` its result, checked at compile time. */
export interface Workflow<A extends unknown[], R> {
  /** The workflow type, as workers register it and the CLI lists it. */
  readonly name: string;
  /** Starts a run and returns its workflow id (without waiting). */
  start(...args: A): Promise<string>;
  /** Starts a run under `workflowId`; an existing id returns that run instead of a new one. */
  startWithId(workflowId: string, ...args: A): Promise<string>;
  /** Starts a run with options (an id, an execution timeout) and returns its workflow id. */
  startWithOptions(options: StartOptions, ...args: A): Promise<string>;
  /** Starts a run and waits for its result. */
  startAndWait(...args: A): Promise<R>;
  /** Waits for the result of a run started earlier. */
  result(workflowId: string): Promise<R>;
  /** @internal The function workers run. */
  readonly fn: WorkflowFn<A, R>;
}
