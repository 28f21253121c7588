// The client's starts as messages on one `Starts` stream: answered by id, a refused start failing
// alone with the server's code, unary calls past the server's bound per stream, and a script that
// never closes its client still exiting.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { type AetherClient, aether } from '../src/index.js';
import { Server, eventually, freePort, run, sdkDir } from './harness.js';

let server: Server;
let client: AetherClient;
/** The server's Prometheus listener. */
let metricsUrl: string;

function define(cl: AetherClient) {
  return {
    echo: cl.workflow('ts-starts-echo', async (_ctx, s: string) => s),
    steps: cl.workflow('ts-starts-steps', async (ctx, n: number) => {
      const a = await ctx.step('one', async () => n + 1);
      return ctx.step('two', async () => a * 2);
    }),
  };
}

before(async () => {
  const metricsPort = await freePort();
  server = await Server.start(['--persistence', 'memory', '--metrics', '--metrics-host', '127.0.0.1', '--metrics-port', String(metricsPort)]);
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  client = aether({ serverUrl: server.url });
  await client.serve(Object.values(define(client)), { capacity: 512 });
});

after(async () => {
  await client.close();
  await server.kill();
});

/** `aether_grpc_requests_total` of a ClientService method, summed over its codes. */
async function calls(method: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('aether_grpc_requests_total{') && line.includes('service="aether.v1.ClientService"') && line.includes(`method="${method}"`)) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}

test('starts at once share one stream, past its bound as unary calls, and a refused one fails alone', async () => {
  const { steps, echo } = define(client);
  const unaryBefore = await calls('StartWorkflow');
  // 301 sent in one turn of the event loop: the refused one and 255 others on the stream (the
  // server's bound per stream is 256), the last 45 as unary calls.
  const refused = echo.startWithId('an id with spaces is refused', 'x').then(
    () => assert.fail('the server refuses the id'),
    (error: { code?: number; message?: string }) => error,
  );
  const results = await Promise.all(Array.from({ length: 300 }, (_, i) => steps.startAndWait(i)));
  const refusal = await refused;
  assert.equal(refusal.code, 3, `INVALID_ARGUMENT: ${refusal.message}`);
  assert.deepEqual(
    results,
    Array.from({ length: 300 }, (_, i) => (i + 1) * 2),
  );
  await eventually('45 unary starts counted', async () => (await calls('StartWorkflow')) - unaryBefore >= 45);
  assert.equal((await calls('StartWorkflow')) - unaryBefore, 45);

  // A start after the refusal goes on as before, and its id makes a repeat answer the same run.
  const id = await echo.startWithId('starts-repeat', 'once');
  assert.equal(await echo.startWithId('starts-repeat', 'twice'), id);
  assert.equal(await echo.result(id), 'once');
});

test('a script that never closes its client exits once its start is answered', async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(sdkDir, 'test', 'fixtures', 'start-and-exit.ts')], {
    cwd: sdkDir,
    env: { AETHER_SERVER: server.url },
    timeoutMs: 30_000,
  });
  assert.equal(stdout.trim(), 'result from a script');
});
