// The benchmark workflow, shared by the worker process and the client: K steps, each returning a
// small string (the same workload as `aether bench`).
import type { AetherClient } from '../src/index.js';

export interface Job {
  steps: number;
  payload: string;
}

export function benchWorkflow(client: AetherClient) {
  return client.workflow('aether-bench-ts', async (ctx, job: Job) => {
    for (let step = 0; step < job.steps; step++) {
      await ctx.step(`step-${step}`, async () => job.payload);
    }
    return job.steps;
  });
}
