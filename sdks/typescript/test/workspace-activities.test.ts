// Workspace activities (`ctx.workspace`) against a real engine: each call runs in the engine and
// is journaled; each change reaches the session once, even when another worker replays the
// workflow; refusals are journaled outcomes the workflow catches; contents stay out of the
// history; `ctx.requestApproval({ session })` pins the revision under review; a knowledge entry
// added by a workflow is made once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';

import {
  type AetherClient,
  type Approval,
  type Knowledge,
  MergeConflictError,
  NonDeterminismError,
  type WorkspaceEvent,
  WorkflowFailedError,
  WorkspaceError,
  aether,
} from '../src/index.js';
import { Server, eventually, killProcess, lines, spawnWorker, tempDir } from './harness.js';

let server: Server;
let client: AetherClient;

/** The shape of a caught workspace error, as a workflow returns it. */
interface Caught {
  name: string;
  reason: string;
  code: string;
  message: string;
}

const caught = (error: unknown): Caught => {
  if (!(error instanceof WorkspaceError)) throw error;
  return { name: error.name, reason: error.reason, code: error.code, message: error.message };
};

function define(cl: AetherClient) {
  return {
    agent: cl.workflow('ts-ws-agent', async (ctx, source: string) => {
      const ws = ctx.workspace;
      const session = await ws.create({ from: { source }, labels: { suite: 'ts-ws-activities' } });
      const plan = await ctx.step('plan', async () => ['src/app.ts', 'data.bin']);
      const app = await ws.write(session.id, 'src/app.ts', 'export const version = 1;\n');
      const data = await ws.write(session.id, 'data.bin', Uint8Array.from({ length: 256 }, (_, i) => i), {
        expectedRevision: app.revision,
        mode: 0o600,
      });
      const batch = await ws.batch(session.id, [
        { op: 'write', path: 'notes.md', content: '# notes\n' },
        { op: 'mkdir', path: 'logs' },
        { op: 'rename', from: 'README.md', to: 'README.txt' },
      ]);
      const first = await ws.cachePut(session.id, 'progress', { done: 1 }, { ifVersion: 0 });
      const second = await ws.cachePut(session.id, 'progress', { done: 2 }, { ifVersion: first.version });
      const checkpoint = await ws.checkpoint(session.id, { name: 'before-commit', expectedRevision: batch.revision });
      const read = await ws.read(session.id, 'src/app.ts');
      const commit = await ws.commit(session.id, { message: 'agent work' });
      return {
        sessionId: session.id,
        origin: session.origin,
        plan,
        revisions: [session.revision, app.revision, data.revision, batch.revision],
        cache: [first.version, second.version, second.value],
        checkpoint: { name: checkpoint.name, revision: checkpoint.revision },
        read: { text: read.data.toString('utf8'), hash: read.hash, revision: read.revision, size: read.size },
        commit: { id: commit.id, source: commit.source, author: commit.author, message: commit.message },
      };
    }),

    everyOp: cl.workflow('ts-ws-every-op', async (ctx) => {
      const ws = ctx.workspace;
      const base = await ws.create({ id: `ts-ws-every-${ctx.workflowId}` });
      await ws.dirs(base.id, ['a/b', 'c']);
      await ws.write(base.id, 'a/b/f.txt', 'one\ntwo\nthree\n');
      await ws.write(base.id, 'gone.txt', 'bye\n');
      await ws.rename(base.id, 'a/b/f.txt', 'a/f.txt');
      await ws.delete(base.id, 'gone.txt');
      await ws.patchSegments(base.id, 'a/f.txt', [{ offset: 0, content: 'ONE' }], { truncate: 14 });
      const manifest = await ws.manifest(base.id);
      const gotNothing = await ws.cacheGet(base.id, 'missing').then(() => null, caught);
      await ws.cachePut(base.id, 'k', 'v', { ttlMs: 60_000 });
      const got = await ws.cacheGet<string>(base.id, 'k');
      await ws.cacheDelete(base.id, 'k', { ifVersion: got.version });
      const published = await ws.publish(base.id, 'progress', { pct: 50 });
      const note = await ws.annotate(base.id, { path: 'a/f.txt', lineStart: 2, author: 'bot', body: 'check' });
      const resolved = await ws.resolve(base.id, note.id);
      const checkpoint = await ws.checkpoint(base.id);
      await ws.write(base.id, 'a/f.txt', 'changed\n');
      const restored = await ws.restore(base.id, checkpoint.id);
      const afterRestore = await ws.read(base.id, 'a/f.txt');
      const fork = await ws.fork(base.id, { labels: { role: 'proposal' } });
      await ws.write(fork.id, 'c/new.txt', 'from the fork\n');
      const merged = await ws.merge(base.id, fork.id);
      // Both sides change the same line differently: a conflict, caught.
      await ws.write(fork.id, 'a/f.txt', 'fork side\n');
      await ws.write(base.id, 'a/f.txt', 'base side\n');
      const conflict = await ws.merge(base.id, fork.id).then(
        () => null,
        (error: unknown) => ({ ...caught(error), isMergeConflict: error instanceof MergeConflictError }),
      );
      const source = `ts-ws-every/${ctx.workflowId}`;
      const promotion = await ws.promote(base.id, { source, author: 'agent' });
      const fromSource = await ws.create({ from: { source } });
      const archive = await ws.export(base.id);
      const archived = await ws.archive(fork.id);
      return {
        base: base.id,
        fork: { id: fork.id, parent: fork.parent, labels: fork.labels },
        manifest: manifest.entries.map((e) => `${e.kind}:${e.path}`),
        gotNothing,
        got: { value: got.value, hasExpiry: got.expiresAt instanceof Date },
        published: { topic: published.topic, message: published.message, actor: published.actor },
        note: { lineStart: note.lineStart, resolved: resolved.resolved },
        restored: { text: afterRestore.data.toString('utf8'), revision: restored.revision, read: afterRestore.revision },
        merged: { changed: merged.changed, revision: merged.mutation.revision },
        conflict,
        promotion: { source: promotion.source.name, head: promotion.source.headCommit, commit: promotion.commit.id },
        fromSource: { source: fromSource.source, baseCommit: fromSource.baseCommit },
        exportBytes: archive.length,
        exportHasFile: gunzipSync(archive).includes('c/new.txt'),
        archived: archived.state,
      };
    }),

    big: cl.workflow('ts-ws-big', async (ctx, size: number) => {
      const session = await ctx.workspace.create();
      const written = await ctx.workspace.write(session.id, 'big.bin', Buffer.alloc(size, 7));
      const read = await ctx.workspace.read(session.id, 'big.bin');
      return { revision: written.revision, size: read.data.length, hash: read.hash };
    }),

    review: cl.workflow('ts-ws-review', async (ctx) => {
      const session = await ctx.workspace.create();
      await ctx.workspace.write(session.id, 'deploy.yaml', 'replicas: 3\n');
      const decision = await ctx.requestApproval({ session: session.id, reason: 'deploy.review' });
      await ctx.workspace.write(session.id, 'deploy.yaml', 'replicas: 4\n');
      return { sessionId: session.id, outcome: decision.outcome };
    }),
  };
}

