/**
 * The dashboard in a real browser against a real engine: `aether serve` with its own SQLite
 * file, a TypeScript worker serving the workflows below, and headless Chromium. Each test
 * drives a page as a person would and waits on what the page shows (never on a fixed delay).
 * Every page is saved as a 1280×800 screenshot in e2e/screenshots/.
 */
import { randomUUID } from 'node:crypto';

import { type AetherClient, aether } from '@aetherframework.ai/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { Engine, eventually, launchBrowser, openPage, screenshot } from './support';

/** Content that would run a script if any page rendered it as HTML. */
const HOSTILE = '<script>window.__xss = "script"</script><img src=x onerror="window.__xss = \'img\'">';
const HOSTILE_MARKDOWN = `**Ship it?** ${HOSTILE}\n\n[open me](javascript:window.__xss='link')`;

let engine: Engine;
let client: AetherClient;
let browser: Browser;
const problems: string[] = [];

function define(cl: AetherClient) {
  return {
    greet: cl.workflow('e2e-greet', async (ctx, name: string) => {
      const text = await ctx.step('compose', async () => `Hello, ${name}!`);
      return ctx.step('shout', async () => text.toUpperCase());
    }),
    flaky: cl.workflow('e2e-flaky', async (ctx) =>
      ctx.activity(
        'call-upstream',
        async (info) => {
          if (info.attempt === 1) throw new Error('upstream answered 503');
          return { status: 200, body: HOSTILE };
        },
        { retry: { initialInterval: 50, maximumAttempts: 3 } },
      ),
    ),
    review: cl.workflow('e2e-review', async (ctx) => {
      await ctx.step('prepare', async () => ({ summary: HOSTILE }));
      const decision = await ctx.requestApproval({ reason: 'deploy.prod', detail: HOSTILE_MARKDOWN });
      return ctx.step('ship', async () => decision.outcome);
    }),
    waiter: cl.workflow('e2e-waiter', async (ctx) => ctx.waitForSignal('go')),
  };
}
let workflows: ReturnType<typeof define>;

beforeAll(async () => {
  engine = await Engine.start();
  client = aether({ serverUrl: engine.grpcUrl });
  workflows = define(client);
  await client.serve(Object.values(workflows));
  browser = await launchBrowser();
});

afterAll(async () => {
  // Each was set by beforeAll unless it failed first.
  const started = { browser, client, engine } as Partial<{ browser: Browser; client: AetherClient; engine: Engine }>;
  await started.browser?.close();
  await started.client?.close();
  await started.engine?.stop();
});

async function page(path: string): Promise<Page> {
  const p = await openPage(browser, problems);
  await p.goto(`${engine.httpUrl}${path}`);
  return p;
}

