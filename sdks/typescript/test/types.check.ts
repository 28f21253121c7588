// Type-level tests: checked by `npm run typecheck` (tsc --noEmit), never run. Every line marked
// with an expect-error directive must fail to compile, or tsc reports the directive as unused.
import {
  type Approval,
  ApprovalConflictError,
  type ApprovalDecision,
  type BusMessage,
  type CacheEntry,
  type Knowledge,
  MergeConflictError,
  MountError,
  type MountResult,
  type SignalResult,
  type SignalSent,
  WorkspaceError,
  aether,
} from '../src/index.js';

const client = aether({ serverUrl: 'http://localhost:7233' });

const greet = client.workflow('greet', async (ctx, name: string) => {
  const greeting = await ctx.step('create-greeting', async () => `Hello, ${name}!`);
  return { message: greeting };
});

const pair = client.workflow('pair', async (_ctx, a: number, b: boolean) => ({ a, b }));

export async function checks(): Promise<void> {
  const ok: { message: string } = await greet.startAndWait('World');
  void ok;
  const id: string = await greet.start('World');
  void id;

  // @ts-expect-error a number is not the string the workflow takes
  await greet.startAndWait(42);
  // @ts-expect-error the workflow takes one argument
  await greet.startAndWait();
  // @ts-expect-error the workflow takes one argument
  await greet.start('a', 'b');

  const result = await greet.startAndWait('World');
  // @ts-expect-error the result has no such field
  void result.mesage;
  // @ts-expect-error the message is a string, not a number
  const n: number = result.message;
  void n;

  await pair.startAndWait(1, true);
  // @ts-expect-error arguments in the wrong order
  await pair.startAndWait(true, 1);

  await client.workflow('parent', async (ctx) => {
    const child: { message: string } = await ctx.child(greet, ['x']);
    // @ts-expect-error the child takes a string
    await ctx.child(greet, [1]);
    // @ts-expect-error sleep takes a duration object
    await ctx.sleep(1000);
    return child.message;
  }).startAndWait();
}

export async function signalChecks(): Promise<void> {
  await client.workflow('approve', async (ctx) => {
    const got: SignalResult<{ by: string }> = await ctx.waitForSignal<{ by: string }>('decision', { timeout: { minutes: 5 } });
    // @ts-expect-error the payload exists only once `timedOut` is known to be false
    void got.payload;
    if (got.timedOut) {
      // @ts-expect-error a timed-out result has no payload
      void got.payload;
      return 'expired';
    }
    const by: string = got.payload.by;
    // @ts-expect-error the payload's type has no such field
    void got.payload.who;
    await ctx.waitForSignal('ping', { timeout: 1000 });
    // @ts-expect-error a timeout is a duration or milliseconds
    await ctx.waitForSignal('ping', { timeout: '5m' });
    // @ts-expect-error the signal's name is a string
    await ctx.waitForSignal(42);
    return by;
  }).startAndWait();

  const sent: SignalSent = await client.signal('wf-1', 'decision', { by: 'alice' }, { idempotencyKey: 'k' });
  const duplicate: boolean = sent.duplicate;
  void duplicate;
  // @ts-expect-error the idempotency key is a string
  await client.signal('wf-1', 'decision', null, { idempotencyKey: 7 });
}