let workflows: ReturnType<typeof define>;

before(async () => {
  server = await Server.start(['--persistence', 'memory', '--heartbeat-timeout-ms', '1000']);
  client = aether({ serverUrl: server.url });
  workflows = define(client);
  await client.serve(Object.values(workflows));
});

after(async () => {
  await client.close();
  await server.kill();
});

/** Every event of a session, oldest first. */
async function allEvents(sessionId: string): Promise<WorkspaceEvent[]> {
  const events: WorkspaceEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await client.workspace.events(sessionId, { after });
    events.push(...page.events);
    if (page.next === undefined) return events;
    after = page.next;
  }
}

/** Where an event says it came from: the workflow and journal position, if a workflow made it. */
function madeBy(event: WorkspaceEvent): { id: string; position: number } | undefined {
  const detail = event.detail as { workflow?: { id: string; position: number } } | null;
  return detail?.workflow;
}

/** A source with a README, made through `client.workspace`. */
async function makeSource(): Promise<string> {
  const seed = await client.workspace.create();
  await client.workspace.write(seed.id, 'README.md', '# app\n');
  const source = `ts-ws-activities/${randomUUID()}`;
  await client.workspace.commit(seed.id, { message: 'baseline', author: 'test', source });
  await client.workspace.promote(seed.id, { source, author: 'test' });
  return source;
}

