// `client.workspace.mount` against a real engine and a real FUSE mount (`aether mount`, which
// needs /dev/fuse and fusermount3): what a function writes in the mounted session is in the session
// once mount returns; a function that throws still leaves nothing mounted and its error is the one
// the caller gets; a step can mount; a read-only mount refuses writes; conflicts come back in the
// result; a checkpoint mounts by name; a missing binary or an unknown session is a MountError that
// says why, without hanging.
import assert from 'node:assert/strict';
import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { type AetherClient, MountError, type WorkspaceClient, aether } from '../src/index.js';
import { Server, aetherBin, tempDir } from './harness.js';

let server: Server;
let client: AetherClient;
let ws: WorkspaceClient;
/** One content cache for every mount of the file, instead of the user's. */
let cacheDir: string;

before(async () => {
  // The SDK starts `aether mount` from AETHER_BIN (or PATH); the harness's binary is the one
  // under test.
  process.env['AETHER_BIN'] = aetherBin;
  server = await Server.start(['--persistence', 'memory']);
  client = aether({ serverUrl: server.url });
  ws = client.workspace;
  cacheDir = tempDir('aether-mount-cache-');
});

after(async () => {
  await client.close();
  await server.kill();
});

/** Whether `/proc/self/mountinfo` lists `dir` as a mount point (field 5). `dir` must be a real
 * path: temporary directories here are. */
function mounted(dir: string): boolean {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[4] === dir);
}

async function sessionWith(files: Record<string, string>): Promise<string> {
  const session = await ws.create({ from: { blank: true } });
  for (const [path, content] of Object.entries(files)) await ws.write(session.id, path, content);
  return session.id;
}

test('what the function writes in the mount is in the session once mount returns', async () => {
  const sessionId = await sessionWith({ 'src/hello.txt': 'hello from the session\n' });
  const { revision } = await ws.get(sessionId);
  const dir = tempDir('aether-mount-');

  const result = await ws.mount(
    sessionId,
    dir,
    async (mountDir) => {
      assert.equal(mountDir, dir);
      assert.ok(mounted(mountDir), `${mountDir} is not a mount point while fn runs`);
      const read = readFileSync(join(mountDir, 'src', 'hello.txt'), 'utf8');
      writeFileSync(join(mountDir, 'src', 'new.txt'), 'written through the mount\n');
      mkdirSync(join(mountDir, 'build', 'out'), { recursive: true });
      return read;
    },
    { cacheDir, actor: 'ts-mount-test' },
  );

  assert.deepEqual(result, { value: 'hello from the session\n', revision, conflicts: [] });
  assert.equal(mounted(dir), false);
  assert.deepEqual(readdirSync(dir), []);
  const kinds = new Map((await ws.manifest(sessionId)).entries.map((e) => [e.path, e.kind]));
  assert.equal(kinds.get('src/hello.txt'), 'file');
  assert.equal(kinds.get('src/new.txt'), 'file');
  assert.equal(kinds.get('build/out'), 'dir');
  assert.equal(await ws.readText(sessionId, 'src/new.txt'), 'written through the mount\n');
  const { events } = await ws.events(sessionId);
  assert.ok(
    events.some((e) => e.revision > revision && e.actor === 'ts-mount-test'),
    `no event after revision ${revision} names the mount's actor: ${JSON.stringify(events)}`,
  );
});

test('a function that throws leaves nothing mounted, its writes sent, and its error is the one thrown', async () => {
  const sessionId = await sessionWith({ 'a.txt': 'a\n' });
  const dir = tempDir('aether-mount-');
  const boom = new Error('the build broke');
  let ran = false;

  await assert.rejects(
    ws.mount(
      sessionId,
      dir,
      async (mountDir) => {
        assert.ok(mounted(mountDir));
        writeFileSync(join(mountDir, 'partial.txt'), 'before the failure\n');
        ran = true;
        throw boom;
      },
      { cacheDir },
    ),
    (error) => error === boom,
  );

  assert.ok(ran);
  assert.equal(mounted(dir), false, `${dir} is still mounted`);
  assert.deepEqual(readdirSync(dir), []);
  // Unmounting sends what is pending whatever fn did: a throw is not a rollback.
  assert.equal(await ws.readText(sessionId, 'partial.txt'), 'before the failure\n');
});

test('a step mounts a session, and its result is the mount result', async () => {
  const sessionId = await sessionWith({ 'input.txt': '21\n' });
  const dir = tempDir('aether-mount-');
  const double = client.workflow('mount-double', async (ctx, id: string, mountPoint: string) =>
    ctx.step('double', () =>
      client.workspace.mount(
        id,
        mountPoint,
        async (mountDir) => {
          const n = Number(readFileSync(join(mountDir, 'input.txt'), 'utf8'));
          writeFileSync(join(mountDir, 'output.txt'), `${n * 2}\n`);
          return n * 2;
        },
        { cacheDir },
      ),
    ),
  );
  await client.serve([double]);

  const result = await double.startAndWait(sessionId, dir);

  assert.equal(result.value, 42);
  assert.deepEqual(result.conflicts, []);
  assert.equal(mounted(dir), false);
  assert.equal(await ws.readText(sessionId, 'output.txt'), '42\n');
});

test('a read-only mount refuses writes and changes nothing', async () => {
  const sessionId = await sessionWith({ 'a.txt': 'a\n' });
  const initial = await ws.get(sessionId);
  const dir = tempDir('aether-mount-');

  const result = await ws.mount(
    sessionId,
    dir,
    async (mountDir) => {
      assert.equal(readFileSync(join(mountDir, 'a.txt'), 'utf8'), 'a\n');
      assert.throws(() => writeFileSync(join(mountDir, 'b.txt'), 'b\n'), { code: 'EROFS' });
      return 'read';
    },
    { cacheDir, readOnly: true },
  );

  assert.equal(result.value, 'read');
  assert.equal((await ws.get(sessionId)).revision, initial.revision);
  assert.equal(mounted(dir), false);
});

