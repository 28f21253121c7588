// Workspaces over gRPC against a real server: files, batches, the cache, the bus, checkpoints,
// forks, merges, export, knowledge entries, and what a stale revision or a conflicting merge is
// told.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';

import {
  type AetherClient,
  type BusMessage,
  type KnowledgeFilter,
  MergeConflictError,
  type WorkspaceClient,
  WorkspaceError,
  aether,
} from '../src/index.js';
import { Server } from './harness.js';

let server: Server;
let client: AetherClient;
let ws: WorkspaceClient;

before(async () => {
  server = await Server.start(['--persistence', 'memory']);
  client = aether({ serverUrl: server.url });
  ws = client.workspace;
});

after(async () => {
  await client.close();
  await server.kill();
});

/** The error a call fails with, asserting that it is a WorkspaceError. */
async function failure(call: Promise<unknown>): Promise<WorkspaceError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof WorkspaceError, `expected a WorkspaceError, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

test('a blank session takes writes, lists them in its manifest and reads byte ranges', async () => {
  const session = await ws.create({ from: { blank: true }, labels: { suite: 'ts-sdk' } });
  assert.equal(session.state, 'active');
  assert.deepEqual(session.origin, { kind: 'blank' });
  assert.deepEqual(session.labels, { suite: 'ts-sdk' });
  assert.equal(session.fileCount, 0);
  assert.equal((await ws.get(session.id)).id, session.id);
  assert.ok((await ws.list({ labels: { suite: 'ts-sdk' } })).some((s) => s.id === session.id));

  const source = 'export const answer = 42;\n';
  const first = await ws.write(session.id, 'src/main.ts', source);
  assert.equal(first.sessionId, session.id);
  assert.equal(first.revision, session.revision + 1);
  const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
  const second = await ws.write(session.id, 'data/bytes.bin', binary, {
    mode: 0o600,
    expectedRevision: first.revision,
  });
  assert.equal(second.revision, first.revision + 1);
  assert.ok(second.eventSeq > first.eventSeq);

  const manifest = await ws.manifest(session.id);
  assert.equal(manifest.revision, second.revision);
  assert.equal(manifest.root, second.root);
  assert.equal(manifest.fileCount, 2);
  assert.equal(manifest.sizeBytes, source.length + 256);
  const byPath = new Map(manifest.entries.map((e) => [e.path, e]));
  assert.equal(byPath.get('src')?.kind, 'dir');
  assert.equal(byPath.get('data')?.kind, 'dir');
  const main = byPath.get('src/main.ts');
  assert.deepEqual(
    { kind: main?.kind, size: main?.size, mode: main?.mode },
    { kind: 'file', size: source.length, mode: 0o644 },
  );
  assert.equal(byPath.get('data/bytes.bin')?.mode, 0o600);
  assert.equal(byPath.get('data/bytes.bin')?.size, 256);

  assert.equal(await ws.readText(session.id, 'src/main.ts'), source);
  assert.deepEqual([...(await ws.read(session.id, 'data/bytes.bin', { offset: 250 }))], [250, 251, 252, 253, 254, 255]);
  const range = await ws.readFile(session.id, 'data/bytes.bin', { offset: 10, length: 5 });
  assert.deepEqual([...range.data], [10, 11, 12, 13, 14]);
  assert.equal(range.offset, 10);
  assert.equal(range.size, 256);
  assert.equal(range.revision, second.revision);
  assert.equal(range.hash, byPath.get('data/bytes.bin')?.hash);
  assert.equal(await ws.readText(session.id, 'src/main.ts', { offset: 13, length: 6 }), 'answer');

  const missing = await failure(ws.read(session.id, 'nope.txt'));
  assert.equal(missing.code, 'NOT_FOUND');
  assert.equal(missing.reason, 'not_found');
  const escape = await failure(ws.write(session.id, '../outside.txt', 'x'));
  assert.equal(escape.code, 'INVALID_ARGUMENT');
  assert.equal(escape.reason, 'invalid_path');
});

test('a batch is one revision: all of its operations, or none after an error', async () => {
  const session = await ws.create();
  await ws.write(session.id, 'old.txt', 'old\n');
  const before = await ws.manifest(session.id);

  const applied = await ws.batch(session.id, [
    { op: 'write', path: 'a.txt', content: 'alpha\n' },
    { op: 'write', path: 'bin/run.sh', content: '#!/bin/sh\n', mode: 0o755 },
    { op: 'mkdir', path: 'empty/dir' },
    { op: 'rename', from: 'old.txt', to: 'renamed.txt' },
    { op: 'delete', path: 'a.txt' },
  ]);
  assert.equal(applied.revision, before.revision + 1);
  const entries = (await ws.manifest(session.id)).entries.map((e): [string, string] => [e.path, e.kind]);
  assert.deepEqual(new Map(entries), new Map([
    ['bin', 'dir'],
    ['bin/run.sh', 'file'],
    ['empty', 'dir'],
    ['empty/dir', 'dir'],
    ['renamed.txt', 'file'],
  ]));
  assert.equal(await ws.readText(session.id, 'renamed.txt'), 'old\n');

  const rejected = await failure(
    ws.batch(session.id, [
      { op: 'write', path: 'b.txt', content: 'beta\n' },
      { op: 'write', path: '/absolute.txt', content: 'no' },
    ]),
  );
  assert.equal(rejected.code, 'INVALID_ARGUMENT');
  const after = await ws.manifest(session.id);
  assert.equal(after.revision, applied.revision);
  assert.ok(!after.entries.some((e) => e.path === 'b.txt'));

  // Byte-range writes into one file, and a truncation.
  await ws.write(session.id, 'log.txt', 'hello world, again');
  const patched = await ws.patchSegments(session.id, 'log.txt', [{ offset: 6, content: 'WORLD' }], { truncate: 11 });
  assert.equal(patched.revision, after.revision + 2);
  assert.equal(await ws.readText(session.id, 'log.txt'), 'hello WORLD');
});

test('a batch makes symbolic links inside the session and changes modes without the content', async () => {
  const session = await ws.create();
  await ws.batch(session.id, [
    { op: 'write', path: 'bin/tool', content: '#!/bin/sh\n' },
    { op: 'mkdir', path: 'data' },
  ]);
  const before = await ws.manifest(session.id);

  // A link out of the session, or a mode of a missing path, refuses the whole batch.
  for (const [bad, code] of [
    [{ op: 'symlink', path: 'escape', target: '../outside' }, 'INVALID_ARGUMENT'],
    [{ op: 'symlink', path: 'bin/passwd', target: '/etc/passwd' }, 'INVALID_ARGUMENT'],
    [{ op: 'chmod', path: 'missing', mode: 0o600 }, 'NOT_FOUND'],
  ] as const) {
    const refused = await failure(ws.batch(session.id, [{ op: 'chmod', path: 'bin/tool', mode: 0o700 }, bad]));
    assert.equal(refused.code, code, JSON.stringify(bad));
  }
  assert.deepEqual(await ws.manifest(session.id), before);

  const applied = await ws.batch(session.id, [
    { op: 'symlink', path: 'bin/current', target: 'tool' },
    { op: 'symlink', path: 'data/tool', target: '../bin/tool' },
    { op: 'chmod', path: 'bin/tool', mode: 0o755 },
    { op: 'chmod', path: 'data', mode: 0o700 },
  ]);
  assert.equal(applied.revision, before.revision + 1);
  const entries = (await ws.manifest(session.id)).entries.map((e) => [e.path, { kind: e.kind, mode: e.mode }] as const);
  assert.deepEqual(new Map(entries), new Map([
    ['bin', { kind: 'dir', mode: 0o755 }],
    ['bin/current', { kind: 'symlink', mode: 0o777 }],
    ['bin/tool', { kind: 'file', mode: 0o755 }],
    ['data', { kind: 'dir', mode: 0o700 }],
    ['data/tool', { kind: 'symlink', mode: 0o777 }],
  ]));
  const link = await ws.readFile(session.id, 'data/tool');
  assert.equal(link.kind, 'symlink');
  assert.equal(Buffer.from(link.data).toString('utf8'), '../bin/tool');
  assert.equal(await ws.readText(session.id, 'bin/tool'), '#!/bin/sh\n');
});

test('the cache compares and sets by version', async () => {
  const session = await ws.create();
  const created = await ws.cache.put(session.id, 'plan', { step: 1 }, { ifVersion: 0 });
  assert.equal(created.version, 1);
  assert.deepEqual(created.value, { step: 1 });

  const exists = await failure(ws.cache.put(session.id, 'plan', { step: 0 }, { ifVersion: 0 }));
  assert.equal(exists.code, 'ABORTED');
  assert.equal(exists.reason, 'stale_cache_version');

  const updated = await ws.cache.put(session.id, 'plan', { step: 2 }, { ifVersion: created.version });
  assert.equal(updated.version, 2);
  const stale = await failure(ws.cache.put(session.id, 'plan', { step: 99 }, { ifVersion: created.version }));
  assert.equal(stale.code, 'ABORTED');
  assert.equal(stale.reason, 'stale_cache_version');

  const current = await ws.cache.get<{ step: number }>(session.id, 'plan');
  assert.equal(current.value.step, 2);
  assert.equal(current.version, 2);
  assert.equal(current.expiresAt, undefined);

  const expiring = await ws.cache.put(session.id, 'lease', 'worker-1', { ttlMs: 60_000 });
  assert.ok(expiring.expiresAt instanceof Date && expiring.expiresAt.getTime() > Date.now());

  await ws.cache.delete(session.id, 'plan', { ifVersion: 2 });
  assert.equal((await failure(ws.cache.get(session.id, 'plan'))).code, 'NOT_FOUND');
  // The cache is not the tree: the session's revision did not move.
  assert.equal((await ws.get(session.id)).revision, session.revision);
});

test('a live subscriber receives what is published, until it closes', { timeout: 30_000 }, async () => {
  const session = await ws.create();
  const subscription = ws.subscribe<{ text: string }>(session.id, 'chat');
  await subscription.ready;
  const received: BusMessage<{ text: string }>[] = [];
  const reading = (async () => {
    for await (const message of subscription) {
      received.push(message);
      if (received.length === 2) break;
    }
  })();
  const first = await ws.publish(session.id, 'chat', { text: 'hello' }, { actor: 'agent-a' });
  await ws.publish(session.id, 'other-topic', { text: 'not for chat' });
  const second = await ws.publish(session.id, 'chat', { text: 'world' });
  await reading;
  assert.deepEqual(
    received.map((m) => m.message.text),
    ['hello', 'world'],
  );
  assert.equal(received[0]?.actor, 'agent-a');
  assert.equal(received[0]?.eventSeq, first.eventSeq);
  assert.equal(received[1]?.eventSeq, second.eventSeq);
  assert.equal(received[0]?.topic, 'chat');

  // An aborted signal ends a subscription's iteration.
  const controller = new AbortController();
  const aborted = ws.subscribe(session.id, 'chat', { signal: controller.signal });
  await aborted.ready;
  let delivered: () => void = () => undefined;
  const firstDelivered = new Promise<void>((resolve) => (delivered = resolve));
  const drained = (async () => {
    const seen: unknown[] = [];
    for await (const message of aborted) {
      seen.push(message.message);
      delivered();
    }
    return seen;
  })();
  await ws.publish(session.id, 'chat', { text: 'before abort' });
  await firstDelivered;
  controller.abort();
  const seen = await drained;
  assert.deepEqual(seen, [{ text: 'before abort' }]);

  // Published messages are in the session's events.
  const page = await ws.events(session.id, { limit: 100 });
  const published = page.events.filter((e) => e.kind === 'bus.published');
  assert.equal(published.length, 4);
  assert.equal(published[0]?.seq, first.eventSeq);
  assert.deepEqual(published[0]?.detail, { topic: 'chat', message: { text: 'hello' } });
  // Paging: one event at a time, `next` pointing past it.
  const one = await ws.events(session.id, { limit: 1 });
  assert.equal(one.events.length, 1);
  assert.equal(one.events[0]?.kind, 'session.created');
  assert.equal(one.next, one.events[0]?.seq);
  const rest = await ws.events(session.id, { after: one.next ?? 0, limit: 1000 });
  assert.equal(rest.events.length, page.events.length - 1);
  assert.equal(rest.next, undefined);
});

test('a checkpoint restores the tree it recorded, as a new revision', async () => {
  const session = await ws.create();
  await ws.write(session.id, 'config.json', '{"version":1}\n');
  const checkpoint = await ws.checkpoint(session.id, { name: 'v1' });
  assert.equal(checkpoint.name, 'v1');
  assert.equal(checkpoint.fileCount, 1);

  await ws.write(session.id, 'config.json', '{"version":2}\n');
  const later = await ws.write(session.id, 'extra.txt', 'added later\n');
  const restored = await ws.restore(session.id, checkpoint.id, { expectedRevision: later.revision });
  assert.equal(restored.revision, later.revision + 1);
  assert.equal(restored.root, checkpoint.root);
  assert.equal(await ws.readText(session.id, 'config.json'), '{"version":1}\n');
  assert.deepEqual(
    (await ws.manifest(session.id)).entries.map((e) => e.path),
    ['config.json'],
  );
  assert.deepEqual(
    (await ws.checkpoints(session.id)).map((c) => c.id),
    [checkpoint.id],
  );

  // A session started from the checkpoint has its tree.
  const copy = await ws.create({ from: { checkpointId: checkpoint.id } });
  assert.equal(copy.root, checkpoint.root);
  assert.equal(copy.parent?.sessionId, session.id);
});

test("a checkpoint's manifest and files are read by id or name after the session moved on", async () => {
  const session = await ws.create();
  await ws.batch(session.id, [
    { op: 'write', path: 'notes.txt', content: 'first draft' },
    { op: 'write', path: 'old.txt', content: 'old' },
  ]);
  const then = await ws.manifest(session.id);
  const checkpoint = await ws.checkpoint(session.id, { name: 'draft' });
  await ws.batch(session.id, [
    { op: 'write', path: 'notes.txt', content: 'final' },
    { op: 'delete', path: 'old.txt' },
  ]);

  for (const reference of [checkpoint.id, 'draft']) {
    assert.deepEqual(await ws.manifest(session.id, { checkpoint: reference }), then);
    const part = await ws.readFile(session.id, 'notes.txt', { offset: 6, length: 5, checkpoint: reference });
    assert.equal(Buffer.from(part.data).toString('utf8'), 'draft');
    assert.equal(part.revision, checkpoint.revision);
    assert.equal(await ws.readText(session.id, 'old.txt', { checkpoint: reference }), 'old');
  }
  assert.equal(await ws.readText(session.id, 'notes.txt'), 'final');

  const unknown = await failure(ws.manifest(session.id, { checkpoint: 'no-such' }));
  assert.equal(unknown.code, 'NOT_FOUND');
  const unread = await failure(ws.read(session.id, 'notes.txt', { checkpoint: 'no-such' }));
  assert.equal(unread.code, 'NOT_FOUND');
});

test('forks merge: edits to different lines combine, edits to the same line conflict', async () => {
  const base = await ws.create();
  const lines = ['one', 'two', 'three', 'four', 'five'];
  const written = await ws.write(base.id, 'notes.txt', `${lines.join('\n')}\n`);
  const left = await ws.fork(base.id, { labels: { side: 'left' } });
  const rightId = `right-${Date.now()}`;
  const right = await ws.fork(base.id, { newId: rightId });
  assert.equal(right.id, rightId);
  assert.deepEqual(left.parent, { sessionId: base.id, revision: written.revision });
  assert.deepEqual(left.origin, { kind: 'fork', sessionId: base.id, revision: written.revision });
  assert.deepEqual(left.labels, { side: 'left' });
  assert.equal(left.root, written.root);

  await ws.write(left.id, 'notes.txt', 'ONE\ntwo\nthree\nfour\nfive\n');
  await ws.write(right.id, 'notes.txt', 'one\ntwo\nthree\nfour\nFIVE\n');
  await ws.write(right.id, 'right-only.txt', 'from the right\n');
  // The fork's writes leave its parent alone.
  assert.equal(await ws.readText(base.id, 'notes.txt'), `${lines.join('\n')}\n`);

  const merged = await ws.merge(left.id, right.id);
  assert.deepEqual(merged.combined, ['notes.txt']);
  assert.deepEqual([...merged.changed].sort(), ['notes.txt', 'right-only.txt']);
  assert.ok(merged.ancestor);
  assert.equal(await ws.readText(left.id, 'notes.txt'), 'ONE\ntwo\nthree\nfour\nFIVE\n');
  assert.equal(await ws.readText(left.id, 'right-only.txt'), 'from the right\n');

  // Both sides edit line 3: the merge changes nothing and lists the conflict.
  const ours = await ws.fork(left.id);
  const theirs = await ws.fork(left.id);
  await ws.write(ours.id, 'notes.txt', 'ONE\ntwo\nthree (ours)\nfour\nFIVE\n');
  await ws.write(theirs.id, 'notes.txt', 'ONE\ntwo\nthree (theirs)\nfour\nFIVE\n');
  const before = await ws.get(ours.id);
  const error = await failure(ws.merge(ours.id, theirs.id));
  assert.ok(error instanceof MergeConflictError, `expected a MergeConflictError, got ${error.name}`);
  assert.equal(error.code, 'ABORTED');
  assert.equal(error.reason, 'merge_conflict');
  // The conflict names each side's version by the hash its manifest lists.
  const hashOf = async (sessionId: string) =>
    (await ws.manifest(sessionId)).entries.find((e) => e.path === 'notes.txt')?.hash;
  assert.deepEqual(error.conflicts, [
    {
      path: 'notes.txt',
      reason: 'content',
      base: await hashOf(left.id),
      ours: await hashOf(ours.id),
      theirs: await hashOf(theirs.id),
    },
  ]);
  const after = await ws.get(ours.id);
  assert.equal(after.revision, before.revision);
  assert.equal(await ws.readText(ours.id, 'notes.txt'), 'ONE\ntwo\nthree (ours)\nfour\nFIVE\n');
});

test('export is the tree as a tar.gz archive', async () => {
  const session = await ws.create();
  await ws.write(session.id, 'docs/readme.md', '# exported\n');
  const archive = await ws.export(session.id);
  assert.equal(archive[0], 0x1f);
  assert.equal(archive[1], 0x8b);
  const tar = gunzipSync(archive);
  const names: string[] = [];
  // Tar: 512-byte headers, each followed by its content rounded up to 512 bytes.
  for (let at = 0; at + 512 <= tar.length && tar[at] !== 0; ) {
    const name = tar.subarray(at, at + 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(tar.subarray(at + 124, at + 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const path = name.replace(/^\.\//, '').replace(/\/$/, '');
    names.push(path);
    if (path === 'docs/readme.md') {
      assert.equal(tar.subarray(at + 512, at + 512 + size).toString('utf8'), '# exported\n');
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  assert.ok(names.includes('docs/readme.md'), `archive holds ${names.join(', ')}`);

  // The archive makes a new session with the same tree.
  const imported = await ws.create({ from: { tarGz: archive } });
  assert.equal(imported.root, (await ws.get(session.id)).root);
  assert.deepEqual(imported.origin, { kind: 'archive' });
});

test('a stale expected revision is rejected and changes nothing', async () => {
  const session = await ws.create();
  const first = await ws.write(session.id, 'state.txt', 'first\n');
  const second = await ws.write(session.id, 'state.txt', 'second\n', { expectedRevision: first.revision });

  const stale = await failure(ws.write(session.id, 'state.txt', 'lost update\n', { expectedRevision: first.revision }));
  assert.equal(stale.code, 'ABORTED');
  assert.equal(stale.reason, 'stale_revision');
  assert.match(stale.message, /revision/);
  const expectedRevision = first.revision;
  for (const call of [
    () => ws.delete(session.id, 'state.txt', { expectedRevision }),
    () => ws.mkdirs(session.id, ['x/y'], { expectedRevision }),
    () => ws.rename(session.id, 'state.txt', 'moved.txt', { expectedRevision }),
    () => ws.batch(session.id, [{ op: 'delete', path: 'state.txt' }], { expectedRevision }),
    () => ws.patchSegments(session.id, 'state.txt', [{ offset: 0, content: 'S' }], { expectedRevision }),
    () => ws.checkpoint(session.id, { expectedRevision }),
  ]) {
    assert.equal((await failure(call())).reason, 'stale_revision');
  }
  const now = await ws.manifest(session.id);
  assert.equal(now.revision, second.revision);
  assert.deepEqual(
    now.entries.map((e) => e.path),
    ['state.txt'],
  );
  assert.equal(await ws.readText(session.id, 'state.txt'), 'second\n');

  // An archived session is read-only.
  const archived = await ws.archive(session.id, { expectedRevision: second.revision });
  assert.equal(archived.state, 'archived');
  assert.equal((await failure(ws.write(session.id, 'state.txt', 'late\n'))).reason, 'session_archived');
  assert.equal((await failure(ws.get('no-such-session'))).code, 'NOT_FOUND');
});

test('annotations are resolved, and a promoted session becomes a source new sessions start from', async () => {
  const session = await ws.create();
  await ws.write(session.id, 'app.ts', 'const a = 1;\nconst b = 2;\n');
  const note = await ws.annotate(
    session.id,
    { path: 'app.ts', lineStart: 2, author: 'reviewer', body: 'rename b?' },
    { actor: 'review-bot' },
  );
  assert.deepEqual(
    { path: note.path, lineStart: note.lineStart, lineEnd: note.lineEnd, resolved: note.resolved },
    { path: 'app.ts', lineStart: 2, lineEnd: 2, resolved: false },
  );
  assert.equal((await ws.resolve(session.id, note.id)).resolved, true);
  assert.deepEqual(
    (await ws.annotations(session.id)).map((a) => [a.id, a.resolved]),
    [[note.id, true]],
  );
  const added = (await ws.events(session.id)).events.find((e) => e.kind === 'annotation.added');
  assert.equal(added?.actor, 'review-bot');

  // Without a source, a commit must name one.
  assert.equal((await failure(ws.commit(session.id, { message: 'first', author: 'dev' }))).code, 'FAILED_PRECONDITION');
  const source = `team/app-${Date.now()}`;
  const commit = await ws.commit(session.id, { message: 'first', author: 'dev', source });
  assert.equal(commit.source, source);
  assert.equal(commit.sessionId, session.id);
  assert.equal(commit.fileCount, 1);

  const promotion = await ws.promote(session.id, { source, author: 'dev' });
  assert.equal(promotion.source.name, source);
  assert.equal(promotion.source.headCommit, promotion.commit.id);
  assert.equal(promotion.source.root, (await ws.get(session.id)).root);
  assert.ok((await ws.sources()).some((s) => s.name === source));

  const started = await ws.create({ from: { source } });
  assert.equal(started.source, source);
  assert.equal(started.baseCommit, promotion.commit.id);
  assert.deepEqual(started.origin, { kind: 'source', name: source, commit: promotion.commit.id });
  assert.equal(await ws.readText(started.id, 'app.ts'), 'const a = 1;\nconst b = 2;\n');
  assert.ok((await ws.list({ source })).some((s) => s.id === started.id));
});

test('knowledge entries are kept per source, searched by tag and text, fetched and deleted', async () => {
  const source = `ts-knowledge/${randomUUID()}`;
  const other = `ts-knowledge/${randomUUID()}`;
  const before = Date.now();
  const parser = await ws.addKnowledge({
    source,
    title: 'Parser panics on empty input',
    body: 'Guard `parse("")` before the lexer runs.',
    tags: ['parser', 'bug'],
    links: [{ path: 'src/parser.ts' }, { path: 'src/lexer.ts', sessionId: 'ws-seen', revision: 3 }],
    author: 'ana',
  });
  assert.ok(parser.id.length > 0);
  assert.deepEqual({ ...parser, id: undefined, createdAt: undefined }, {
    id: undefined,
    source,
    title: 'Parser panics on empty input',
    body: 'Guard `parse("")` before the lexer runs.',
    tags: ['parser', 'bug'],
    links: [{ path: 'src/parser.ts' }, { path: 'src/lexer.ts', sessionId: 'ws-seen', revision: 3 }],
    author: 'ana',
    createdAt: undefined,
  });
  assert.ok(parser.createdAt instanceof Date);
  assert.ok(Math.abs(parser.createdAt.getTime() - before) < 60_000, `created at ${parser.createdAt.toISOString()}`);

  // Everything but the source and the title is optional; without an author there is none.
  const release = await ws.addKnowledge({ source, title: 'Release needs a tag' });
  assert.deepEqual({ body: release.body, tags: release.tags, links: release.links }, { body: '', tags: [], links: [] });
  assert.ok(!('author' in release), 'no author over gRPC unless one is given');
  await ws.addKnowledge({ source: other, title: 'Parser notes of another source', tags: ['parser'] });

  const titles = async (filter: Omit<KnowledgeFilter, 'source'>) =>
    (await ws.searchKnowledge({ source, ...filter })).map((k) => k.title);
  assert.deepEqual(await titles({}), ['Release needs a tag', 'Parser panics on empty input'], 'newest first');
  assert.deepEqual(await titles({ tag: 'bug' }), ['Parser panics on empty input']);
  assert.deepEqual(await titles({ tag: 'parser' }), ['Parser panics on empty input'], 'only this source');
  assert.deepEqual(await titles({ text: 'NEEDS A' }), ['Release needs a tag'], 'text in any case');
  assert.deepEqual(await titles({ text: 'lexer runs' }), ['Parser panics on empty input'], 'text in the body');
  assert.deepEqual(await titles({ tag: 'parser', text: 'release' }), [], 'both the tag and the text');
  assert.deepEqual(await titles({ limit: 1 }), ['Release needs a tag']);
  assert.deepEqual(await ws.searchKnowledge({ source: `ts-knowledge/${randomUUID()}` }), []);

  // Search and get return the entry as it was added.
  assert.deepEqual((await ws.searchKnowledge({ source, tag: 'bug' }))[0], parser);
  assert.deepEqual(await ws.getKnowledge(parser.id), parser);

  await ws.deleteKnowledge(parser.id);
  const gone = await failure(ws.getKnowledge(parser.id));
  assert.deepEqual([gone.code, gone.reason], ['NOT_FOUND', 'not_found']);
  const again = await failure(ws.deleteKnowledge(parser.id));
  assert.deepEqual([again.code, again.reason], ['NOT_FOUND', 'not_found']);
  assert.deepEqual(await titles({}), ['Release needs a tag']);

  // Bad input is refused and adds nothing.
  const refusals = await Promise.all([
    failure(ws.addKnowledge({ source, title: '' })),
    failure(ws.addKnowledge({ source: '../etc', title: 'escape' })),
    failure(ws.addKnowledge({ source, title: 'bad tag', tags: ['Has Space'] })),
    failure(ws.addKnowledge({ source, title: 'bad link', links: [{ path: '/abs' }] })),
    failure(ws.searchKnowledge({ source, tag: 'Not A Tag' })),
  ]);
  assert.deepEqual(
    refusals.map((e) => [e.code, e.reason]),
    [
      ['INVALID_ARGUMENT', 'invalid_argument'],
      ['INVALID_ARGUMENT', 'invalid_argument'],
      ['INVALID_ARGUMENT', 'invalid_argument'],
      ['INVALID_ARGUMENT', 'invalid_path'],
      ['INVALID_ARGUMENT', 'invalid_argument'],
    ],
  );
  assert.deepEqual(await titles({}), ['Release needs a tag']);
});