test('a workflow works on a session through the engine, and each change is one event naming the workflow', async () => {
  const source = await makeSource();
  const id = `ts-ws-agent-${randomUUID()}`;
  await workflows.agent.startWithId(id, source);
  const result = await workflows.agent.result(id);

  assert.equal(result.origin.kind, 'source');
  assert.deepEqual(result.plan, ['src/app.ts', 'data.bin']);
  const [created, app, data, batch] = result.revisions as [number, number, number, number];
  assert.deepEqual([app, data, batch], [created + 1, created + 2, created + 3]);
  assert.deepEqual(result.cache, [1, 2, { done: 2 }]);
  assert.deepEqual(result.checkpoint, { name: 'before-commit', revision: batch });
  assert.equal(result.read.text, 'export const version = 1;\n');
  assert.equal(result.read.size, 'export const version = 1;\n'.length);
  assert.equal(result.read.revision, batch);
  assert.equal(result.commit.source, source);
  assert.equal(result.commit.author, `workflow:${id}`, 'a commit without an author is the workflow’s');
  assert.equal(result.commit.message, 'agent work');

  // The session as everyone else sees it.
  const session = await client.workspace.get(result.sessionId);
  assert.equal(session.revision, batch);
  assert.equal(session.source, source);
  assert.equal(session.lastCommit, result.commit.id);
  assert.equal(await client.workspace.readText(session.id, 'README.txt'), '# app\n');
  assert.deepEqual([...(await client.workspace.read(session.id, 'data.bin'))].slice(0, 4), [0, 1, 2, 3]);
  assert.deepEqual((await client.workspace.cache.get(session.id, 'progress')).value, { done: 2 });
  assert.equal((await client.workspace.manifest(session.id)).entries.find((e) => e.path === 'data.bin')?.mode, 0o600);

  // One event per change, in order, each naming the workflow and the call's journal position
  // (position 1 is the step).
  const events = await allEvents(session.id);
  assert.deepEqual(
    events.map((e) => [e.kind, madeBy(e)?.position]),
    [
      ['session.created', 0],
      ['file.written', 2],
      ['file.written', 3],
      ['batch.applied', 4],
      ['cache.set', 5],
      ['cache.set', 6],
      ['checkpoint.created', 7],
      ['session.committed', 9],
    ],
  );
  for (const event of events) {
    assert.equal(madeBy(event)?.id, id);
    assert.equal(event.actor, `workflow:${id}`);
  }

  // The history names each call, the session and its revision, and never the file contents.
  const calls = (await client.history(id)).filter((h) => h.action === 'workspace_activity');
  assert.deepEqual(
    calls.map((h) => [h.position, h.name]),
    [
      [0, 'workspace.create'],
      [2, 'workspace.write'],
      [3, 'workspace.write'],
      [4, 'workspace.batch'],
      [5, 'workspace.cachePut'],
      [6, 'workspace.cachePut'],
      [7, 'workspace.checkpoint'],
      [8, 'workspace.read'],
      [9, 'workspace.commit'],
    ],
  );
  assert.ok(calls.every((h) => h.sessionId === session.id));
  assert.deepEqual(
    calls.filter((h) => h.name === 'workspace.write').map((h) => h.sessionRevision),
    [app, data],
  );
  const readEntry = calls.find((h) => h.name === 'workspace.read');
  assert.equal((readEntry?.payload as { hash?: string } | undefined)?.hash, result.read.hash);
  assert.ok(!JSON.stringify(readEntry).includes('export const version'), 'a read journals a hash, not the bytes');
});

