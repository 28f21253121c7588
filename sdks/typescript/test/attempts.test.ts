// Which attempt a heartbeat belongs to, without a server: concurrent attempts of one execution
// each find their own, before and after the process's first heartbeat. (One file, one process:
// the "first heartbeat" is this file's.)
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { test } from 'node:test';

import { type AttemptHolder, currentAttempt, runAttempt } from '../src/attempts.js';
import { HeartbeatThrottle } from '../src/heartbeat.js';

const throttle = () => new HeartbeatThrottle(async () => {}, undefined);

test('concurrent attempts each find their own, and nothing is found outside them', async () => {
  const execution: AttemptHolder = { untrackedAttempt: null };
  const a = throttle();
  const b = throttle();
  const c = throttle();
  // a starts alone (untracked), b beside it (tracked); each asks after awaiting, from its own
  // async context. The first ask is the process's first heartbeat.
  const [seenByA, seenByB] = await Promise.all([
    runAttempt(execution, a, async () => {
      await tick();
      const first = currentAttempt(execution);
      await tick();
      return [first, currentAttempt(execution)];
    }),
    runAttempt(execution, b, async () => {
      await tick();
      return [currentAttempt(execution)];
    }),
  ]);
  assert.deepEqual(seenByA, [a, a]);
  assert.deepEqual(seenByB, [b]);
  assert.equal(execution.untrackedAttempt, null, 'the untracked attempt is released when it ends');
  assert.equal(currentAttempt(execution), undefined, 'outside any attempt a heartbeat reaches nobody');

  // After the first heartbeat every attempt is tracked: workflow code beside a running
  // attempt finds none.
  let release: () => void = () => {};
  const running = runAttempt(execution, c, async () => {
    await new Promise<void>((resolve) => (release = resolve));
    return currentAttempt(execution);
  });
  await tick();
  assert.equal(execution.untrackedAttempt, null);
  assert.equal(currentAttempt(execution), undefined);
  release();
  assert.equal(await running, c);
});
