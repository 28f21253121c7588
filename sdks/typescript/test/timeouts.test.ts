// Timeouts the engine owns: an attempt whose worker is alive but stuck is timed out by the engine,
// its step's AbortSignal fires, and the retry runs on another worker with the last heartbeat
// details; a start-to-close timeout fails an attempt that keeps heartbeating; an execution
// timeout fails the workflow; invalid timeouts are clear errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { AetherError, type AetherClient, StepFailedError, WorkflowFailedError, aether } from '../src/index.js';
import { Server, eventually } from './harness.js';

let server: Server;
let first: AetherClient;
let second: AetherClient;

/** Which worker ran each attempt of the crawl, and which attempts saw their signal abort. */
const ran: string[] = [];
const aborted: string[] = [];

function define(cl: AetherClient, worker: string) {
  return {
    crawl: cl.workflow('ts-timeout-crawl', async (ctx) => {
      return ctx.activity(
        'crawl-pages',
        async ({ attempt, signal, heartbeatDetails }) => {
          ran.push(`${worker}#${attempt}`);
          if (heartbeatDetails !== undefined) {
            return `attempt ${attempt} resumed at ${JSON.stringify(heartbeatDetails)}`;
          }
          for (let page = 1; page <= 3; page++) {
            ctx.heartbeat({ page });
            await new Promise((r) => setTimeout(r, 100));
          }
          // Alive but stuck: no more heartbeats, and the promise never settles.
          signal.addEventListener('abort', () => aborted.push(`${worker}#${attempt}`));
          return new Promise<string>(() => {});
        },
        { heartbeatTimeout: 800, retry: { initialInterval: 100, maximumAttempts: 3 } },
      );
    }),
    spin: cl.workflow('ts-timeout-spin', async (ctx) => {
      try {
        await ctx.activity(
          'spin',
          async ({ signal }) => {
            while (!signal.aborted) {
              ctx.heartbeat('still here');
              await new Promise((r) => setTimeout(r, 50));
            }
            return 'stopped';
          },
          { startToCloseTimeout: { seconds: 1 }, heartbeatTimeout: 300, retry: { maximumAttempts: 1 } },
        );
        return 'finished';
      } catch (error) {
        if (error instanceof StepFailedError) {
          return `${error.failure.type}: ${error.failure.timeout ?? 'no timeout'}`;
        }
        throw error;
      }
    }),
    nap: cl.workflow('ts-timeout-nap', async (ctx) => {
      await ctx.sleep({ minutes: 10 });
      return 'woke';
    }),
    invalid: cl.workflow('ts-timeout-invalid', async (ctx) => {
      return ctx.activity('never', async () => 'ran', { heartbeatTimeout: -1 });
    }),
  };
}

let workflows: ReturnType<typeof define>;

before(async () => {
  server = await Server.start(['--persistence', 'memory']);
  first = aether({ serverUrl: server.url, workerId: 'ts-worker-a' });
  second = aether({ serverUrl: server.url, workerId: 'ts-worker-b' });
  workflows = define(first, 'a');
  const other = define(second, 'b');
  await first.serve(Object.values(workflows), { capacity: 4 });
  await second.serve([other.crawl], { capacity: 4 });
});

after(async () => {
  await first.close();
  await second.close();
  await server.kill();
});

test('a stuck attempt is timed out by the engine and retried on the other worker with its last heartbeat details', async () => {
  const id = await workflows.crawl.start();
  await eventually('the last heartbeat in status', async () => {
    const [activity] = (await first.getStatus(id)).pendingActivities;
    return JSON.stringify(activity?.heartbeatDetails) === '{"page":3}';
  });
  const status = await first.getStatus(id);
  assert.equal(status.pendingActivities[0]?.name, 'crawl-pages');
  assert.equal(status.pendingActivities[0]?.attempt, 1);
  assert.ok(status.pendingActivities[0]?.lastHeartbeatAt instanceof Date);
  assert.equal(status.pendingActivities[0]?.deadlineTimeout, 'heartbeat');

  assert.equal(await workflows.crawl.result(id), 'attempt 2 resumed at {"page":3}');
  assert.equal(ran.length, 2);
  const [stuck, retried] = ran;
  assert.notEqual(stuck?.split('#')[0], retried?.split('#')[0], `the retry ran on the same worker: ${ran.join(', ')}`);
  await eventually('the stuck attempt told to stop', () => aborted.length === 1);
  assert.deepEqual(aborted, [stuck]);

  const history = await first.history(id);
  const failed = history.find((h) => h.action === 'step_failed');
  assert.equal(failed?.failure?.type, 'TimeoutError');
  assert.equal(failed?.failure?.timeout, 'heartbeat');
  assert.deepEqual(failed?.heartbeatDetails, { page: 3 });
  const completed = history.find((h) => h.action === 'step_completed');
  assert.notEqual(failed?.workerId, completed?.workerId);
  assert.equal(history.filter((h) => h.action === 'activity_started').length, 2);
});

test('a start-to-close timeout fails an attempt that keeps heartbeating', async () => {
  const began = Date.now();
  assert.equal(await workflows.spin.startAndWait(), 'TimeoutError: start_to_close');
  assert.ok(Date.now() - began >= 1000);
});

test('the execution timeout fails the workflow with a timeout failure', async () => {
  const id = await workflows.nap.startWithOptions({ executionTimeout: { milliseconds: 500 } });
  assert.ok((await first.getStatus(id)).executionDeadline instanceof Date);
  await assert.rejects(workflows.nap.result(id), (error: unknown) => {
    assert.ok(error instanceof WorkflowFailedError);
    assert.equal(error.failure.type, 'TimeoutError');
    assert.equal(error.failure.timeout, 'execution');
    return true;
  });
});

test('negative timeouts are clear errors', async () => {
  const naps = (await first.list({ type: 'ts-timeout-nap' })).length;
  await assert.rejects(workflows.nap.startWithOptions({ executionTimeout: -1 }), (error: unknown) => {
    assert.ok(error instanceof AetherError);
    assert.match(error.message, /invalid executionTimeout/);
    return true;
  });
  assert.equal((await first.list({ type: 'ts-timeout-nap' })).length, naps, 'nothing started');
  await assert.rejects(workflows.invalid.startAndWait(), (error: unknown) => {
    assert.ok(error instanceof WorkflowFailedError);
    assert.match(error.failure.message, /invalid heartbeatTimeout: -1/);
    return true;
  });
});
