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

/** The example's output with each workflow id (a UUID) replaced by `ID`, and the ids in order. */
function withoutIds(stdout: string): { lines: string[]; ids: string[] } {
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  return { lines: stdout.trimEnd().replace(uuid, 'ID').split('\n'), ids: stdout.match(uuid) ?? [] };
}

/** A run's step attempts as `aether history ID --json` prints them: [action, name, attempt, failure type]. */
async function stepAttempts(workflowId: string): Promise<Array<[string, string, number, string | null]>> {
  const shown = await cli(['history', workflowId, '--json', '--server', server.url]);
  assert.equal(shown.code, 0, shown.stderr);
  const events = JSON.parse(shown.stdout) as Array<{
    action: string;
    name: string;
    attempt: number;
    failure: { error_type: string } | null;
  }>;
  return events
    .filter((e) => e.action === 'step_completed' || e.action === 'step_failed')
    .map((e) => [e.action, e.name, e.attempt, e.failure?.error_type ?? null]);
}

test('error-handling retries the flaky step, compensates the declined card, fails on the terminal error', async () => {
  const { lines, ids } = withoutIds(await dev('error-handling'));
  const unavailable = (attempt: number) =>
    `  reserve-flight attempt ${attempt}: failed (Error: flight service unavailable (attempt ${attempt}))`;
  assert.deepEqual(lines, [
    'trip-1: booked flight FL-trip-1, hotel HT-trip-1, payment PAY-trip-1',
    '  validate-trip attempt 1: completed',
    unavailable(1),
    unavailable(2),
    '  reserve-flight attempt 3: completed',
    '  reserve-hotel attempt 1: completed',
    '  charge-card attempt 1: completed',
    '  history: aether history ID',
    'trip-2: cancelled (CardDeclinedError: card of trip-2 declined by the issuer); undone: cancel-hotel, cancel-flight',
    '  validate-trip attempt 1: completed',
    unavailable(1),
    unavailable(2),
    '  reserve-flight attempt 3: completed',
    '  reserve-hotel attempt 1: completed',
    '  charge-card attempt 1: failed (CardDeclinedError: card of trip-2 declined by the issuer)',
    '  cancel-hotel attempt 1: completed',
    '  cancel-flight attempt 1: completed',
    '  history: aether history ID',
    'trip-3: failed (InvalidTrip: a trip needs at least one traveller)',
    '  validate-trip attempt 1: failed (InvalidTrip: a trip needs at least one traveller)',
    '  history: aether history ID',
    'Summary: 1 booked, 1 cancelled and compensated, 1 failed',
  ]);
  assert.equal(ids.length, 3);
  const [booked, cancelled, failed] = ids as [string, string, string];

  // The engine's own record, through the CLI: two failed attempts then the third, for a policy
  // of 5; one attempt only for the error the policy does not retry and for the TerminalError.
  const flight: Array<[string, string, number, string | null]> = [
    ['step_failed', 'reserve-flight', 1, 'Error'],
    ['step_failed', 'reserve-flight', 2, 'Error'],
    ['step_completed', 'reserve-flight', 3, null],
  ];
  assert.deepEqual(await stepAttempts(booked), [
    ['step_completed', 'validate-trip', 1, null],
    ...flight,
    ['step_completed', 'reserve-hotel', 1, null],
    ['step_completed', 'charge-card', 1, null],
  ]);
  assert.deepEqual(await stepAttempts(cancelled), [
    ['step_completed', 'validate-trip', 1, null],
    ...flight,
    ['step_completed', 'reserve-hotel', 1, null],
    ['step_failed', 'charge-card', 1, 'CardDeclinedError'],
    ['step_completed', 'cancel-hotel', 1, null],
    ['step_completed', 'cancel-flight', 1, null],
  ]);
  assert.deepEqual(await stepAttempts(failed), [['step_failed', 'validate-trip', 1, 'InvalidTrip']]);

  // The compensated trip ended as its code decided (COMPLETED); the uncaught TerminalError
  // failed its run with the error's type.
  const status = async (id: string) => {
    const shown = await cli(['status', id, '--json', '--server', server.url]);
    assert.equal(shown.code, 0, shown.stderr);
    return JSON.parse(shown.stdout) as { state: string; failure?: { error_type: string } };
  };
  assert.equal((await status(booked)).state, 'COMPLETED');
  assert.equal((await status(cancelled)).state, 'COMPLETED');
  const failedStatus = await status(failed);
  assert.equal(failedStatus.state, 'FAILED');
  assert.equal(failedStatus.failure?.error_type, 'InvalidTrip');
});

