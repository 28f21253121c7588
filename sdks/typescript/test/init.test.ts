// `aether init demo`, then `npm install && npm run dev` in it, against a server.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { Server, cli, run, sdkDir, tempDir } from './harness.js';

let server: Server;

before(async () => {
  server = await Server.start(['--persistence', 'memory']);
});

after(async () => {
  await server.kill();
});

test('aether init writes a project that runs with npm install && npm run dev', async () => {
  const dir = join(tempDir(), 'demo');
  const init = await cli(['init', 'demo', '--output', dir, '--sdk', `file:${sdkDir}`]);
  assert.equal(init.code, 0, init.stderr);
  for (const file of ['package.json', 'tsconfig.json', 'src/index.ts', 'README.md']) {
    assert.ok(existsSync(join(dir, file)), `${file} was not written`);
  }
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir });
  const { stdout } = await run('npm', ['run', '--silent', 'dev'], {
    cwd: dir,
    env: { AETHER_SERVER: server.url },
    timeoutMs: 60_000,
  });
  assert.equal(stdout.trim(), 'Welcome aboard, Ada! Your account is acct-ada.');

  const again = await cli(['init', 'demo', '--output', dir]);
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /already exists and is not empty/);
  const bad = await cli(['init', 'Not A Name', '--output', join(tempDir(), 'x')]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /not a valid project name/);
});
