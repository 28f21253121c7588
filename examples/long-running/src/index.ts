// Long-running tasks: an activity that reports progress with heartbeats and survives the kill
// of the worker running it. With `aether serve` running:
//
//   cd examples/long-running && npm install && npm run dev
//
// 1. It starts a worker process, `worker-a` (src/worker.ts), and the workflow
//    `index-repository`, whose activity indexes 12 files and heartbeats `{ done }` after each.
// 2. It watches the run's status, where the engine shows the activity's last heartbeat details,
//    and kills `worker-a` with SIGKILL halfway through.
// 3. Nothing heartbeats for 2 s (the activity's `heartbeatTimeout`): the engine fails the
//    attempt with a TimeoutError that keeps the last details, and schedules attempt 2.
// 4. This process then serves the workflow as `worker-b`. Attempt 2 gets the details as
//    `heartbeatDetails` and indexes only the files after them; the workflow completes.
//
// Prints the progress seen before the kill, the timed-out attempt from the run's history, and
// the report of the attempt that finished.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { aether } from '@aetherframework.ai/sdk';

import { FILES, type Progress, defineIndexRepository } from './workflow.js';

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233', workerId: 'worker-b' });
const indexRepository = defineIndexRepository(client, 'worker-b');

/** Polls `check` until it returns a value, for at most `seconds`. */
async function until<T>(what: string, seconds: number, check: () => Promise<T | undefined>): Promise<T> {
  const giveUpAt = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main() {
  const workerA = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./worker.ts', import.meta.url)), 'worker-a'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await once(workerA.stdout, 'data');

  const workflowId = await indexRepository.start(FILES);
  const progress = await until('progress from worker-a', 30, async () => {
    const [activity] = (await client.getStatus(workflowId)).pendingActivities;
    const details = activity?.heartbeatDetails as Progress | undefined;
    return details !== undefined && details.done >= FILES.length / 2 ? details : undefined;
  });
  workerA.kill('SIGKILL');
  await once(workerA, 'exit');
  console.log(`worker-a reported ${progress.done} of ${FILES.length} files, then was killed (SIGKILL)`);

  await client.serve([indexRepository]);
  const report = await indexRepository.result(workflowId);

  const failed = (await client.history(workflowId)).find((h) => h.action === 'step_failed');
  const lastDetails = failed?.heartbeatDetails as Progress | undefined;
  console.log(
    `attempt 1 failed: ${failed?.failure?.type} (${failed?.failure?.timeout}), last heartbeat: ${JSON.stringify(lastDetails)}`,
  );
  console.log(
    `attempt ${report.attempt} ran on ${report.worker}, resumed after file ${report.resumedAfter}, ` +
      `indexed ${report.files - report.resumedAfter} more`,
  );
  console.log(`indexed ${report.files} files in all; history: aether history ${workflowId}`);
  await client.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
