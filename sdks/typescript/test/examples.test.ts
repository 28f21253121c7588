// The seed's examples, run as a user would: `npm run dev` in each against `aether serve`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';

import { Server, cli, repoDir, run, tempDir } from './harness.js';

let server: Server;

before(async () => {
  server = await Server.start(['--db', join(tempDir(), 'aether.db')]);
});

after(async () => {
  await server.kill();
});

async function dev(example: string): Promise<string> {
  const { stdout } = await run('npm', ['run', '--silent', 'dev'], {
    cwd: join(repoDir, 'examples', example),
    env: { AETHER_SERVER: server.url },
    timeoutMs: 60_000,
  });
  return stdout;
}

test('quickstart prints Hello, World! and the run is COMPLETED in aether workflow list', async () => {
  const stdout = await dev('quickstart');
  assert.equal(stdout.trim(), 'Hello, World!');
  const listed = await cli(['workflow', 'list', '--state', 'completed', '--json', '--server', server.url]);
  assert.equal(listed.code, 0, listed.stderr);
  const runs = JSON.parse(listed.stdout) as Array<{ workflow_type: string; state: string }>;
  assert.ok(runs.some((r) => r.workflow_type === 'greet' && r.state === 'COMPLETED'), listed.stdout);
});

test('order-processing prints the processed order', async () => {
  const stdout = await dev('order-processing');
  assert.match(stdout, /^Order processed: \{/);
  assert.match(stdout, /orderId: 'order-123'/);
  assert.match(stdout, /tracking: 'TRK-\d+'/);
  assert.match(stdout, /status: 'completed'/);
});

test('parallel processes the batch with results in input order', async () => {
  const stdout = await dev('parallel');
  const json = JSON.parse(stdout.replace(/^Batch processed: /, '')) as {
    processed: number;
    results: Array<{ orderId: string }>;
  };
  assert.equal(json.processed, 3);
  assert.deepEqual(
    json.results.map((r) => r.orderId),
    ['order-1', 'order-22', 'order-333'],
  );
});