test('every ctx.workspace operation reaches the engine with the arguments it reads', async () => {
  const id = `ts-ws-every-${randomUUID()}`;
  await workflows.everyOp.startWithId(id);
  const r = await workflows.everyOp.result(id);

  assert.equal(r.base, `ts-ws-every-${id}`);
  assert.deepEqual(r.fork.parent?.sessionId, r.base);
  assert.deepEqual(r.fork.labels, { role: 'proposal' });
  assert.deepEqual(r.manifest, ['dir:a', 'dir:a/b', 'file:a/f.txt', 'dir:c']);
  assert.equal(r.gotNothing?.reason, 'not_found');
  assert.deepEqual(r.got, { value: 'v', hasExpiry: true });
  assert.deepEqual(r.published, { topic: 'progress', message: { pct: 50 }, actor: `workflow:${id}` });
  assert.deepEqual(r.note, { lineStart: 2, resolved: true });
  assert.deepEqual(r.merged.changed, ['c/new.txt']);
  assert.equal(r.conflict?.reason, 'merge_conflict');
  assert.equal(r.conflict?.isMergeConflict, true);
  assert.equal(r.conflict?.code, 'ABORTED');
  assert.equal(r.promotion.source, `ts-ws-every/${id}`);
  assert.equal(r.promotion.head, r.promotion.commit);
  assert.deepEqual(r.fromSource, { source: `ts-ws-every/${id}`, baseCommit: r.promotion.commit });
  assert.ok(r.exportBytes > 0);
  assert.equal(r.exportHasFile, true);
  assert.equal(r.archived, 'archived');

  // The changes are the session's, as `client.workspace` reads them.
  assert.equal(await client.workspace.readText(r.base, 'a/f.txt'), 'base side\n');
  assert.equal(await client.workspace.readText(r.base, 'c/new.txt'), 'from the fork\n');
  assert.deepEqual(r.restored, { text: 'ONE\ntwo\nthree\n', revision: r.restored.read, read: r.restored.read });
  assert.equal((await client.workspace.get(r.fork.id)).state, 'archived');
  const patched = (await allEvents(r.base)).find((e) => e.kind === 'file.patched');
  assert.ok(patched && madeBy(patched)?.id === id);
});

