// Schedules from the TypeScript SDK against a real server: bad definitions refused whole, a
// schedule firing every second starting real runs with deterministic ids and the arguments it
// was given, and every operation (describe, update, pause, unpause, trigger, backfill, delete).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { AetherError, type AetherClient, ScheduleNotFoundError, aether } from '../src/index.js';
import { Server, cli, eventually } from './harness.js';

let server: Server;
let client: AetherClient;

const received: Array<{ workflowId: string; team: string }> = [];

function define(cl: AetherClient) {
  return {
    report: cl.workflow('ts-scheduled-report', async (ctx, input: { team: string }) => {
      await ctx.step('record', async () => {
        received.push({ workflowId: ctx.workflowId, team: input.team });
      });
      return `report for ${input.team}`;
    }),
  };
}

let workflows: ReturnType<typeof define>;

before(async () => {
  server = await Server.start(['--persistence', 'memory']);
  client = aether({ serverUrl: server.url });
  workflows = define(client);
  await client.serve(Object.values(workflows));
});

after(async () => {
  await client.close();
  await server.kill();
});

test('an invalid definition is refused with a clear error and creates nothing', async () => {
  const base = { cron: '* * * * * *', workflow: workflows.report, args: [{ team: 'core' }] };
  const refusals: Array<[string, () => Promise<unknown>, RegExp]> = [
    ['cron', () => client.schedules.create('bad-cron', { ...base, cron: 'every tuesday' }), /invalid cron expression/],
    ['time zone', () => client.schedules.create('bad-zone', { ...base, timeZone: 'Mars/Olympus' }), /unknown time zone/],
    ['jitter', () => client.schedules.create('bad-jitter', { ...base, jitter: -5 }), /must not be negative/],
    ['catch-up window', () => client.schedules.create('bad-window', { ...base, catchupWindow: { seconds: -1 } }), /must not be negative/],
    // A policy from untyped code (JSON, say) is checked before any call too.
    ['policy', () => client.schedules.create('bad-policy', { ...base, overlap: 'sometimes' as never }), /unknown overlap policy/],
  ];
  for (const [what, refused, message] of refusals) {
    await assert.rejects(refused(), (err: unknown) => err instanceof AetherError && message.test(err.message), what);
  }
  assert.deepEqual(await client.schedules.list(), []);
  await assert.rejects(client.schedules.describe('bad-cron'), ScheduleNotFoundError);
});

test('a schedule firing every second starts runs with deterministic ids and its arguments', async () => {
  const created = await client.schedules.create('ts-every-second', {
    cron: '* * * * * *',
    workflow: workflows.report,
    args: [{ team: 'core' }],
    timeZone: 'Europe/Paris',
  });
  assert.equal(created.scheduleId, 'ts-every-second');
  assert.equal(created.timeZone, 'Europe/Paris');
  assert.equal(created.overlap, 'skip');
  assert.equal(created.catchupWindowMs, 60_000);
  assert.deepEqual(created.args, [{ team: 'core' }]);
  assert.equal(created.nextFireTimes.length, 5);
  for (const [i, t] of created.nextFireTimes.entries()) {
    assert.equal(t.getUTCMilliseconds(), 0, 'every second, on the second');
    if (i > 0) assert.equal(t.getTime() - (created.nextFireTimes[i - 1]?.getTime() ?? 0), 1000);
  }

  await eventually('two completed runs', async () => {
    const d = await client.schedules.describe('ts-every-second');
    return d.recentRuns.filter((r) => r.state === 'COMPLETED').length >= 2;
  });
  await client.schedules.pause('ts-every-second', 'enough for the test');
  const paused = await client.schedules.describe('ts-every-second');
  assert.equal(paused.paused, true);
  assert.equal(paused.note, 'enough for the test');
  for (const run of paused.recentRuns) {
    assert.equal(run.workflowId, `ts-every-second@${run.scheduledAt.toISOString().replace('.000Z', 'Z')}`);
  }
  const ids = paused.recentRuns.map((r) => r.workflowId);
  assert.equal(new Set(ids).size, ids.length, 'no tick started twice');
  const completed = paused.recentRuns.find((r) => r.state === 'COMPLETED');
  assert.ok(completed);
  assert.equal(await workflows.report.result(completed.workflowId), 'report for core');
  assert.ok(received.some((r) => r.workflowId === completed.workflowId && r.team === 'core'));
  assert.ok(paused.counters.actionsStarted >= 2);

  await client.schedules.delete('ts-every-second');
  await assert.rejects(client.schedules.describe('ts-every-second'), ScheduleNotFoundError);
});