test('child-workflows composes the quotes of its children and handles the failed one', async () => {
  const { lines, ids } = withoutIds(await dev('child-workflows'));
  assert.deepEqual(lines, [
    'Quotes for order-7 (30 x widget):',
    '  acme: 127.50 EUR',
    '  globex: 118.50 EUR',
    '  initech: no quote (OutOfStock: initech has no widget in stock)',
    'Chosen: globex at 118.50 EUR, reservation RSV-globex-order-7',
    'Children of ID: supplier-quote 2 completed and 1 failed, reserve-stock 1 completed',
  ]);
  const [parent] = ids as [string];
  const listed = await cli(['workflow', 'list', '--json', '--server', server.url]);
  assert.equal(listed.code, 0, listed.stderr);
  const children = (JSON.parse(listed.stdout) as Array<{ workflow_type: string; state: string; parent_workflow_id: string | null }>)
    .filter((w) => w.parent_workflow_id === parent)
    .map((w) => `${w.workflow_type} ${w.state}`)
    .sort();
  assert.deepEqual(children, ['reserve-stock COMPLETED', 'supplier-quote COMPLETED', 'supplier-quote COMPLETED', 'supplier-quote FAILED']);
});

test('conditional takes the automatic, the reviewed and the rejected branch', async () => {
  const { lines } = withoutIds(await dev('conditional'));
  assert.deepEqual(lines, [
    'order-1: 240.00 EUR, auto-approved, shipped as SHP-order-1',
    '  steps: price-order -> auto-approve -> ship-order',
    'order-2: 1800.00 EUR, approved-by-finance (risk 35), shipped as SHP-order-2',
    '  steps: price-order -> score-risk -> finance-review -> ship-order',
    'order-3: 1350.00 EUR, rejected (risk 90), not shipped',
    '  steps: price-order -> score-risk -> reject-order',
  ]);
});

test('scheduled creates a cron schedule from the SDK; the engine starts its runs, each tick once', async () => {
  const lines = (await dev('scheduled')).trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, 3), [
    'Created schedule example-digest: */2 * * * * * (UTC), overlap skip',
    'Next fire times are 2 s apart',
    '3 runs completed:',
  ]);
  const runs = lines.slice(3, 6).map((line) => {
    const match = /^ {2}example-digest@(\d{4}-\d\d-\d\dT\d\d:\d\d:(\d\d)Z): 2 items$/.exec(line);
    assert.ok(match, line);
    assert.equal(Number(match[2]) % 2, 0, `a tick of */2 falls on an even second: ${line}`);
    return Date.parse(match[1] ?? '');
  });
  assert.ok(runs.every((t, i) => i === 0 || t > (runs[i - 1] ?? Infinity)), 'three distinct ticks, oldest first');
  assert.deepEqual(lines.slice(6), ['Paused: example finished; 0 ticks missed', 'Deleted schedule example-digest']);
  const listed = await cli(['schedule', 'list', '--json', '--server', server.url]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual((JSON.parse(listed.stdout) as { schedules: unknown[] }).schedules, []);
});

test('long-running resumes from the last heartbeat after its worker is killed', async () => {
  const lines = (await dev('long-running')).trimEnd().split('\n');
  assert.equal(lines.length, 4, lines.join('\n'));
  const killed = /^worker-a reported (\d+) of 12 files, then was killed \(SIGKILL\)$/.exec(lines[0] ?? '');
  assert.ok(killed, lines[0]);
  const failed = /^attempt 1 failed: TimeoutError \(heartbeat\), last heartbeat: \{"done":(\d+)\}$/.exec(lines[1] ?? '');
  assert.ok(failed, lines[1]);
  const seen = Number(killed[1]);
  const last = Number(failed[1]);
  assert.ok(seen >= 6 && last >= seen && last < 12, `${seen} seen, ${last} kept`);
  assert.equal(lines[2], `attempt 2 ran on worker-b, resumed after file ${last}, indexed ${12 - last} more`);
  assert.match(lines[3] ?? '', /^indexed 12 files in all; history: aether history \S+$/);
});