test('a stale expectedRevision is a WorkspaceError the workflow catches, and a replay on another worker catches it again', async () => {
  // Two workers serve the same workflow, each noting what its run of the code saw; the first is
  // stopped while the workflow waits for a signal, so the second finishes it by replay.
  const seen: Record<'a' | 'b', Caught[]> = { a: [], b: [] };
  const refusing = (cl: AetherClient, worker: 'a' | 'b') =>
    cl.workflow('ts-ws-refused', async (ctx) => {
      const session = await ctx.workspace.create();
      const first = await ctx.workspace.write(session.id, 'a.txt', 'a\n');
      await ctx.workspace.write(session.id, 'b.txt', 'b\n', { expectedRevision: first.revision });
      let refusal: Caught | null = null;
      try {
        await ctx.workspace.write(session.id, 'c.txt', 'c\n', { expectedRevision: first.revision });
      } catch (error) {
        refusal = caught(error);
        seen[worker].push(refusal);
      }
      await ctx.waitForSignal('go');
      const after = await ctx.workspace.write(session.id, 'd.txt', 'd\n');
      return { sessionId: session.id, refusal, revision: after.revision };
    });
  const clientA = aether({ serverUrl: server.url, workerId: `ts-ws-a-${randomUUID()}` });
  const clientB = aether({ serverUrl: server.url, workerId: `ts-ws-b-${randomUUID()}` });
  try {
    const onA = refusing(clientA, 'a');
    await clientA.serve([onA]);
    const id = await onA.start();
    await eventually('the workflow to wait for its signal', async () => (await client.getStatus(id)).waitingOn === 'signal');
    assert.equal(seen.a.length, 1);
    await clientA.close();
    await clientB.serve([refusing(clientB, 'b')]);
    await client.signal(id, 'go');
    const result = await client.workflow(onA.name, onA.fn).result(id);

    const expected = { name: 'WorkspaceError', reason: 'stale_revision', code: 'ABORTED' };
    assert.deepEqual({ ...seen.a[0], message: undefined }, { ...expected, message: undefined });
    assert.equal(seen.b.length, 1, 'worker b replayed the refusal');
    assert.deepEqual(seen.b[0], seen.a[0], 'the replay sees the journaled refusal, message and all');
    assert.deepEqual(result.refusal, seen.a[0]);

    // The refused write changed nothing; the others each changed the session once.
    const events = await allEvents(result.sessionId);
    assert.deepEqual(
      events.map((e) => [e.kind, madeBy(e)?.position]),
      [
        ['session.created', 0],
        ['file.written', 1],
        ['file.written', 2],
        ['file.written', 5],
      ],
    );
    assert.equal(result.revision, (events[0]?.revision ?? NaN) + 3);
    const manifest = await client.workspace.manifest(result.sessionId);
    assert.ok(!manifest.entries.some((e) => e.path === 'c.txt'));
    const refused = (await client.history(id)).find((h) => h.action === 'workspace_activity' && h.position === 3);
    assert.equal(refused?.failure?.type, 'stale_revision');
  } finally {
    await clientA.close();
    await clientB.close();
  }
});

test('a worker killed after 10 workspace writes: another replays the workflow and the session has no duplicate event', async () => {
  const log = join(tempDir(), 'writer.log');
  const first = spawnWorker(server.url, `ts-ws-writer-a-${randomUUID()}`);
  let second: ReturnType<typeof spawnWorker> | undefined;
  try {
    const writer = client.workflow('ts-ws-writer', async (_ctx, _job: { log: string }) => ({
      sessionId: '',
      firstRead: '',
      revision: 0,
    }));
    const id = `ts-ws-writer-${randomUUID()}`;
    await writer.startWithId(id, { log });
    await eventually('the blocking step to start on worker a', () => lines(`${log}.started`).length === 1);
    const [sessionId] = lines(`${log}.started`) as [string];
    await killProcess(first);
    // Changed behind the workflow's back: a replayed read must still see what the first run read.
    await client.workspace.write(sessionId, 'file-1.txt', 'changed since\n');
    second = spawnWorker(server.url, `ts-ws-writer-b-${randomUUID()}`);
    writeFileSync(`${log}.go`, '');
    const result = await writer.result(id);

    assert.deepEqual(lines(`${log}.started`), [sessionId, sessionId], 'the blocking step ran again on worker b');
    assert.equal(result.sessionId, sessionId);
    assert.equal(result.firstRead, 'content 1\n', 'the replayed read returned the journaled bytes');
    const events = await allEvents(sessionId);
    // 10 writes, the test's own write, then done.txt.
    assert.equal(result.revision, (events[0]?.revision ?? NaN) + 12);
    const fromWorkflow = events.filter((e) => madeBy(e)?.id === id);
    const positions = fromWorkflow.map((e) => madeBy(e)?.position);
    assert.deepEqual(positions, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13], 'one event per call, none repeated');
    const written = fromWorkflow.filter((e) => e.kind === 'file.written').map((e) => (e.detail as { path: string }).path);
    assert.deepEqual(written, [...Array.from({ length: 10 }, (_, i) => `file-${i + 1}.txt`), 'done.txt']);
    assert.equal(events.length, fromWorkflow.length + 1, 'besides them, only the test’s own write');
  } finally {
    await killProcess(first);
    if (second) await killProcess(second);
  }
});

