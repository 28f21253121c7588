// Approvals against a real engine: a workflow asks for a person's decision and is suspended
// (holding no worker slot) until it is approved, denied or expires; the decision reaches the
// workflow code as a value; the first decision wins; approvals about sessions are requested
// outside workflows and waited on by id; listings page with cursors.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';

import {
  AetherError,
  type AetherClient,
  type Approval,
  ApprovalConflictError,
  type ApprovalDecision,
  ApprovalNotFoundError,
  type Evidence,
  WorkflowFailedError,
  WorkspaceError,
  aether,
} from '../src/index.js';
import { Server, eventually } from './harness.js';

let server: Server;
let client: AetherClient;

/** How often the step before the approval ran, per workflow id. */
const buildRuns = new Map<string, number>();

/** A decision as a workflow returns it: JSON has no Date. */
type ReturnedDecision = Omit<ApprovalDecision, 'at'> & { at: number };

const returned = (d: ApprovalDecision): ReturnedDecision => ({ ...d, at: d.at.getTime() });

interface DeployArgs {
  evidence?: Evidence[];
  session?: string;
  timeoutMs?: number;
  reason?: string;
}

function define(cl: AetherClient) {
  return {
    deploy: cl.workflow('ts-approval-deploy', async (ctx, args: DeployArgs) => {
      await ctx.step('build', async () => {
        buildRuns.set(ctx.workflowId, (buildRuns.get(ctx.workflowId) ?? 0) + 1);
        return 'built';
      });
      const decision = await ctx.requestApproval({
        reason: args.reason ?? 'deploy.prod',
        detail: '**Ship** v2 to production?',
        ...(args.evidence ? { evidence: args.evidence } : {}),
        ...(args.session ? { session: args.session } : {}),
        ...(args.timeoutMs === undefined ? {} : { timeout: { milliseconds: args.timeoutMs } }),
      });
      return ctx.step('act', async () => {
        switch (decision.outcome) {
          case 'approved':
            return { branch: 'shipped', decision: returned(decision) };
          case 'denied':
            return { branch: 'rolled back', decision: returned(decision) };
          case 'expired':
            return { branch: 'gave up', decision: returned(decision) };
        }
      });
    }),
    waiter: cl.workflow('ts-approval-waiter', async (ctx, approvalId: string, timeoutMs?: number) => {
      const decision = await ctx.waitForApproval(
        approvalId,
        timeoutMs === undefined || timeoutMs === null ? {} : { timeout: timeoutMs },
      );
      return returned(decision);
    }),
    side: cl.workflow('ts-approval-side', async (ctx) => ctx.step('work', async () => 'done')),
  };
}

let workflows: ReturnType<typeof define>;

before(async () => {
  server = await Server.start(['--persistence', 'memory']);
  client = aether({ serverUrl: server.url });
  workflows = define(client);
  // Capacity 1: a workflow that held its slot while it waits would block every other one.
  await client.serve(Object.values(workflows), { capacity: 1 });
});

after(async () => {
  await client.close();
  await server.kill();
});

/** The pending approval a workflow asked for, once the engine lists it. */
async function pendingApprovalOf(workflowId: string): Promise<Approval> {
  let found: Approval | undefined;
  await eventually(`a pending approval of ${workflowId}`, async () => {
    const page = await client.approvals.list({ state: 'pending', workflowId });
    found = page.approvals[0];
    return found !== undefined;
  });
  return found as Approval;
}

