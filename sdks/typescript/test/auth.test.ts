// API keys: a client with `apiKey` (or AETHER_API_KEY) works against a server with
// [[auth.keys]] (workflows through a worker's stream, the workspace and schedules, every call
// carrying the key), and a client without a key, or with a wrong one, is refused.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { type AetherClient, aether } from '../src/index.js';
import { Server, tempDir } from './harness.js';

const KEY = 'aek_ts-test-key-with-client-and-worker-roles';
const READER = 'aek_ts-test-reader';

function entry(name: string, key: string, roles: string[]): string {
  const sha256 = createHash('sha256').update(key).digest('hex');
  return `[[auth.keys]]\nname = "${name}"\nsha256 = "${sha256}"\nroles = [${roles.map((r) => `"${r}"`).join(', ')}]\n`;
}

let server: Server;
let client: AetherClient;

before(async () => {
  const config = join(tempDir(), 'aether.toml');
  writeFileSync(config, entry('ts-app', KEY, ['client', 'worker']) + entry('ts-dash', READER, ['reader']));
  server = await Server.start(['--persistence', 'memory', '--config', config]);
  client = aether({ serverUrl: server.url, apiKey: KEY });
});

after(async () => {
  await client.close();
  await server.kill();
});

test('a client with a key runs a workflow through its worker and uses the workspace', async () => {
  const double = client.workflow('ts-keyed-double', async (ctx, x: number) => ctx.step('double', async () => x * 2));
  await client.serve([double], { capacity: 1 });
  assert.equal(await double.startAndWait(21), 42);

  const session = await client.workspace.create({ id: 'ts-keyed' });
  await client.workspace.write(session.id, 'a.txt', 'hello');
  assert.equal(new TextDecoder().decode(await client.workspace.read(session.id, 'a.txt')), 'hello');
  assert.deepEqual(await client.schedules.list(), []);
});

test('without a key, with a wrong key or without the role, calls are refused', async () => {
  const previous = process.env['AETHER_API_KEY'];
  delete process.env['AETHER_API_KEY'];
  const anonymous = aether({ serverUrl: server.url });
  const wrong = aether({ serverUrl: server.url, apiKey: 'aek_wrong' });
  const reader = aether({ serverUrl: server.url, apiKey: READER });
  try {
    await assert.rejects(anonymous.list(), (e: Error) => /API key|UNAUTHENTICATED/i.test(e.message));
    await assert.rejects(wrong.workspace.create(), (e: Error) => /not valid|UNAUTHENTICATED/i.test(e.message));
    // A reader reads, and may not start anything.
    await reader.list();
    await assert.rejects(reader.workspace.create(), (e: Error) => /may not|PERMISSION_DENIED/i.test(e.message));
  } finally {
    await anonymous.close();
    await wrong.close();
    await reader.close();
    if (previous !== undefined) process.env['AETHER_API_KEY'] = previous;
  }
});

test('the key is read from AETHER_API_KEY when no apiKey is given', async () => {
  const previous = process.env['AETHER_API_KEY'];
  process.env['AETHER_API_KEY'] = READER;
  const fromEnv = aether({ serverUrl: server.url });
  try {
    await fromEnv.list();
  } finally {
    await fromEnv.close();
    if (previous === undefined) delete process.env['AETHER_API_KEY'];
    else process.env['AETHER_API_KEY'] = previous;
  }
});
