// Signals: kept until a wait takes them, each delivered once and in order, idempotency keys, a
// timeout the code branches on, clear errors for unknown and finished workflows, and waits that
// hold no worker slot.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  AetherError,
  type AetherClient,
  type HistoryEntry,
  WorkflowFinishedError,
  WorkflowNotFoundError,
  aether,
} from '../src/index.js';
import { Server, eventually } from './harness.js';

let server: Server;
let client: AetherClient;

/** Steps that block until the test opens them, by workflow id: the test acts while the
 * workflow has not reached its wait yet. */
const gates = new Map<string, () => void>();

function gate(workflowId: string): Promise<void> {
  return new Promise<void>((resolve) => gates.set(workflowId, resolve));
}

async function openGate(workflowId: string): Promise<void> {
  await eventually(`the gate step of ${workflowId} running`, () => gates.has(workflowId));
  gates.get(workflowId)?.();
}

async function waitingOnSignal(workflowId: string): Promise<void> {
  await eventually(`${workflowId} waiting on a signal`, async () => (await client.getStatus(workflowId)).waitingOn === 'signal');
}

/** The signal actions of a history, in order. */
function signalActions(history: HistoryEntry[]): string[] {
  return history.filter((h) => h.action.startsWith('signal_') || h.action === 'wait_timed_out').map((h) => h.action);
}

let sideRuns = 0;

function define(cl: AetherClient) {
  return {
    early: cl.workflow('ts-signal-early', async (ctx) => {
      await ctx.step('gate', () => gate(ctx.workflowId));
      const got = await ctx.waitForSignal<{ item: string }>('order');
      return got.timedOut ? 'timed out' : got.payload.item;
    }),
    inOrder: cl.workflow('ts-signal-in-order', async (ctx) => {
      const first = await ctx.waitForSignal<number>('item');
      const second = await ctx.waitForSignal<number>('item');
      const third = await ctx.waitForSignal<number>('item', { timeout: { milliseconds: 300 } });
      return [first, second, third].map((r) => (r.timedOut ? 'timed out' : r.payload));
    }),
    keyed: cl.workflow('ts-signal-keyed', async (ctx) => {
      await ctx.step('gate', () => gate(ctx.workflowId));
      const first = await ctx.waitForSignal<string>('pay');
      const second = await ctx.waitForSignal<string>('pay', { timeout: 300 });
      return [first, second].map((r) => (r.timedOut ? 'timed out' : r.payload));
    }),
    timeout: cl.workflow('ts-signal-timeout', async (ctx) => {
      const got = await ctx.waitForSignal<string>('never', { timeout: { milliseconds: 200 } });
      if (got.timedOut) {
        return 'took the timeout branch';
      }
      return `got ${got.payload}`;
    }),
    decision: cl.workflow('ts-signal-decision', async (ctx) => {
      const got = await ctx.waitForSignal<{ by: string }>('decision');
      return got.timedOut ? 'timed out' : `decided by ${got.payload.by}`;
    }),
    side: cl.workflow('ts-signal-side', async (ctx) => {
      return ctx.step('work', async () => ++sideRuns);
    }),
  };
}

let workflows: ReturnType<typeof define>;

before(async () => {
  server = await Server.start(['--persistence', 'memory']);
  client = aether({ serverUrl: server.url });
  workflows = define(client);
  // Capacity 1: a workflow that held its slot while it waits would block every other one.
  await client.serve(Object.values(workflows), { capacity: 1 });
});

after(async () => {
  await client.close();
  await server.kill();
});

test('a signal sent before the workflow waits is kept and delivered, and the history shows it', async () => {
  const id = await workflows.early.start();
  await eventually('the gate step running', () => gates.has(id));
  assert.deepEqual(await client.signal(id, 'order', { item: 'book' }, { idempotencyKey: 'order-1' }), { duplicate: false });
  await openGate(id);
  assert.equal(await workflows.early.result(id), 'book');

  const history = await client.history(id);
  assert.deepEqual(signalActions(history), ['signal_received', 'signal_wait_started', 'signal_delivered']);
  const received = history.find((h) => h.action === 'signal_received');
  assert.equal(received?.name, 'order');
  assert.deepEqual(received?.payload, { item: 'book' });
  assert.equal(received?.idempotencyKey, 'order-1');
  const waitStarted = history.find((h) => h.action === 'signal_wait_started');
  assert.equal(waitStarted?.name, 'order');
  const delivered = history.find((h) => h.action === 'signal_delivered');
  assert.equal(delivered?.signalSeq, received?.seq);
  assert.equal(delivered?.position, waitStarted?.position);
});

