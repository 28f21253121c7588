// Scheduled: a cron schedule created from the SDK, stored in the engine, that starts a workflow
// on its own. With `aether serve` running:
//
//   cd examples/scheduled && npm install && npm run dev
//
// It creates the schedule `example-digest`, which starts the `build-digest` workflow every two
// seconds (`*/2 * * * * *`: a 6-field expression, seconds first; 5 fields such as `0 9 * * 1-5`
// read as Unix cron does, here "weekdays at 9:00"). The overlap policy `skip` drops a tick while
// the previous run is still open, and after downtime only the ticks of the last minute (the
// catch-up window) run; the others are counted as missed, never fired in a burst. Each run's id
// is `example-digest@<scheduled time>`, so no tick ever starts twice, even with several engine
// nodes. The same from a shell: `aether schedule create|describe|pause|trigger|delete`.
//
// It waits for three runs, prints them, then pauses the schedule with a note and deletes it.
import { ScheduleNotFoundError, aether } from '@aetherframework.ai/sdk';

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233' });

const SCHEDULE_ID = 'example-digest';
const RUNS_TO_SEE = 3;

const buildDigest = client.workflow('build-digest', async (ctx, feed: string) => {
  const items = await ctx.step('fetch-items', async () => [`${feed}: build passed`, `${feed}: 2 new issues`]);
  return ctx.step('format-digest', async () => `${items.length} items`);
});

async function main() {
  await client.serve([buildDigest]);

  // A schedule left by an earlier run of this example that was interrupted.
  await client.schedules.delete(SCHEDULE_ID).catch((error: unknown) => {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  });

  const created = await client.schedules.create(SCHEDULE_ID, {
    cron: '*/2 * * * * *',
    workflow: buildDigest,
    args: ['ci'],
    overlap: 'skip',
    catchupWindow: { minutes: 1 },
  });
  const [first, second] = created.nextFireTimes;
  const apart = first && second ? (second.getTime() - first.getTime()) / 1000 : NaN;
  console.log(`Created schedule ${created.scheduleId}: ${created.cron} (${created.timeZone}), overlap ${created.overlap}`);
  console.log(`Next fire times are ${apart} s apart`);

  // The engine starts the runs; this process only serves them and watches.
  const giveUpAt = Date.now() + 30_000;
  let described = created;
  while (described.recentRuns.filter((r) => r.state === 'COMPLETED').length < RUNS_TO_SEE) {
    if (Date.now() > giveUpAt) throw new Error(`no ${RUNS_TO_SEE} completed runs in 30 s: is a worker for build-digest stuck?`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    described = await client.schedules.describe(SCHEDULE_ID);
  }
  const completed = described.recentRuns.filter((r) => r.state === 'COMPLETED').slice(0, RUNS_TO_SEE).reverse();
  console.log(`${RUNS_TO_SEE} runs completed:`);
  for (const run of completed) {
    console.log(`  ${run.workflowId}: ${await buildDigest.result(run.workflowId)}`);
  }

  const paused = await client.schedules.pause(SCHEDULE_ID, 'example finished');
  console.log(`Paused: ${paused.note}; ${paused.counters.missedCatchup} ticks missed`);
  await client.schedules.delete(SCHEDULE_ID);
  console.log(`Deleted schedule ${SCHEDULE_ID}`);
  await client.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