export async function approvalChecks(): Promise<void> {
  await client.workflow('deploy', async (ctx) => {
    const decision: ApprovalDecision = await ctx.requestApproval({
      reason: 'deploy',
      detail: 'Ship it?',
      evidence: [
        { kind: 'session', sessionId: 's1' },
        { kind: 'checkpoint', sessionId: 's1', checkpointId: 'c1' },
        { kind: 'url', url: 'https://ci.example', label: 'CI' },
      ],
      timeout: { hours: 1 },
      session: 's1',
    });
    // @ts-expect-error the reason is required
    await ctx.requestApproval({ detail: 'Ship it?' });
    // @ts-expect-error checkpoint evidence names its checkpoint
    await ctx.requestApproval({ reason: 'r', evidence: [{ kind: 'checkpoint', sessionId: 's1' }] });
    // @ts-expect-error no such kind of evidence
    await ctx.requestApproval({ reason: 'r', evidence: [{ kind: 'file', path: 'a' }] });
    // @ts-expect-error a timeout is a duration or milliseconds
    await ctx.waitForApproval('a1', { timeout: '5m' });
    // @ts-expect-error outcomes are approved, denied and expired
    if (decision.outcome === 'rejected') return 'never';
    const by: string | null = decision.by;
    const at: Date = decision.at;
    void at;
    return by ?? 'expired';
  }).startAndWait();

  const { approvals, nextCursor } = await client.approvals.list({ state: 'pending', limit: 10 });
  const cursor: string | undefined = nextCursor;
  void cursor;
  const first: Approval | undefined = approvals[0];
  void first;
  // @ts-expect-error states are lower case words
  await client.approvals.list({ state: 'PENDING' });
  await client.approvals.approve('a1', { by: 'ana', comment: 'ok', payload: { replicas: 3 } });
  // @ts-expect-error by is a string
  await client.approvals.deny('a1', { by: 7 });
  try {
    await client.approvals.deny('a1');
  } catch (error) {
    if (error instanceof ApprovalConflictError) {
      const state: Approval['state'] = error.approval.state;
      void state;
    }
  }
}

export async function workspaceChecks(): Promise<void> {
  const ws = client.workspace;
  const session = await ws.create({ from: { blank: true }, labels: { team: 'a' } });
  const revision: number = session.revision;
  await ws.write(session.id, 'a.txt', 'text', { expectedRevision: revision });
  await ws.write(session.id, 'b.bin', new Uint8Array([1, 2]), { mode: 0o755 });
  const bytes: Uint8Array = await ws.read(session.id, 'a.txt', { offset: 1, length: 2 });
  void bytes;
  await ws.batch(session.id, [{ op: 'write', path: 'c', content: 'x' }, { op: 'rename', from: 'c', to: 'd' }]);

  // @ts-expect-error a session starts from exactly one origin
  await ws.create({ from: { source: 'app', checkpointId: 'c1' } });
  // @ts-expect-error the expected revision is a number
  await ws.write(session.id, 'a.txt', 'text', { expectedRevision: '3' });
  // @ts-expect-error content is text or bytes
  await ws.write(session.id, 'a.txt', { text: 'x' });
  // @ts-expect-error a rename op needs from and to, not path
  await ws.batch(session.id, [{ op: 'rename', path: 'c' }]);
  // @ts-expect-error a commit needs a message and an author
  await ws.commit(session.id, { message: 'done' });

  const entry: CacheEntry<{ n: number }> = await ws.cache.put(session.id, 'k', { n: 1 }, { ifVersion: 0 });
  const n: number = (await ws.cache.get<{ n: number }>(session.id, 'k')).value.n;
  void entry;
  void n;
  // @ts-expect-error ifVersion is a number
  await ws.cache.put(session.id, 'k', 1, { ifVersion: 'v1' });

  for await (const m of ws.subscribe<{ text: string }>(session.id, 'chat')) {
    const text: string = m.message.text;
    void text;
    // @ts-expect-error the message type has no such field
    void m.message.txt;
  }
  const published: BusMessage<{ text: string }> = await ws.publish(session.id, 'chat', { text: 'hi' });
  void published;

  try {
    await ws.merge(session.id, 'other');
  } catch (error) {
    if (error instanceof MergeConflictError) {
      const paths: string[] = error.conflicts.map((c) => c.path);
      void paths;
    } else if (error instanceof WorkspaceError && error.reason === 'stale_revision') {
      const code: string = error.code;
      void code;
      // @ts-expect-error a plain WorkspaceError has no conflicts
      void error.conflicts;
    }
  }
  const archive: Uint8Array = await ws.export(session.id);
  void archive;

  const knowledge: Knowledge = await ws.addKnowledge({ source: 'team/app', title: 'Parser quirk', tags: ['parser'] });
  const createdAt: Date = knowledge.createdAt;
  void createdAt;
  const found: Knowledge[] = await ws.searchKnowledge({ source: 'team/app', tag: 'parser', text: 'quirk', limit: 10 });
  void found;
  await ws.getKnowledge(knowledge.id);
  await ws.deleteKnowledge(knowledge.id);
  // @ts-expect-error an entry needs a title
  await ws.addKnowledge({ source: 'team/app' });
  // @ts-expect-error links are paths, not strings
  await ws.addKnowledge({ source: 'team/app', title: 't', links: ['src/a.ts'] });
  // @ts-expect-error a search names its source
  await ws.searchKnowledge({ tag: 'parser' });

  const mountResult: MountResult<number> = await ws.mount(session.id, '/tmp/work', async (dir: string) => dir.length, {
    readOnly: true,
    refresh: { seconds: 2 },
    syncTimeout: 30_000,
  });
  const conflicts: string[] = mountResult.conflicts;
  void conflicts;
  // @ts-expect-error the mounted function returns a promise
  await ws.mount(session.id, '/tmp/work', (dir: string) => dir.length);
  // @ts-expect-error readOnly is a boolean
  await ws.mount(session.id, '/tmp/work', async () => 1, { readOnly: 'yes' });
  try {
    await ws.mount(session.id, '/tmp/work', async () => 1);
  } catch (error) {
    if (error instanceof MountError) {
      const tail: string = error.stderr;
      const code: number | null = error.exitCode;
      void tail;
      void code;
    }
  }
}

