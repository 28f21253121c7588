// The heartbeat throttle, without a server: at most one send per 0.8 × the heartbeat timeout,
// and the one that follows a burst carries its latest details.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { HeartbeatThrottle } from '../src/heartbeat.js';

test('a burst of heartbeats sends the first at once and the latest after the interval', async () => {
  const sent: unknown[] = [];
  let delivered: () => void = () => {};
  const second = new Promise<void>((resolve) => (delivered = resolve));
  const throttle = new HeartbeatThrottle(async (details) => {
    sent.push(details === undefined ? undefined : JSON.parse(details.toString('utf8')));
    if (sent.length === 2) delivered();
  }, 250);
  const began = performance.now();
  for (let page = 1; page <= 50; page++) throttle.beat({ page });
  assert.deepEqual(sent, [{ page: 1 }]);
  await second;
  assert.deepEqual(sent, [{ page: 1 }, { page: 50 }]);
  assert.ok(performance.now() - began >= 190, 'the second send waits for 0.8 × 250 ms');
  throttle.stop();
});

test('a stopped throttle sends nothing more', async () => {
  const sent: unknown[] = [];
  const throttle = new HeartbeatThrottle(async (details) => {
    sent.push(details);
  }, 100);
  throttle.beat('a');
  throttle.beat('b');
  throttle.stop();
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(sent.length, 1);
});

test('flush sends the held-back details at once and resolves once they are delivered', async () => {
  const sent: unknown[] = [];
  const throttle = new HeartbeatThrottle(async (details) => {
    await new Promise((r) => setTimeout(r, 20));
    sent.push(details === undefined ? undefined : JSON.parse(details.toString('utf8')));
  }, 10_000);
  throttle.beat({ page: 1 });
  throttle.beat({ page: 2 });
  throttle.beat({ page: 3 });
  const began = performance.now();
  await throttle.flush();
  assert.ok(performance.now() - began < 5_000, 'flush does not wait for the interval');
  assert.deepEqual(sent.at(-1), { page: 3 });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(sent.length, 2, 'nothing more is sent after the flush');
});
