// The one message-size limit is the server's ([workspaces] max_request_bytes, 96 MiB by default):
// the SDK sets none of its own, so files beyond gRPC's usual 4 or 16 MiB travel, and a message
// beyond the server's limit fails with the server's error.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { WorkspaceError, aether } from '../src/index.js';
import { Server, tempDir } from './harness.js';

test('a file larger than 16 MiB is written and read back through client.workspace', async () => {
  const server = await Server.start(['--persistence', 'memory']);
  const client = aether({ serverUrl: server.url });
  try {
    const session = await client.workspace.create();
    const content = randomBytes(20 * 1024 * 1024 + 1);
    const written = await client.workspace.write(session.id, 'data/large.bin', content);
    const file = await client.workspace.readFile(session.id, 'data/large.bin');
    assert.equal(file.revision, written.revision);
    assert.equal(file.size, content.length);
    assert.ok(Buffer.from(file.data).equals(content), 'the bytes read back differ from those written');
  } finally {
    await client.close();
    await server.kill();
  }
});

test("a message beyond the server's limit fails with a WorkspaceError whose reason is too_large", async () => {
  const config = join(tempDir(), 'aether.toml');
  writeFileSync(config, '[workspaces]\nmax_request_bytes = 1048576\n');
  const server = await Server.start(['--persistence', 'memory', '--config', config]);
  const client = aether({ serverUrl: server.url });
  try {
    const session = await client.workspace.create();
    await client.workspace.write(session.id, 'small.bin', randomBytes(512 * 1024));
    try {
      await client.workspace.write(session.id, 'large.bin', randomBytes(2 * 1024 * 1024));
      assert.fail('the server accepted a message over its limit');
    } catch (error) {
      assert.ok(error instanceof WorkspaceError, `expected a WorkspaceError, got ${String(error)}`);
      assert.equal(error.reason, 'too_large');
      assert.match(error.message, /too large.*1048576/);
    }
    // The session is unchanged and the connection still serves.
    assert.deepEqual(
      (await client.workspace.manifest(session.id)).entries.map((e) => e.path),
      ['small.bin'],
    );
  } finally {
    await client.close();
    await server.kill();
  }
});