test('two signals of one name arrive in order, each once', async () => {
  const id = await workflows.inOrder.start();
  await waitingOnSignal(id);
  assert.equal((await client.signal(id, 'item', 1)).duplicate, false);
  assert.equal((await client.signal(id, 'item', 2)).duplicate, false);
  // The third wait finds no third signal: each of the two went to exactly one wait.
  assert.deepEqual(await workflows.inOrder.result(id), [1, 2, 'timed out']);
  const history = await client.history(id);
  assert.deepEqual(
    history.filter((h) => h.action === 'signal_received').map((h) => h.payload),
    [1, 2],
  );
  assert.equal(history.filter((h) => h.action === 'signal_delivered').length, 2);
});

test('a repeated idempotency key is accepted once and delivered once', async () => {
  const id = await workflows.keyed.start();
  await eventually('the gate step running', () => gates.has(id));
  // Both sent before the workflow waits: had the repeat been kept, the second wait would take it.
  assert.deepEqual(await client.signal(id, 'pay', 'charge-1', { idempotencyKey: 'pay-1' }), { duplicate: false });
  assert.deepEqual(await client.signal(id, 'pay', 'charge-1', { idempotencyKey: 'pay-1' }), { duplicate: true });
  await openGate(id);
  assert.deepEqual(await workflows.keyed.result(id), ['charge-1', 'timed out']);
  const received = (await client.history(id)).filter((h) => h.action === 'signal_received');
  assert.equal(received.length, 1);
  assert.equal(received[0]?.idempotencyKey, 'pay-1');
});

test('a timeout is a result the workflow code branches on', async () => {
  const id = await workflows.timeout.start();
  assert.equal(await workflows.timeout.result(id), 'took the timeout branch');
  assert.deepEqual(signalActions(await client.history(id)), ['signal_wait_started', 'wait_timed_out']);
});

test('a signal to an unknown or a finished workflow gets a clear error', async () => {
  await assert.rejects(client.signal('no-such-workflow', 'order', {}), (error: unknown) => {
    assert.ok(error instanceof WorkflowNotFoundError);
    assert.ok(error instanceof AetherError);
    assert.equal(error.workflowId, 'no-such-workflow');
    return true;
  });

  const id = await workflows.timeout.start();
  await workflows.timeout.result(id);
  await assert.rejects(client.signal(id, 'never', 'too late'), (error: unknown) => {
    assert.ok(error instanceof WorkflowFinishedError);
    assert.ok(error instanceof AetherError);
    assert.equal(error.workflowId, id);
    assert.match(error.message, /COMPLETED|completed/);
    return true;
  });
  // Refused, so nothing was recorded.
  assert.equal((await client.history(id)).filter((h) => h.action === 'signal_received').length, 0);

  // Every call about one workflow refuses an unknown id, or a finished workflow, the same way.
  for (const call of [
    () => client.getStatus('no-such-workflow'),
    () => client.history('no-such-workflow'),
    () => client.cancel('no-such-workflow'),
    () => workflows.timeout.result('no-such-workflow'),
  ]) {
    await assert.rejects(call(), WorkflowNotFoundError);
  }
  await assert.rejects(client.cancel(id), WorkflowFinishedError);
});

test('a workflow waiting on a signal holds no slot: a capacity-1 worker runs another meanwhile', async () => {
  const id = await workflows.decision.start();
  await waitingOnSignal(id);
  const status = await client.getStatus(id);
  assert.equal(status.waits[0]?.kind, 'signal');
  assert.equal(status.waits[0]?.target, 'decision');

  const before = sideRuns;
  await workflows.side.startAndWait();
  assert.equal(sideRuns, before + 1);
  assert.equal((await client.getStatus(id)).waitingOn, 'signal');
  const waitingOnSignals = (await client.list({ waiting: 'signal' })).map((w) => w.workflowId);
  assert.ok(waitingOnSignals.includes(id), 'listings filter on what a workflow waits on');
  assert.equal((await client.list({ waiting: 'timer' })).some((w) => w.workflowId === id), false);

  await client.signal(id, 'decision', { by: 'alice' });
  assert.equal(await workflows.decision.result(id), 'decided by alice');
});

test('a signal delivered while its worker is gone reaches another worker, which replays the journal', async () => {
  let beforeRuns = 0;
  const serveReplay = async () => {
    const worker = aether({ serverUrl: server.url });
    const replay = worker.workflow('ts-signal-replay', async (ctx) => {
      await ctx.step('before', async () => ++beforeRuns);
      const got = await ctx.waitForSignal<string>('resume');
      return got.timedOut ? 'timed out' : `resumed with ${got.payload}`;
    });
    await worker.serve([replay], { capacity: 1 });
    return { worker, replay };
  };
  const first = await serveReplay();
  const id = await first.replay.start();
  await waitingOnSignal(id);
  await first.worker.close();

  await client.signal(id, 'resume', 'go');
  const second = await serveReplay();
  try {
    assert.equal(await second.replay.result(id), 'resumed with go');
    // The step before the wait came from the journal on the second worker.
    assert.equal(beforeRuns, 1);
  } finally {
    await second.worker.close();
  }
});
