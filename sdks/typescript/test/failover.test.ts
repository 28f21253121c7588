// A worker and a client given every node's address (two `aether serve` on one PostgreSQL
// database) carry on when the node they talk to is SIGKILLed mid-step: the worker moves to the
// other node, which takes over the leases of the tasks it still runs, so every workflow
// finishes with each step recorded once and the step in flight not run again; and the client
// keeps starting workflows. Also: the address-list errors.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { type AetherClient, ServerUrlError, aether } from '../src/index.js';
import { serverTarget } from '../src/transport.js';
import { Server, eventually, freePort, freshPostgresUrl, lines, tempDir } from './harness.js';

/** How long a silent node stays alive in the others' eyes: short, so the takeover is quick. */
const NODE_TIMEOUT_MS = 2000;
const WORKFLOWS = 6;
const WORKER_ID = 'ts-roaming-worker';

const servers: Server[] = [];
const clients: AetherClient[] = [];

after(async () => {
  for (const client of clients) await client.close();
  for (const server of servers) await server.kill();
});

async function startNode(db: string): Promise<Server> {
  const server = await Server.start(['--persistence', 'state-action-log', '--db', db, '--node-timeout-ms', String(NODE_TIMEOUT_MS)]);
  servers.push(server);
  return server;
}

/** Whether the node has `workerId` connected to it now (`GET /v1/workers`). */
async function connectedTo(server: Server, workerId: string): Promise<boolean> {
  try {
    const response = await fetch(`${server.httpUrl}/v1/workers`);
    const body = (await response.json()) as { workers: Array<{ workerId: string; connected: boolean }> };
    return body.workers.some((w) => w.workerId === workerId && w.connected);
  } catch {
    return false;
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a worker and a client given both nodes carry on through the other when theirs is killed', { timeout: 180_000 }, async () => {
  const db = await freshPostgresUrl();
  const nodes = [await startNode(db), await startNode(db)];
  const urls = nodes.map((n) => n.url);

  const workerClient = aether({ serverUrl: urls, workerId: WORKER_ID });
  clients.push(workerClient);
  // Step 3 writes `step3` to `<log>.started`, then holds its task until `<log>.go` exists.
  const roam = workerClient.workflow('ts-roam', async (ctx, job: { log: string }) => {
    for (let step = 1; step <= 5; step++) {
      await ctx.step(`step-${step}`, async () => {
        if (step === 3) {
          appendFileSync(`${job.log}.started`, 'step3\n');
          while (!existsSync(`${job.log}.go`)) await pause(20);
        }
        appendFileSync(job.log, `step${step}\n`);
        return step;
      });
    }
    return 5;
  });
  await workerClient.serve([roam]);

  // Which node the worker talks to: the one to kill.
  let victim = -1;
  await eventually('the worker connected to a node', async () => {
    for (const [i, node] of nodes.entries()) {
      if (await connectedTo(node, WORKER_ID)) victim = i;
    }
    return victim >= 0;
  });
  const survivor = nodes[1 - victim]!;
  assert.equal(await connectedTo(survivor, WORKER_ID), false, 'the worker talks to one node at a time');

  const client = aether({ serverUrl: urls });
  clients.push(client);
  const started = client.workflow('ts-roam', roam.fn);
  const dir = tempDir('aether-ts-failover-');
  const logs = Array.from({ length: WORKFLOWS }, (_, i) => join(dir, `roam-${i}.log`));
  const ids: string[] = [];
  for (const [i, log] of logs.entries()) {
    ids.push(await started.startWithId(`ts-roam-${i}`, { log }));
  }
  await eventually('every workflow in step 3 on the worker', () => logs.every((log) => lines(`${log}.started`).length === 1), 60_000);

  await nodes[victim]!.kill();
  for (const log of logs) writeFileSync(`${log}.go`, '');

  // Waiting for a result rides out the kill (a call in flight when its node dies fails with
  // UNAVAILABLE, as on any restart, and is repeated); the repeat goes to the survivor.
  const check = async (id: string, log: string) => {
    assert.equal(await started.result(id), 5, id);
    const history = await client.history(id);
    const completed = history.filter((h) => h.action === 'step_completed');
    assert.deepEqual(
      completed.map((h) => h.position),
      [...new Set(completed.map((h) => h.position))],
      `${id}: a step recorded twice: ${JSON.stringify(history)}`,
    );
    assert.equal(completed.length, 5, `${id}: ${JSON.stringify(history)}`);
    assert.ok(
      completed.every((h) => h.workerId === WORKER_ID),
      `${id}: only the roaming worker ran it`,
    );
    assert.equal(history.filter((h) => h.action === 'workflow_completed').length, 1, id);
    assert.deepEqual(lines(log), ['step1', 'step2', 'step3', 'step4', 'step5'], `${id}: the step in flight carried on, not run again`);
  };
  for (const [i, id] of ids.entries()) await check(id, logs[i]!);

  // The client goes on working through the survivor: a new workflow starts and finishes.
  const lateLog = join(dir, 'late.log');
  writeFileSync(`${lateLog}.go`, '');
  await check(await started.startWithId('ts-roam-late', { log: lateLog }), lateLog);
  assert.equal(await connectedTo(survivor, WORKER_ID), true, 'the worker moved to the surviving node');
});

