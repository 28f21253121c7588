/**
 * Signing in to the dashboard against a real `aether serve` that has two keys configured (an
 * admin for the test's own calls, a reader for the browser): the key is exchanged for an
 * HttpOnly cookie, the reader's forbidden actions are disabled, a session that ends mid-way
 * sends the page back to sign-in at the same URL, and signing out ends the session for good.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { Engine, launchBrowser, openPage, screenshot } from './support';

/** A key as `aether key new` makes it, and the config line that admits it. */
function newKey(name: string, roles: string[]): { key: string; toml: string } {
  const key = `aek_${randomBytes(32).toString('base64url')}`;
  const sha256 = createHash('sha256').update(key).digest('hex');
  const toml = `[[auth.keys]]\nname = "${name}"\nsha256 = "${sha256}"\nroles = [${roles.map((r) => `"${r}"`).join(', ')}]\n`;
  return { key, toml };
}

const admin = newKey('e2e-admin', ['admin']);
const reader = newKey('e2e-reader', ['reader']);

let engine: Engine;
let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  engine = await Engine.start({ config: `${admin.toml}\n${reader.toml}`, apiKey: admin.key });
  browser = await launchBrowser();
});

afterAll(async () => {
  const started = { browser, engine } as Partial<{ browser: Browser; engine: Engine }>;
  await started.browser?.close();
  await started.engine?.stop();
});

async function signIn(p: Page, key: string): Promise<void> {
  await p.getByLabel('API key').fill(key);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

describe('signing in to the dashboard', () => {
  test('a reader signs in, sees forbidden actions disabled, is sent back when the session ends, and signs out', async () => {
    const id = `e2e-auth-${randomUUID().slice(0, 8)}`;
    await engine.api('POST', '/v1/schedules', {
      id,
      spec: { cron: '0 3 * * *', timeZone: 'UTC', jitterMs: 0 },
      action: { workflowType: 'e2e-greet', input: 'world' },
      overlap: 'skip',
    });
    const anonymous = await fetch(`${engine.httpUrl}/v1/schedules`);
    expect(anonymous.status).toBe(401);

    const p = await openPage(browser, problems);
    await p.goto(`${engine.httpUrl}/schedules/${id}`);
    await p.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await screenshot(p, 'sign-in');

    await signIn(p, `aek_${randomBytes(32).toString('base64url')}`);
    await p.getByRole('alert').filter({ hasText: 'does not know this key' }).waitFor();

    await signIn(p, reader.key);
    await p.getByRole('heading', { level: 1, name: id }).waitFor();
    expect(new URL(p.url()).pathname).toBe(`/schedules/${id}`);
    await p.getByRole('banner').getByText('e2e-reader').waitFor();
    const trigger = p.getByRole('button', { name: 'Trigger now' });
    expect(await trigger.isDisabled()).toBe(true);
    expect(await trigger.getAttribute('title')).toContain('needs the “client” or “admin” role');
    await screenshot(p, 'signed-in-reader');

    // Only an HttpOnly cookie holds the session; the page's storage holds nothing.
    const cookies = await p.context().cookies();
    const session = cookies.find((c) => c.name === 'aether_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await p.evaluate(() => [document.cookie, localStorage.length, sessionStorage.length])).toEqual(['', 0, 0]);

    // A reload keeps the session.
    await p.reload();
    await p.getByRole('heading', { level: 1, name: id }).waitFor();

    // The session ends behind the page's back: the page's next call (the schedule page reads
    // again every 5 s) gets a 401, the sign-in page comes back at the same URL, and signing in
    // again returns to the schedule.
    await p.evaluate(async () => {
      await fetch('/v1/auth/session', { method: 'DELETE', credentials: 'same-origin' });
    });
    await p.getByText('Your session has ended').waitFor({ timeout: 20_000 });
    expect(new URL(p.url()).pathname).toBe(`/schedules/${id}`);
    await signIn(p, reader.key);
    await p.getByRole('heading', { level: 1, name: id }).waitFor();

    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.getByText('You are signed out.').waitFor();
    await p.reload();
    await p.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(problems).toEqual([]);
    await p.close();
  });
});
