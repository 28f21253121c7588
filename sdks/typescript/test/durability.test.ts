// Crashes: a TypeScript worker process killed mid-workflow, and the server killed and restarted
// (L2) while a TypeScript workflow sleeps.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { aether } from '../src/index.js';
import { Server, eventually, freePort, killProcess, lines, spawnWorker, tempDir } from './harness.js';

test('a killed TypeScript worker is replaced and completed steps run exactly once', async () => {
  const server = await Server.start(['--persistence', 'memory', '--heartbeat-timeout-ms', '1000']);
  const client = aether({ serverUrl: server.url });
  const log = join(tempDir(), 'effects.log');
  const first = spawnWorker(server.url, 'ts-worker-a');
  let second: ReturnType<typeof spawnWorker> | undefined;
  try {
    const id = 'ts-crash-me';
    // A typed handle for starting the workflow the worker process serves.
    const counting = client.workflow('ts-counting', async (_ctx, _job: { log: string; steps: number; blockAt?: number }) => 0);
    await counting.startWithId(id, { log, steps: 5, blockAt: 3 });
    await eventually('step 3 running on worker a', () => lines(`${log}.started`).includes('step3'));
    await killProcess(first);
    second = spawnWorker(server.url, 'ts-worker-b');
    writeFileSync(`${log}.go`, '');
    assert.equal(await counting.result(id), 5);
    assert.deepEqual(lines(log), ['step1', 'step2', 'step3', 'step4', 'step5']);
    // Step 3 was in flight when worker a died: it started again on worker b.
    assert.deepEqual(lines(`${log}.started`), ['step3', 'step3']);
    const history = await client.history(id);
    assert.equal(history.filter((h) => h.action === 'step_completed').length, 5);
  } finally {
    await client.close();
    await killProcess(first);
    if (second) await killProcess(second);
    await server.kill();
  }
});

test('a TypeScript workflow sleeping through a server kill and restart (L2) completes', async () => {
  const dir = tempDir();
  const port = await freePort();
  const args = ['--db', join(dir, 'aether.db'), '--persistence', 'state-action-log'];
  let server = await Server.start(args, port);
  const client = aether({ serverUrl: server.url });
  const worker = spawnWorker(server.url, 'ts-sleepy');
  const log = join(dir, 'sleep.log');
  try {
    const sleeper = client.workflow('ts-sleeper', async (_ctx, _job: { log: string; seconds: number }) => 0);
    const started = Date.now();
    // Long enough that the restart and the status call after it finish inside the sleep.
    const id = await sleeper.start({ log, seconds: 8 });
    await eventually('the timer to be set', async () => (await client.getStatus(id)).waitingOn === 'timer');
    // Status says what it waits on and since when, and survives the restart unchanged.
    const waiting = await client.getStatus(id);
    assert.equal(waiting.waits.length, 1);
    const [wait] = waiting.waits;
    assert.equal(wait?.kind, 'timer');
    assert.equal(waiting.waitingSince?.getTime(), wait?.since.getTime());
    assert.equal(wait?.deadline?.getTime(), (wait?.since.getTime() ?? 0) + 8000);
    await server.kill();
    server = await Server.start(args, port);
    assert.deepEqual((await client.getStatus(id)).waits, waiting.waits, 'the wait is rebuilt from the log');
    const slept = await sleeper.result(id);
    assert.ok(slept >= 8000, `woke after ${slept} ms`);
    assert.ok(Date.now() - started >= 8000);
    assert.deepEqual(lines(log), ['woke']);
    const fired = (await client.history(id)).filter((h) => h.action === 'timer_fired');
    assert.equal(fired.length, 1);
  } finally {
    await client.close();
    await killProcess(worker);
    await server.kill();
  }
});