/** No injected content ran, and no link can run script. */
async function assertNothingRan(p: Page): Promise<void> {
  expect(await p.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  expect(await p.locator('a[href^="javascript:" i]').count()).toBe(0);
  expect(problems).toEqual([]);
}

async function stateOf(id: string): Promise<string> {
  return (await engine.api<{ state: string }>('GET', `/v1/workflows/${id}`)).state;
}

describe('the dashboard', () => {
  test('the runs page lists runs, and a new run appears without a reload', async () => {
    const first = await workflows.greet.start('world');
    await eventually('the first run to finish', async () => (await stateOf(first)) === 'COMPLETED');
    const p = await page('/runs');
    await p.locator(`[data-testid="run-row"][data-run-id="${first}"]`).waitFor();
    await p.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });

    const second = await workflows.greet.start('again');
    const row = p.locator(`[data-testid="run-row"][data-run-id="${second}"]`);
    await row.waitFor();
    await row.locator('[data-testid="run-state"]', { hasText: 'COMPLETED' }).waitFor();
    expect(await p.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await screenshot(p, 'runs');

    await p.setViewportSize({ width: 375, height: 800 });
    await screenshot(p, 'runs-phone');
    await p.close();
  });

  test("the run page shows each step, with a failed attempt's error", async () => {
    const id = await workflows.flaky.start();
    await eventually('the flaky run to finish', async () => (await stateOf(id)) === 'COMPLETED');
    const p = await page(`/runs/${id}`);
    await p.locator('[data-testid="timeline-entry"]', { hasText: 'call-upstream' }).first().waitFor();
    await p.locator('[data-testid="attempt-error"]', { hasText: 'upstream answered 503' }).first().waitFor();
    await p.locator('[data-testid="run-state"]', { hasText: 'COMPLETED' }).first().waitFor();
    await assertNothingRan(p);
    await screenshot(p, 'run-detail');
    await p.close();
  });

  test('a run waiting for approval is approved from the inbox and turns COMPLETED on its page', async () => {
    const id = await workflows.review.start();
    await eventually('the approval request', async () => {
      const page = await engine.api<{ approvals: Array<{ workflowId?: string }> }>('GET', '/v1/approvals?state=pending');
      return page.approvals.some((a) => a.workflowId === id);
    });
    const run = await page(`/runs/${id}`);
    await run.locator('[data-testid="run-state"]', { hasText: 'RUNNING' }).first().waitFor();
    await assertNothingRan(run);

    const inbox = await page('/approvals');
    const card = inbox.locator('[data-testid="approval"]').filter({ hasText: 'deploy.prod' }).filter({
      has: inbox.getByRole('button', { name: 'Approve' }),
    });
    await card.first().waitFor();
    await inbox.getByText('Ship it?').first().waitFor();
    await assertNothingRan(inbox);
    await screenshot(inbox, 'approvals');
    await card.first().getByLabel('Comment').fill('looks right');
    await card.first().getByRole('button', { name: 'Approve' }).click();

    await run.locator('[data-testid="run-state"]', { hasText: 'COMPLETED' }).first().waitFor();
    const approvals = await engine.api<{ approvals: Array<{ workflowId?: string; comment?: string; state: string }> }>(
      'GET',
      '/v1/approvals',
    );
    const decided = approvals.approvals.find((a) => a.workflowId === id);
    expect(decided?.state).toBe('approved');
    expect(decided?.comment).toBe('looks right');
    await run.close();
    await inbox.close();
  });

  test('cancel from the run page', async () => {
    const id = await workflows.waiter.start();
    await eventually('the run to wait on its signal', async () => {
      const run = await engine.api<{ waitingOn: string | null }>('GET', `/v1/workflows/${id}`);
      return run.waitingOn === 'signal';
    });
    const p = await page(`/runs/${id}`);
    await p.getByRole('button', { name: 'Cancel run' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel run' }).click();
    await p.locator('[data-testid="run-state"]', { hasText: 'CANCELLED' }).first().waitFor();
    expect(await stateOf(id)).toBe('CANCELLED');
    await p.close();
  });

  test("a session's tree, a file and a fork's diff render, and file contents run nothing", async () => {
    const session = await engine.api<{ id: string }>('POST', '/v1/sessions', { labels: { suite: 'e2e' } });
    await engine.api('PUT', `/v1/sessions/${session.id}/files/src/app.ts`, undefined, 'export const a = 1;\nexport const b = 2;\n');
    await engine.api('PUT', `/v1/sessions/${session.id}/files/docs/index.html`, undefined, `${HOSTILE}\n<a href="javascript:alert(1)">x</a>\n`);
    await engine.api('POST', `/v1/sessions/${session.id}/checkpoints`, { name: 'first' });
    const fork = await engine.api<{ id: string }>('POST', `/v1/sessions/${session.id}/fork`, {});
    await engine.api('PUT', `/v1/sessions/${fork.id}/files/src/app.ts`, undefined, 'export const a = 1;\nexport const b = 3;\n');
    await engine.api('PUT', `/v1/sessions/${fork.id}/files/src/new.ts`, undefined, `// ${randomUUID()}\n`);

    const list = await page('/sessions');
    await list.getByText(fork.id).first().waitFor();
    await screenshot(list, 'sessions');
    await list.close();

    const p = await page(`/sessions/${session.id}?path=docs/index.html`);
    await p.getByRole('treeitem').first().waitFor();
    const view = p.locator('[data-testid="file-view"]');
    await view.getByText('<script>', { exact: false }).first().waitFor();
    await assertNothingRan(p);
    await screenshot(p, 'session');
    await p.close();

    const diff = await page(`/sessions/${fork.id}?diff=base`);
    const changed = diff.locator('[data-testid="diff-file"]', { hasText: 'src/app.ts' });
    await changed.waitFor();
    await changed.getByText('export const b = 3;').first().waitFor();
    await diff.locator('[data-testid="diff-file"]', { hasText: 'src/new.ts' }).waitFor();
    await screenshot(diff, 'session-diff');
    await diff.close();
  });

  test('a schedule is listed, opened, and paused with a note from its page', async () => {
    const id = `e2e-nightly-${randomUUID().slice(0, 8)}`;
    await engine.api('POST', '/v1/schedules', {
      id,
      spec: { cron: '0 3 * * *', timeZone: 'Europe/Paris', jitterMs: 30_000 },
      action: { workflowType: 'e2e-greet', input: HOSTILE },
      overlap: 'buffer-one',
    });
    const triggered = await engine.api<{ workflowId: string; outcome: string }>('POST', `/v1/schedules/${id}/trigger`);
    expect(triggered.outcome).toBe('started');
    await eventually('the triggered run to finish', async () => (await stateOf(triggered.workflowId)) === 'COMPLETED');

    const p = await page('/schedules');
    const row = p.locator(`[data-testid="schedule-row"][data-schedule-id="${id}"]`);
    await row.waitFor();
    await row.getByText('Europe/Paris').waitFor();
    await row.locator('[data-testid="schedule-state"]', { hasText: 'active' }).waitFor();
    await screenshot(p, 'schedules');

    await row.getByRole('link', { name: id }).click();
    await p.getByRole('heading', { level: 1, name: id }).waitFor();
    const run = p.locator(`[data-testid="schedule-run"][data-run-id="${triggered.workflowId}"]`);
    await run.locator('[data-testid="run-state"]', { hasText: 'COMPLETED' }).waitFor();
    await p.getByTestId('schedule-input').getByText('<script>', { exact: false }).waitFor();

    await p.getByRole('button', { name: 'Pause' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByLabel('Note').fill('paused from the e2e suite');
    await dialog.getByRole('button', { name: 'Pause' }).click();
    await p.locator('[data-testid="schedule-state"]', { hasText: 'paused' }).first().waitFor();
    await p.locator('[data-testid="schedule-note"]', { hasText: 'paused from the e2e suite' }).first().waitFor();
    await p.getByRole('button', { name: 'Unpause' }).waitFor();
    await assertNothingRan(p);
    await screenshot(p, 'schedule');

    const stored = await engine.api<{ paused: boolean; note: string }>('GET', `/v1/schedules/${id}`);
    expect(stored).toMatchObject({ paused: true, note: 'paused from the e2e suite' });
    await p.close();
  });

  test('the workers and metrics pages show the live engine', async () => {
    const workers = await page('/workers');
    await workers.getByText('e2e-greet').first().waitFor();
    await screenshot(workers, 'workers');
    await workers.close();

    const metrics = await page('/metrics');
    await metrics.locator('svg.recharts-surface').first().waitFor();
    await screenshot(metrics, 'metrics');
    await metrics.close();
    expect(problems).toEqual([]);
  });
});