export async function workspaceActivityChecks(): Promise<void> {
  await client.workflow('agent', async (ctx) => {
    const ws = ctx.workspace;
    const session = await ws.create({ from: { source: 'app' }, labels: { team: 'a' } });
    const { revision } = await ws.write(session.id, 'a.txt', 'text', { expectedRevision: session.revision });
    await ws.write(session.id, 'b.bin', new Uint8Array([1, 2]), { mode: 0o755 });
    const file = await ws.read(session.id, 'a.txt');
    const data: Buffer = file.data;
    const hash: string = file.hash;
    void data;
    void hash;
    const entry: CacheEntry<{ n: number }> = await ws.cachePut(session.id, 'k', { n: 1 }, { ifVersion: 0, ttlMs: 1000 });
    void entry;
    const n: number = (await ws.cacheGet<{ n: number }>(session.id, 'k')).value.n;
    void n;
    const note: BusMessage<{ pct: number }> = await ws.publish(session.id, 'progress', { pct: 50 });
    void note;
    await ws.checkpoint(session.id, { name: 'before', expectedRevision: revision });
    // A workflow's commit needs no author: it is the workflow's.
    await ws.commit(session.id, { message: 'done' });
    const archive: Buffer = await ws.export(session.id);
    void archive;
    const learned: Knowledge = await ws.addKnowledge({ source: 'app', title: 'learned', links: [{ path: 'a.txt' }] });
    const known: Knowledge[] = await ws.searchKnowledge({ source: 'app', tag: 'ci' });
    void learned;
    void known;

    // @ts-expect-error the engine acts as the workflow: no actor
    await ws.write(session.id, 'a.txt', 'text', { actor: 'someone' });
    // @ts-expect-error a whole file is read: no byte range
    await ws.read(session.id, 'a.txt', { offset: 1 });
    // @ts-expect-error a session starts from exactly one origin
    await ws.create({ from: { source: 'app', checkpointId: 'c1' } });
    // @ts-expect-error ifVersion is a number
    await ws.cachePut(session.id, 'k', 1, { ifVersion: 'v1' });
    // @ts-expect-error a commit needs a message
    await ws.commit(session.id, {});
    try {
      await ws.write(session.id, 'a.txt', 'x', { expectedRevision: 1 });
    } catch (error) {
      if (error instanceof WorkspaceError && error.reason === 'stale_revision') {
        return 'stale';
      }
      throw error;
    }
    return file.data.toString('utf8');
  }).startAndWait();
}