test('update, trigger and backfill on a paused schedule', async () => {
  await client.schedules.create('ts-ops', {
    cron: '0 9 * * *',
    workflow: 'ts-scheduled-report',
    args: [{ team: 'ops' }],
    paused: true,
    note: 'created paused',
  });
  await assert.rejects(
    client.schedules.create('ts-ops', { cron: '0 9 * * *', workflow: 'ts-scheduled-report' }),
    AetherError,
    'an id in use is refused',
  );

  const updated = await client.schedules.update('ts-ops', { cron: '30 18 * * 1-5', overlap: 'allow-all' });
  assert.equal(updated.cron, '30 18 * * 1-5');
  assert.equal(updated.overlap, 'allow-all');
  assert.deepEqual(updated.args, [{ team: 'ops' }], 'what the update did not name is kept');
  assert.equal(updated.paused, true, 'the paused flag is kept');
  for (const t of updated.nextFireTimes) {
    assert.equal(t.getUTCHours(), 18);
    assert.equal(t.getUTCMinutes(), 30);
    assert.ok(t.getUTCDay() >= 1 && t.getUTCDay() <= 5);
  }

  const triggered = await client.schedules.trigger('ts-ops');
  assert.equal(triggered.outcome, 'started');
  assert.match(triggered.workflowId, /^ts-ops@/);
  assert.equal(await workflows.report.result(triggered.workflowId), 'report for ops');

  // Three daily ticks at 18:30 UTC, on weekdays: Mon 2026-11-23 to Wed 2026-11-25.
  const ticks = await client.schedules.backfill('ts-ops', {
    start: new Date('2026-11-23T00:00:00Z'),
    end: new Date('2026-11-25T23:59:59Z'),
  });
  assert.equal(ticks, 3);
  // Under buffer-all the backfilled runs start one after the other, each once the last ended.
  const backfilled = ['2026-11-23', '2026-11-24', '2026-11-25'].map((day) => `ts-ops@${day}T18:30:00Z`);
  await eventually('the backfilled runs completed', async () => {
    const runs = (await client.schedules.describe('ts-ops')).recentRuns;
    return backfilled.every((id) => runs.some((r) => r.workflowId === id && r.state === 'COMPLETED'));
  });
  for (const id of backfilled) {
    assert.equal(await workflows.report.result(id), 'report for ops');
  }

  const unpaused = await client.schedules.unpause('ts-ops', 'back to work');
  assert.equal(unpaused.paused, false);
  assert.equal(unpaused.note, 'back to work');
  assert.ok(unpaused.counters.actionsStarted >= 4, JSON.stringify(unpaused));
  await client.schedules.delete('ts-ops');
});

test('an update from TypeScript keeps the input of a schedule made elsewhere', async () => {
  const made = await cli(['schedule', 'create', 'from-cli', '--cron', '0 9 * * *', '--workflow', 'report', '--input', '{"n": 1}', '--server', server.url]);
  assert.equal(made.code, 0, made.stderr);
  const updated = await client.schedules.update('from-cli', { cron: '0 10 * * *' });
  assert.equal(updated.cron, '0 10 * * *');
  const shown = await cli(['schedule', 'describe', 'from-cli', '--json', '--server', server.url]);
  assert.equal(shown.code, 0, shown.stderr);
  const view = JSON.parse(shown.stdout) as { action: { input: unknown } };
  assert.deepEqual(view.action.input, { n: 1 }, 'not rewritten as an argument list');
  await client.schedules.delete('from-cli');
});