test('writing and reading a 10 MB file from a workflow grows its history by less than 1 KB', async () => {
  const historySize = async (size: number) => {
    const id = await workflows.big.start(size);
    const result = await workflows.big.result(id);
    assert.equal(result.size, size);
    const history = await client.history(id);
    for (const entry of history.filter((h) => h.action === 'workspace_activity')) {
      assert.ok(entry.payloadBytes < 1024, `${entry.name} journaled ${entry.payloadBytes} bytes`);
    }
    return JSON.stringify(history).length;
  };
  const small = await historySize(10);
  const big = await historySize(10 * 1024 * 1024);
  assert.ok(big - small < 1024, `10 MB grew the history by ${big - small} bytes over 10 bytes (${big} in all)`);
});

test('ctx.requestApproval({ session }) pins the session at its current revision as evidence', async () => {
  const id = await workflows.review.start();
  let approval: Approval | undefined;
  await eventually('the pending approval', async () => {
    approval = (await client.approvals.list({ state: 'pending', workflowId: id })).approvals[0];
    return approval !== undefined;
  });
  assert.ok(approval);
  const sessionId = approval.sessionId;
  assert.ok(sessionId);
  // create (0), write (1), the session read that pins it (2), the request (3).
  assert.equal(approval.position, 3);
  const { revision } = await client.workspace.get(sessionId);
  assert.deepEqual(approval.evidence, [{ kind: 'session', sessionId, revision }]);
  await client.approvals.approve(approval.id, { by: 'ana' });
  const result = await workflows.review.result(id);
  assert.deepEqual(result, { sessionId, outcome: 'approved' });
  const pin = (await client.history(id)).find((h) => h.position === 2);
  assert.equal(pin?.name, 'workspace.get');
});

