// `aether init demo` (and `--template agent-runner`), then `npm install && npm run dev` in it,
// against a server.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { Program, Server, cli, eventually, run, sdkDir, tempDir } from './harness.js';

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

test('aether init --template agent-runner writes an agent runner that waits for aether approve, then commits', async () => {
  const dir = join(tempDir(), 'reviewed-agent');
  const init = await cli(['init', 'reviewed-agent', '--template', 'agent-runner', '--output', dir, '--sdk', `file:${sdkDir}`]);
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stderr, /aether approve ID/);
  for (const file of ['package.json', 'tsconfig.json', 'README.md', 'src/index.ts', 'src/agent.ts', 'sample/src/math.js']) {
    assert.ok(existsSync(join(dir, file)), `${file} was not written`);
  }
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir });
  await run('npm', ['run', '--silent', 'typecheck'], { cwd: dir });
  const dev = Program.start('reviewed-agent', 'npm', ['run', '--silent', 'dev'], { cwd: dir, env: { AETHER_SERVER: server.url } });
  try {
    let id = '';
    await eventually('the agent runner to ask for approval', async () => {
      const listed = await cli(['approvals', '--state', 'pending', '--reason', 'codemod.apply', '--json', '--server', server.url]);
      const { approvals } = JSON.parse(listed.stdout) as { approvals: Array<{ id: string; workflowId: string }> };
      id = approvals[0]?.id ?? '';
      return id !== '';
    });
    await dev.line(new RegExp(`^  aether approve ${id} --comment`));
    const approved = await cli(['approve', id, '--comment', 'fine', '--server', server.url]);
    assert.equal(approved.code, 0, approved.stderr);
    assert.equal(await dev.exited, 0, dev.output());
    // The project's own workflow type and source.
    assert.match(dev.stdout.join('\n'), /^Committed \S+ onto reviewed-agent-sample: codemod \(full\)/m);
    const runs = JSON.parse((await cli(['workflow', 'list', '--type', 'reviewed-agent', '--json', '--server', server.url])).stdout) as Array<{
      state: string;
    }>;
    assert.deepEqual(
      runs.map((r) => r.state),
      ['COMPLETED'],
    );
  } finally {
    await dev.kill();
  }
});
