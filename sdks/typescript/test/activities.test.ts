// Activities: engine-scheduled retries, and failures that reach `aether status`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { type AetherClient, TerminalError, WorkflowFailedError, aether } from '../src/index.js';
import { Server, cli, eventually } from './harness.js';

let server: Server;
let client: AetherClient;

class PaymentDeclinedError extends Error {
  override name = 'PaymentDeclinedError';
}

let flakyCalls = 0;

before(async () => {
  server = await Server.start(['--persistence', 'memory']);
  client = aether({ serverUrl: server.url });
});

after(async () => {
  await client.close();
  await server.kill();
});

test('an activity that throws twice completes on attempt 3, every attempt in the history', async () => {
  const flaky = client.workflow('ts-flaky', async (ctx) => {
    return ctx.activity(
      'charge-card',
      async ({ attempt }) => {
        flakyCalls++;
        if (attempt < 3) {
          throw new Error(`gateway timeout on attempt ${attempt}`);
        }
        return `charged on attempt ${attempt}`;
      },
      { retry: { initialInterval: 100, maximumAttempts: 5 } },
    );
  });
  const declined = client.workflow('ts-declined', async (ctx) => {
    return ctx.activity(
      'charge-card',
      async () => {
        throw new PaymentDeclinedError('card declined by the issuer');
      },
      { retry: { initialInterval: 50, maximumAttempts: 2 } },
    );
  });
  const terminal = client.workflow('ts-terminal', async (ctx) => {
    return ctx.activity(
      'validate',
      async () => {
        throw new TerminalError('order is malformed', { type: 'ValidationError' });
      },
      { retry: { initialInterval: 50, maximumAttempts: 10 } },
    );
  });
  await client.serve([flaky, declined, terminal]);

  const id = await flaky.start();
  assert.equal(await flaky.result(id), 'charged on attempt 3');
  assert.equal(flakyCalls, 3);
  const history = await client.history(id);
  const attempts = history
    .filter((h) => h.name === 'charge-card')
    .map((h) => [h.action, h.attempt, h.failure?.message ?? null]);
  assert.deepEqual(attempts, [
    ['step_failed', 1, 'gateway timeout on attempt 1'],
    ['step_failed', 2, 'gateway timeout on attempt 2'],
    ['step_completed', 3, null],
  ]);
  // Each attempt names the worker that ran it, when its task was handed over, and its run time.
  for (const attempt of history.filter((h) => h.name === 'charge-card')) {
    assert.ok(attempt.workerId, `attempt ${attempt.attempt} names no worker`);
    assert.ok(attempt.leasedAt instanceof Date && attempt.leasedAt.getTime() <= attempt.at.getTime());
    assert.ok(typeof attempt.durationMs === 'number' && attempt.durationMs >= 0);
  }

  // Always throwing: the workflow fails with the activity's message and error type.
  const failedId = await declined.start();
  await assert.rejects(declined.result(failedId), (error: unknown) => {
    assert.ok(error instanceof WorkflowFailedError);
    assert.equal(error.failure.type, 'PaymentDeclinedError');
    assert.equal(error.failure.message, 'card declined by the issuer');
    return true;
  });
  const status = await cli(['status', failedId, '--server', server.url]);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /State:\s+FAILED/);
  assert.match(status.stdout, /Error:\s+card declined by the issuer/);
  assert.match(status.stdout, /Type:\s+PaymentDeclinedError/);
  const failedHistory = await client.history(failedId);
  assert.equal(failedHistory.filter((h) => h.action === 'step_failed').length, 2);

  // A TerminalError is not retried, whatever the policy.
  const terminalId = await terminal.start();
  await assert.rejects(terminal.result(terminalId), WorkflowFailedError);
  const terminalHistory = await client.history(terminalId);
  assert.equal(terminalHistory.filter((h) => h.action === 'step_failed').length, 1);
  assert.equal((await client.getStatus(terminalId)).failure?.type, 'ValidationError');
});

test("a step's result is recorded before the next step runs", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  // A client serves once: this test's worker has its own.
  const own = aether({ serverUrl: server.url });
  const twoSteps = own.workflow('ts-recorded-then-next', async (ctx) => {
    const first = await ctx.step('first', async () => 1);
    const second = await ctx.step('second', async () => {
      await gate;
      return 2;
    });
    return first + second;
  });
  await own.serve([twoSteps]);
  try {
    const id = await twoSteps.start();
    await eventually('the first step recorded while the second runs', async () =>
      (await client.history(id)).some((h) => h.action === 'step_completed' && h.name === 'first'),
    );
    assert.ok(
      !(await client.history(id)).some((h) => h.name === 'second'),
      'the second step has not returned yet',
    );
    release();
    assert.equal(await twoSteps.result(id), 3);
    assert.deepEqual(
      (await client.history(id)).map((h) => [h.action, h.name]),
      [
        ['workflow_started', 'ts-recorded-then-next'],
        ['step_completed', 'first'],
        ['step_completed', 'second'],
        ['workflow_completed', ''],
      ],
    );
  } finally {
    await own.close();
  }
});