test('a journaled workspace call replaced by another is a non-determinism error', async () => {
  const version = (cl: AetherClient, changed: boolean) =>
    cl.workflow('ts-ws-changed', async (ctx) => {
      const session = await ctx.workspace.create();
      await (changed ? ctx.workspace.dirs(session.id, 'x') : ctx.workspace.write(session.id, 'x', 'x\n'));
      await ctx.waitForSignal('go');
      return 'done';
    });
  const clientA = aether({ serverUrl: server.url, workerId: `ts-ws-old-${randomUUID()}` });
  const clientB = aether({ serverUrl: server.url, workerId: `ts-ws-new-${randomUUID()}` });
  try {
    const before = version(clientA, false);
    await clientA.serve([before]);
    const id = await before.start();
    await eventually('the workflow to wait for its signal', async () => (await client.getStatus(id)).waitingOn === 'signal');
    await clientA.close();
    await clientB.serve([version(clientB, true)]);
    await client.signal(id, 'go');
    const error = await client.workflow(before.name, before.fn).result(id).then(
      () => assert.fail('the changed workflow completed'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof WorkflowFailedError, String(error));
    assert.equal(error.failure.type, new NonDeterminismError().name);
    assert.match(error.failure.message, /workspace call 'workspace.write'.*workspace call 'workspace.dirs'/);
  } finally {
    await clientA.close();
    await clientB.close();
  }
});

test('a workflow adds a knowledge entry and finds it; started twice and replayed on another worker, the entry is made once', async () => {
  // What each worker's run of the code saw, up to the signal it then waits for.
  type Seen = { entry: Knowledge; found: Knowledge[]; refusal: Caught | null };
  const seen: Record<'a' | 'b', Seen[]> = { a: [], b: [] };
  const learner = (cl: AetherClient, worker: 'a' | 'b') =>
    cl.workflow('ts-ws-learner', async (ctx, source: string) => {
      const ws = ctx.workspace;
      const entry = await ws.addKnowledge({
        source,
        title: 'Flaky e2e test in CI',
        body: 'Retry `ci/e2e` once before bisecting.',
        tags: ['ci', 'flaky'],
        links: [{ path: 'ci/e2e.yml' }, { path: 'src/app.ts', sessionId: 'ws-seen', revision: 2 }],
      });
      const found = await ws.searchKnowledge({ source, tag: 'ci', text: 'FLAKY' });
      const refusal = await ws.searchKnowledge({ source, tag: 'Not A Tag' }).then(() => null, caught);
      seen[worker].push({ entry, found, refusal });
      await ctx.waitForSignal('go');
      // Not journaled yet: searched afresh after the replay.
      const later = await ws.searchKnowledge({ source, limit: 10 });
      return {
        id: entry.id,
        author: entry.author,
        createdAt: entry.createdAt.toISOString(),
        found: found.map((k) => k.id),
        later: later.map((k) => k.id),
      };
    });
  const clientA = aether({ serverUrl: server.url, workerId: `ts-ws-learner-a-${randomUUID()}` });
  const clientB = aether({ serverUrl: server.url, workerId: `ts-ws-learner-b-${randomUUID()}` });
  try {
    const source = `ts-ws-knowledge/${randomUUID()}`;
    const onA = learner(clientA, 'a');
    await clientA.serve([onA]);
    const id = `ts-ws-learner-${randomUUID()}`;
    assert.equal(await onA.startWithId(id, source), id);
    assert.equal(await onA.startWithId(id, source), id, 'a second start with the id is the same run');
    await eventually('the workflow to wait for its signal', async () => (await client.getStatus(id)).waitingOn === 'signal');
    assert.equal(seen.a.length, 1, 'one run on worker a');
    await clientA.close();
    await clientB.serve([learner(clientB, 'b')]);
    await client.signal(id, 'go');
    const result = await client.workflow(onA.name, onA.fn).result(id);

    const [a] = seen.a as [Seen];
    assert.equal(a.entry.source, source);
    assert.equal(a.entry.author, `workflow:${id}`, "the author defaults to the workflow's");
    assert.deepEqual(a.entry.tags, ['ci', 'flaky']);
    assert.deepEqual(a.entry.links, [{ path: 'ci/e2e.yml' }, { path: 'src/app.ts', sessionId: 'ws-seen', revision: 2 }]);
    assert.ok(a.entry.createdAt instanceof Date && !Number.isNaN(a.entry.createdAt.getTime()));
    assert.deepEqual(a.found.map((k) => k.id), [a.entry.id], 'the workflow finds its entry');
    assert.deepEqual(a.found[0], a.entry);
    assert.deepEqual([a.refusal?.reason, a.refusal?.code], ['invalid_argument', 'INVALID_ARGUMENT']);
    assert.equal(seen.b.length, 1, 'worker b replayed the workflow');
    assert.deepEqual(seen.b[0], a, 'the replay gets the journaled entry, search and refusal');
    assert.deepEqual(result, {
      id: a.entry.id,
      author: `workflow:${id}`,
      createdAt: a.entry.createdAt.toISOString(),
      found: [a.entry.id],
      later: [a.entry.id],
    });

    // The client finds the workflow's entry exactly once, as the workflow saw it.
    const entries = await client.workspace.searchKnowledge({ source });
    assert.deepEqual(entries.map((k) => k.id), [a.entry.id]);
    assert.deepEqual(entries[0], a.entry);
    assert.deepEqual(await client.workspace.getKnowledge(a.entry.id), a.entry);

    const calls = (await client.history(id)).filter((h) => h.action === 'workspace_activity');
    assert.deepEqual(
      calls.map((h) => [h.position, h.name, h.failure?.type ?? null]),
      [
        [0, 'workspace.addKnowledge', null],
        [1, 'workspace.searchKnowledge', null],
        [2, 'workspace.searchKnowledge', 'invalid_argument'],
        [4, 'workspace.searchKnowledge', null],
      ],
    );
  } finally {
    await clientA.close();
    await clientB.close();
  }
});