test('a list of one URL, or a string, connects as before', () => {
  assert.deepEqual(serverTarget('http://localhost:7233'), { target: 'localhost:7233', secure: false, display: 'http://localhost:7233' });
  assert.equal(serverTarget(['https://aether.example.com']).target, 'aether.example.com:443');
});

test('a list of nodes is one static target over every address, localhost as 127.0.0.1', () => {
  const ipv4 = serverTarget(['http://localhost:7233', 'http://10.0.0.6:7234', 'http://10.0.0.7']);
  assert.equal(ipv4.target, 'ipv4:127.0.0.1:7233,10.0.0.6:7234,10.0.0.7:80');
  assert.equal(ipv4.secure, false);
  const ipv6 = serverTarget(['https://[::1]:7233', 'https://[fd00::6]:7233']);
  assert.equal(ipv6.target, 'ipv6:[::1]:7233,[fd00::6]:7233');
  assert.equal(ipv6.secure, true);
  assert.deepEqual(ipv6.hosts, ['::1', 'fd00::6']);
});

test('an address list the SDK cannot fail over between is a clear error', () => {
  const fails = (serverUrl: string | string[], pattern: RegExp) =>
    assert.throws(() => serverTarget(serverUrl), (error: unknown) => error instanceof ServerUrlError && pattern.test(error.message));
  fails([], /lists no server/);
  fails(['http://127.0.0.1:7233', 'https://127.0.0.1:7234'], /mixes http:\/\/ and https:\/\//);
  fails(['http://127.0.0.1:7233', 'not a url'], /"not a url" is not a URL/);
  fails(['http://127.0.0.1:7233', 'grpc://127.0.0.1:7234'], /must start with http:\/\/ or https:\/\//);
  fails(['http://127.0.0.1:7233', 'http://node-b.internal:7233'], /names the host "node-b\.internal".*one URL instead whose DNS name resolves to every node/);
  fails(['http://localhost:7233', 'http://[::1]:7234'], /mixes IPv4 and IPv6/);
  fails('ftp://127.0.0.1', /must start with http:\/\/ or https:\/\//);
  // The client refuses it up front, before any call.
  assert.throws(() => aether({ serverUrl: ['http://127.0.0.1:1', 'https://127.0.0.1:2'] }), ServerUrlError);
});

test('serve() starts no local server for a list of localhost nodes, none of which listens', async () => {
  const ports = [await freePort(), await freePort()];
  const listed = aether({ serverUrl: ports.map((port) => `http://localhost:${port}`) });
  clients.push(listed);
  const idle = listed.workflow('ts-idle', async () => 0);
  // With one such URL it would start `aether serve` on it (AETHER_BIN) and serve.
  await assert.rejects(listed.serve([idle]), (error: { code?: number }) => error.code === 14);
});