/** The error a call fails with, asserting its class. */
async function failure<E extends Error>(call: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof type, `expected a ${type.name}, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

test('a workflow waits on an approval without a slot, and approving resumes it with the decision', async () => {
  const session = await client.workspace.create({ labels: { suite: 'ts-approvals' } });
  await client.workspace.write(session.id, 'deploy.yaml', 'replicas: 3\n');
  const checkpoint = await client.workspace.checkpoint(session.id, { name: 'before-deploy' });
  const note = await client.workspace.annotate(session.id, { path: 'deploy.yaml', lineStart: 1, author: 'bot', body: 'why 3?' });
  const evidence: Evidence[] = [
    { kind: 'session', sessionId: session.id, revision: checkpoint.revision },
    { kind: 'checkpoint', sessionId: session.id, checkpointId: checkpoint.id },
    { kind: 'annotation', sessionId: session.id, annotationId: note.id },
    { kind: 'url', url: 'https://ci.example/run/42', label: 'CI run' },
  ];
  const id = await workflows.deploy.start({ evidence, session: session.id });

  const approval = await pendingApprovalOf(id);
  assert.equal(approval.workflowId, id);
  assert.equal(approval.position, 1, 'the request takes the journal position after the step');
  assert.equal(approval.reason, 'deploy.prod');
  assert.equal(approval.detail, '**Ship** v2 to production?');
  assert.deepEqual(approval.evidence, evidence);
  assert.equal(approval.sessionId, session.id);
  assert.equal(approval.state, 'pending');
  assert.ok(approval.requestedAt instanceof Date && approval.requestedAt.getTime() > 0);
  assert.equal(approval.expiresAt, undefined);
  assert.equal(approval.decidedAt, undefined);
  assert.deepEqual(await client.approvals.get(approval.id), approval);
  const status = await client.getStatus(id);
  assert.equal(status.waitingOn, 'approval');
  assert.equal(status.waits[0]?.kind, 'approval');

  // The only slot is free: another workflow runs to completion while this one waits.
  assert.equal(await workflows.side.startAndWait(), 'done');
  assert.equal((await client.getStatus(id)).waitingOn, 'approval');

  const decided = await client.approvals.approve(approval.id, { by: 'ana', comment: 'ship it', payload: { x: 1 } });
  assert.equal(decided.state, 'approved');
  assert.equal(decided.decidedBy, 'ana');
  assert.equal(decided.comment, 'ship it');
  assert.deepEqual(decided.payload, { x: 1 });
  assert.ok(decided.decidedAt instanceof Date);

  const result = await workflows.deploy.result(id);
  assert.equal(result.branch, 'shipped');
  assert.deepEqual(
    { ...result.decision, at: undefined },
    { approvalId: approval.id, outcome: 'approved', by: 'ana', comment: 'ship it', payload: { x: 1 }, at: undefined },
  );
  assert.equal(result.decision.at, decided.decidedAt?.getTime());
  assert.equal(buildRuns.get(id), 1, 'the step before the approval ran once');

  assert.equal((await client.approvals.get(approval.id)).state, 'approved');
  const history = (await client.history(id)).filter((h) => h.action.startsWith('approval_'));
  assert.deepEqual(
    history.map((h) => [h.action, h.position, h.approvalId]),
    [
      ['approval_requested', 1, approval.id],
      ['approval_decided', 1, approval.id],
    ],
  );
  assert.equal(history[0]?.name, 'deploy.prod');
  assert.deepEqual(
    { outcome: history[1]?.outcome, decidedBy: history[1]?.decidedBy, comment: history[1]?.comment, payload: history[1]?.payload },
    { outcome: 'approved', decidedBy: 'ana', comment: 'ship it', payload: { x: 1 } },
  );
});

test('a denial is a result the workflow branches on', async () => {
  const id = await workflows.deploy.start({});
  const approval = await pendingApprovalOf(id);
  const denied = await client.approvals.deny(approval.id, { by: 'bo', comment: 'not on a Friday' });
  assert.equal(denied.state, 'denied');
  const result = await workflows.deploy.result(id);
  assert.equal(result.branch, 'rolled back');
  assert.equal(result.decision.outcome, 'denied');
  assert.equal(result.decision.by, 'bo');
  assert.equal(result.decision.comment, 'not on a Friday');
  assert.equal(result.decision.payload, null);
});

test('an approval nobody decides expires after its timeout, and the workflow takes that branch', async () => {
  const id = await workflows.deploy.start({ timeoutMs: 300 });
  const result = await workflows.deploy.result(id);
  assert.equal(result.branch, 'gave up');
  assert.equal(result.decision.outcome, 'expired');
  assert.equal(result.decision.by, null);
  assert.equal(result.decision.comment, null);

  const { approvals } = await client.approvals.list({ workflowId: id });
  assert.equal(approvals.length, 1);
  const approval = approvals[0] as Approval;
  assert.equal(approval.state, 'expired');
  assert.equal(approval.timeoutMs, 300);
  assert.ok(approval.expiresAt instanceof Date);
  assert.equal(approval.expiresAt.getTime() - approval.requestedAt.getTime(), 300);
  // Too late to decide: the expiry stands.
  const late = await failure(client.approvals.approve(approval.id, { by: 'ana' }), ApprovalConflictError);
  assert.equal(late.approval.state, 'expired');
});

test('the first decision wins: a second gets an ApprovalConflictError carrying the approval as it stands', async () => {
  const id = await workflows.deploy.start({});
  const approval = await pendingApprovalOf(id);
  await client.approvals.approve(approval.id, { by: 'ana', comment: 'first' });

  const conflict = await failure(client.approvals.deny(approval.id, { by: 'bo', comment: 'second' }), ApprovalConflictError);
  assert.ok(conflict instanceof AetherError);
  assert.equal(conflict.approval.id, approval.id);
  assert.equal(conflict.approval.state, 'approved');
  assert.equal(conflict.approval.decidedBy, 'ana');
  assert.equal(conflict.approval.comment, 'first');
  await failure(client.approvals.approve(approval.id, { by: 'bo' }), ApprovalConflictError);

  const result = await workflows.deploy.result(id);
  assert.equal(result.decision.outcome, 'approved');
  assert.equal(result.decision.by, 'ana');
  const stands = await client.approvals.get(approval.id);
  assert.equal(stands.state, 'approved');
  assert.equal(stands.decidedBy, 'ana');
});

test('cancelling a workflow that waits on an approval cancels the approval', async () => {
  const id = await workflows.deploy.start({});
  const approval = await pendingApprovalOf(id);
  assert.equal(await client.cancel(id, 'no longer needed'), 'CANCELLED');
  assert.equal((await client.approvals.get(approval.id)).state, 'cancelled');
  assert.equal((await client.approvals.list({ state: 'pending', workflowId: id })).approvals.length, 0);
  await failure(client.approvals.approve(approval.id, { by: 'ana' }), ApprovalConflictError);
});

test('unknown ids and invalid requests get clear errors', async () => {
  const unknown = randomUUID();
  const notFound = await failure(client.approvals.get(unknown), ApprovalNotFoundError);
  assert.equal(notFound.approvalId, unknown);
  assert.ok(notFound instanceof AetherError);
  await failure(client.approvals.approve(unknown, { by: 'ana' }), ApprovalNotFoundError);
  await failure(client.approvals.deny(unknown), ApprovalNotFoundError);

  const session = await client.workspace.create({});
  const invalid = await failure(client.approvals.requestForSession(session.id, { reason: 'not a code' }), AetherError);
  assert.match(invalid.message, /reason/);
  const missing = await failure(client.approvals.requestForSession('no-such-session', { reason: 'review' }), WorkspaceError);
  assert.equal(missing.reason, 'not_found');

  // Inside a workflow, the engine's refusal fails the workflow with its message.
  const failed = await failure(workflows.deploy.startAndWait({ reason: 'not a code' }), WorkflowFailedError);
  assert.match(failed.failure.message, /reason/);
});

test('a workflow waits by id on an approval requested for a session, and approving resumes it', async () => {
  const session = await client.workspace.create({ labels: { suite: 'ts-approvals' } });
  const approval = await client.approvals.requestForSession(session.id, {
    reason: 'session.review',
    detail: 'Review the agent\'s changes',
    evidence: [{ kind: 'session', sessionId: session.id }],
  });
  assert.equal(approval.workflowId, undefined);
  assert.equal(approval.position, undefined);
  assert.equal(approval.sessionId, session.id);
  assert.equal(approval.state, 'pending');
  assert.deepEqual(approval.evidence, [{ kind: 'session', sessionId: session.id }]);
  assert.ok((await client.approvals.list({ sessionId: session.id })).approvals.some((a) => a.id === approval.id));

  const id = await workflows.waiter.start(approval.id);
  await eventually(`${id} watching the approval`, async () => (await client.approvals.get(approval.id)).watchers.includes(id));
  assert.equal((await client.getStatus(id)).waitingOn, 'approval');

  await client.approvals.approve(approval.id, { by: 'ana', payload: ['a.ts'] });
  const decision = await workflows.waiter.result(id);
  assert.equal(decision.approvalId, approval.id);
  assert.equal(decision.outcome, 'approved');
  assert.equal(decision.by, 'ana');
  assert.deepEqual(decision.payload, ['a.ts']);

  // Delivered late or not, a decision carries the time it was made.
  assert.equal(decision.at, (await client.approvals.get(approval.id)).decidedAt?.getTime());
  // A wait on an approval already decided resolves at once, with the same decision.
  const again = await workflows.waiter.startAndWait(approval.id);
  assert.deepEqual(again, decision);
});

test('a wait by id with a timeout expires on its own, and an unknown id fails the workflow', async () => {
  const session = await client.workspace.create({});
  const approval = await client.approvals.requestForSession(session.id, { reason: 'session.review' });
  const decision = await workflows.waiter.startAndWait(approval.id, 300);
  assert.equal(decision.outcome, 'expired');
  assert.equal(decision.by, null);
  // The wait expired, not the approval: it is still there to decide.
  assert.equal((await client.approvals.get(approval.id)).state, 'pending');

  const failed = await failure(workflows.waiter.startAndWait(randomUUID()), WorkflowFailedError);
  assert.equal(failed.failure.type, 'ApprovalNotFoundError');
});

test('listings page with cursors, newest first, each approval once', async () => {
  const session = await client.workspace.create({});
  const reason = `page.${randomUUID().slice(0, 8)}`;
  const created: string[] = [];
  for (let i = 0; i < 5; i++) {
    created.push((await client.approvals.requestForSession(session.id, { reason, detail: `#${i}` })).id);
  }

  const seen: Approval[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.approvals.list({ reason, limit: 2, ...(cursor ? { cursor } : {}) });
    pages.push(page.approvals.length);
    seen.push(...page.approvals);
    cursor = page.nextCursor;
  } while (cursor);

  assert.ok(pages.every((n) => n <= 2), `pages of ${pages.join(', ')}`);
  assert.ok(pages.length >= 3);
  assert.equal(new Set(seen.map((a) => a.id)).size, seen.length, 'no approval listed twice');
  assert.deepEqual(new Set(seen.map((a) => a.id)), new Set(created));
  const times = seen.map((a) => a.requestedAt.getTime());
  assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
  assert.ok(seen.every((a) => a.reason === reason));
});

test('a decision made while its worker is gone reaches another worker, which replays the journal', async () => {
  let beforeRuns = 0;
  const serveReplay = async () => {
    const worker = aether({ serverUrl: server.url });
    const replay = worker.workflow('ts-approval-replay', async (ctx) => {
      await ctx.step('before', async () => ++beforeRuns);
      const decision = await ctx.requestApproval({ reason: 'replay' });
      return `${decision.outcome} by ${decision.by ?? 'nobody'}`;
    });
    await worker.serve([replay], { capacity: 1 });
    return { worker, replay };
  };
  const first = await serveReplay();
  const id = await first.replay.start();
  const approval = await pendingApprovalOf(id);
  await first.worker.close();

  await client.approvals.approve(approval.id, { by: 'ana' });
  const second = await serveReplay();
  try {
    assert.equal(await second.replay.result(id), 'approved by ana');
    // The step before the approval came from the journal on the second worker.
    assert.equal(beforeRuns, 1);
  } finally {
    await second.worker.close();
  }
});