test('a local write to a path changed elsewhere meanwhile is one of the conflicts, both versions kept', async () => {
  const sessionId = await sessionWith({ 'notes.txt': 'base\n' });
  const dir = tempDir('aether-mount-');

  const result = await ws.mount(
    sessionId,
    dir,
    async (mountDir) => {
      // Theirs first, unseen by the mount (no polling with a refresh this long); then ours, made
      // on the old view, which meets theirs whenever it is sent.
      await ws.write(sessionId, 'notes.txt', 'remote edit\n');
      const fd = openSync(join(mountDir, 'notes.txt'), 'r+');
      try {
        ftruncateSync(fd);
        writeSync(fd, 'local edit\n');
        assert.throws(() => fsyncSync(fd), { code: 'EIO' });
      } finally {
        closeSync(fd);
      }
    },
    { cacheDir, refresh: { hours: 1 } },
  );

  assert.equal(result.conflicts.length, 1, JSON.stringify(result.conflicts));
  const kept = /^notes\.txt was changed elsewhere; the local version is kept as (\S+)$/.exec(result.conflicts[0] ?? '');
  assert.ok(kept?.[1], `unexpected conflict line: ${result.conflicts[0]}`);
  assert.equal(await ws.readText(sessionId, 'notes.txt'), 'remote edit\n');
  assert.equal(await ws.readText(sessionId, kept[1]), 'local edit\n');
  assert.equal(mounted(dir), false);
});

test('a checkpoint mounts by name, read-only, with the tree it recorded', async () => {
  const sessionId = await sessionWith({ 'a.txt': 'v1\n' });
  const checkpoint = await ws.checkpoint(sessionId, { name: 'before-edit' });
  await ws.write(sessionId, 'a.txt', 'v2\n');
  const dir = tempDir('aether-mount-');

  const result = await ws.mount(
    sessionId,
    dir,
    async (mountDir) => {
      assert.throws(() => writeFileSync(join(mountDir, 'b.txt'), 'b\n'), { code: 'EROFS' });
      return readFileSync(join(mountDir, 'a.txt'), 'utf8');
    },
    { cacheDir, checkpoint: 'before-edit' },
  );

  assert.deepEqual(result, { value: 'v1\n', revision: checkpoint.revision, conflicts: [] });
  assert.equal(await ws.readText(sessionId, 'a.txt'), 'v2\n');
});

test('changes the mount cannot send, the server gone, are a MountError carrying its stderr', { timeout: 120_000 }, async () => {
  const doomed = await Server.start(['--persistence', 'memory']);
  const doomedClient = aether({ serverUrl: doomed.url });
  try {
    const session = await doomedClient.workspace.create({ from: { blank: true } });
    const dir = tempDir('aether-mount-');
    let ran = false;

    const error: unknown = await doomedClient.workspace
      .mount(
        session.id,
        dir,
        async (mountDir) => {
          await doomed.kill();
          writeFileSync(join(mountDir, 'lost.txt'), 'never sent\n');
          ran = true;
          return 'done';
        },
        { cacheDir, syncTimeout: { seconds: 2 } },
      )
      .then(
        () => assert.fail('the mount reported success'),
        (e: unknown) => e,
      );

    assert.ok(ran);
    assert.ok(error instanceof MountError, `expected a MountError, got ${String(error)}`);
    assert.equal(error.sessionId, session.id);
    assert.equal(error.dir, dir);
    assert.ok(error.exitCode !== null && error.exitCode !== 0, `exit code ${error.exitCode}`);
    assert.notEqual(error.stderr, '');
    assert.ok(error.message.includes(error.stderr), error.message);
    assert.equal(error.cause, undefined);
    assert.equal(mounted(dir), false);
  } finally {
    await doomedClient.close();
    await doomed.kill();
  }
});

test('an unknown session is a MountError carrying what aether mount said, and fn never runs', { timeout: 60_000 }, async () => {
  const dir = tempDir('aether-mount-');
  let ran = false;

  const error: unknown = await ws
    .mount(
      'no-such-session',
      dir,
      async () => {
        ran = true;
      },
      { cacheDir },
    )
    .then(
      () => assert.fail('the mount succeeded'),
      (e: unknown) => e,
    );

  assert.ok(error instanceof MountError, `expected a MountError, got ${String(error)}`);
  assert.equal(ran, false);
  assert.equal(error.sessionId, 'no-such-session');
  assert.notEqual(error.exitCode, 0);
  assert.notEqual(error.exitCode, null);
  assert.match(error.stderr, /no-such-session|not found/i);
  assert.match(error.message, /cannot mount session no-such-session/);
  assert.equal(mounted(dir), false);
});

test('a missing aether binary is a MountError that says how to fix it, without hanging', { timeout: 10_000 }, async () => {
  const dir = tempDir('aether-mount-');
  let ran = false;
  process.env['AETHER_BIN'] = '/nonexistent/aether';
  try {
    await assert.rejects(
      ws.mount('any-session', dir, async () => {
        ran = true;
      }),
      (error) =>
        error instanceof MountError &&
        error.exitCode === null &&
        /AETHER_BIN/.test(error.message) &&
        /ENOENT/.test(error.message),
    );
  } finally {
    process.env['AETHER_BIN'] = aetherBin;
  }
  assert.equal(ran, false);
});
