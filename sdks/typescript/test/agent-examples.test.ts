// The agent-runner and proposals examples, run as a user would: `aether serve` on SQLite at L2,
// `npm run dev` in the example, the approval found with `aether approvals --state pending
// --json` and decided with `aether approve`/`aether deny`; then the example's output and the
// sessions and sources it left are checked. Each example also survives a SIGKILL of the server
// while it waits for the approval: the server restarts on the same database and port, the
// starter and its worker reconnect, and the approval given after the restart finishes the run.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

import { type AetherClient, type Approval, aether } from '../src/index.js';
import { Program, Server, cli, eventually, freePort, repoDir, tempDir } from './harness.js';

/** A server on SQLite at L2, with what it takes to restart it on the same database and port. */
async function startServer(): Promise<{ server: Server; args: string[]; port: number }> {
  const args = ['--db', join(tempDir(), 'aether.db'), '--persistence', 'state-action-log'];
  const port = await freePort();
  return { server: await Server.start(args, port), args, port };
}

function runExample(example: string, server: Server): Program {
  return Program.start(example, 'npm', ['run', '--silent', 'dev'], {
    cwd: join(repoDir, 'examples', example),
    env: { AETHER_SERVER: server.url },
  });
}

/** The next pending approval with this reason that is not one of `seen`, as `aether approvals
 * --state pending --json` lists it. */
async function pendingApproval(server: Server, reason: string, seen: string[] = []): Promise<Approval> {
  let found: Approval | undefined;
  await eventually(`a pending ${reason} approval`, async () => {
    const listed = await cli(['approvals', '--state', 'pending', '--json', '--server', server.url]);
    assert.equal(listed.code, 0, listed.stderr);
    const { approvals } = JSON.parse(listed.stdout) as { approvals: Approval[] };
    found = approvals.find((a) => a.reason === reason && !seen.includes(a.id));
    return found !== undefined;
  });
  return found!;
}

async function decide(server: Server, verdict: 'approve' | 'deny', id: string, ...options: string[]): Promise<void> {
  const decided = await cli([verdict, id, '--by', 'ana', ...options, '--server', server.url]);
  assert.equal(decided.code, 0, decided.stderr);
}

/** The example's exit, its code 0, and the JSON of its `Result:` line. */
async function finished<T>(program: Program): Promise<T> {
  const code = await program.exited;
  assert.equal(code, 0, program.output());
  const line = program.stdout.find((l) => l.startsWith('Result: '));
  assert.ok(line, program.output());
  return JSON.parse(line.slice('Result: '.length)) as T;
}

/** The session's files as text, written under a fresh directory (to run them). */
async function checkout(client: AetherClient, sessionId: string): Promise<{ dir: string; files: Record<string, string> }> {
  const dir = tempDir('aether-checkout-');
  const files: Record<string, string> = {};
  for (const entry of (await client.workspace.manifest(sessionId)).entries) {
    if (entry.kind !== 'file') continue;
    files[entry.path] = await client.workspace.readText(sessionId, entry.path);
    mkdirSync(dirname(join(dir, entry.path)), { recursive: true });
    writeFileSync(join(dir, entry.path), files[entry.path]!);
  }
  return { dir, files };
}

/** What the sample prints, before and after any of the codemods. */
const SAMPLE_OUTPUT = 'LATENCY: 4 values, mean 14.25\nERRORS: 0 values\n';

const runs = (dir: string) => execFileSync(process.execPath, [join(dir, 'src', 'index.js')], { encoding: 'utf8' });

const hasTrailingWhitespace = (text: string) => /[ \t]$/m.test(text);

interface AgentRunResult {
  outcome: string;
  sessionId: string;
  source: string;
  checkpointId: string;
  rounds: Array<{ round: number; strategy: string; approvalId: string; outcome: string; by: string | null; comment: string | null }>;
  commit?: { id: string; parent?: string; root: string; message: string; author: string; files: string[] };
}

/** The checks every committed agent run passes: the commit is the session's last, on the
 * source whose baseline is the sample; the plan in the cache says approved; the code still runs. */
async function checkCommitted(client: AetherClient, result: AgentRunResult) {
  assert.equal(result.outcome, 'committed');
  const commit = result.commit!;
  const session = await client.workspace.get(result.sessionId);
  assert.equal(session.lastCommit, commit.id);
  assert.equal(session.root, commit.root, 'the commit holds the session tree as approved');
  assert.equal(session.source, 'agent-runner-sample');
  const [source] = (await client.workspace.sources()).filter((s) => s.name === 'agent-runner-sample');
  assert.equal(source?.headCommit, commit.parent, "a commit does not move the source's baseline");
  assert.match(commit.message, new RegExp(`Approved by ana \\(approval ${result.rounds.at(-1)!.approvalId}\\)`));
  const plan = await client.workspace.cache.get<{ status: string; round: number }>(result.sessionId, 'plan');
  assert.equal(plan.value.status, 'approved');
  assert.equal(plan.value.round, result.rounds.length);
  const events = (await client.workspace.events(result.sessionId, { limit: 1000 })).events.map((e) => e.kind);
  assert.equal(events.filter((k) => k === 'session.committed').length, 1);
  assert.equal(events.filter((k) => k === 'checkpoint.created').length, 1);
  assert.equal(events.filter((k) => k === 'session.restored').length, result.rounds.length - 1);
  const { dir, files } = await checkout(client, result.sessionId);
  assert.equal(files['npm-debug.log'], undefined, 'the stray log was deleted');
  assert.match(files['.editorconfig'] ?? '', /trim_trailing_whitespace = true/);
  assert.equal(runs(dir), SAMPLE_OUTPUT, 'the edited sample still runs and prints the same');
  return files;
}

test('agent-runner: approved with aether approve, the codemod is committed onto the source', { timeout: 180_000 }, async () => {
  const { server } = await startServer();
  const example = runExample('agent-runner', server);
  const client = aether({ serverUrl: server.url });
  try {
    const approval = await pendingApproval(server, 'codemod.apply');
    assert.match(approval.detail, /^### Codemod round 1 of 3: full/);
    assert.match(approval.detail, /-var PRECISION = 2\n\+const PRECISION = 2;/);
    assert.deepEqual(
      approval.evidence.map((e) => e.kind),
      ['session', 'checkpoint'],
    );
    assert.equal(approval.sessionId, approval.evidence[0]?.kind === 'session' ? approval.evidence[0].sessionId : '');
    // The starter says what to run.
    await example.line(new RegExp(`^  aether approve ${approval.id} --comment`));
    await decide(server, 'approve', approval.id, '--comment', 'ship it');

    const result = await finished<AgentRunResult>(example);
    assert.deepEqual(
      result.rounds.map((r) => [r.strategy, r.outcome, r.by, r.comment]),
      [['full', 'approved', 'ana', 'ship it']],
    );
    assert.ok(example.stdout.includes(`Committed ${result.commit?.id} onto agent-runner-sample: codemod (full): trailing-whitespace, var-to-let-const, semicolons`));
    const files = await checkCommitted(client, result);
    const math = files['src/math.js']!;
    assert.match(math, /^const PRECISION = 2;$/m);
    assert.match(math, /^ {2}let total = 0;$/m);
    assert.match(math, /for \(let i = 0; i < values.length; i\+\+\) \{$/m);
    assert.match(files['src/index.js']!, /^for \(const name in series\) \{$/m);
    assert.match(files['src/index.js']!, /^\};$/m);
    for (const path of ['src/math.js', 'src/format.js', 'src/index.js']) {
      assert.doesNotMatch(files[path]!, /\bvar\s/, path);
      assert.ok(!hasTrailingWhitespace(files[path]!), path);
    }
  } finally {
    await client.close();
    await example.kill();
    await server.kill();
  }
});

test('agent-runner: a denial restores the checkpoint and the next round is the conservative edit', { timeout: 180_000 }, async () => {
  const { server } = await startServer();
  const example = runExample('agent-runner', server);
  const client = aether({ serverUrl: server.url });
  try {
    const first = await pendingApproval(server, 'codemod.apply');
    await decide(server, 'deny', first.id, '--comment', 'too aggressive');
    const second = await pendingApproval(server, 'codemod.apply', [first.id]);
    assert.match(second.detail, /^### Codemod round 2 of 3: conservative/);
    assert.doesNotMatch(second.detail, /const PRECISION/);
    // The second round was made from the checkpoint: its evidence is the same checkpoint.
    assert.deepEqual(second.evidence[1], first.evidence[1]);
    await example.line(new RegExp(`^Approval ${second.id} \\(codemod.apply\\): Codemod round 2 of 3: conservative$`));
    await decide(server, 'approve', second.id, '--comment', 'formatting only, fine');

    const result = await finished<AgentRunResult>(example);
    assert.deepEqual(
      result.rounds.map((r) => [r.round, r.strategy, r.outcome, r.comment]),
      [
        [1, 'full', 'denied', 'too aggressive'],
        [2, 'conservative', 'approved', 'formatting only, fine'],
      ],
    );
    const files = await checkCommitted(client, result);
    // Semicolons and whitespace, but the declarations left as they were.
    assert.match(files['src/math.js']!, /^var PRECISION = 2;$/m);
    assert.match(files['src/format.js']!, /^ {2}var label = name.toUpperCase\(\);$/m);
    for (const path of ['src/math.js', 'src/format.js', 'src/index.js']) {
      assert.doesNotMatch(files[path]!, /\b(const|let)\s/, path);
      assert.ok(!hasTrailingWhitespace(files[path]!), path);
    }
  } finally {
    await client.close();
    await example.kill();
    await server.kill();
  }
});

test('agent-runner: three denials end the run cleanly, with the checkpoint restored and nothing committed', { timeout: 180_000 }, async () => {
  const { server } = await startServer();
  const example = runExample('agent-runner', server);
  const client = aether({ serverUrl: server.url });
  try {
    const seen: string[] = [];
    for (const strategy of ['full', 'conservative', 'whitespace-only']) {
      const approval = await pendingApproval(server, 'codemod.apply', seen);
      assert.match(approval.detail, new RegExp(`^### Codemod round ${seen.length + 1} of 3: ${strategy}`));
      seen.push(approval.id);
      await decide(server, 'deny', approval.id, '--comment', `no ${strategy}`);
    }
    const result = await finished<AgentRunResult>(example);
    assert.equal(result.outcome, 'gave-up');
    assert.equal(result.commit, undefined);
    assert.deepEqual(
      result.rounds.map((r) => [r.approvalId, r.outcome]),
      seen.map((id) => [id, 'denied']),
    );
    assert.ok(example.stdout.includes('Gave up after 3 rounds: the session is back at its checkpoint, nothing was committed.'));
    const session = await client.workspace.get(result.sessionId);
    assert.equal(session.lastCommit, session.baseCommit, 'nothing was committed after the baseline');
    const [checkpoint] = await client.workspace.checkpoints(result.sessionId);
    assert.equal(session.root, checkpoint?.root, 'the tree is the checkpoint\'s');
    const plan = await client.workspace.cache.get<{ status: string }>(result.sessionId, 'plan');
    assert.equal(plan.value.status, 'gave-up');
    const { files } = await checkout(client, result.sessionId);
    assert.match(files['src/math.js']!, /^var PRECISION = 2$/m, 'the code is as shipped');
  } finally {
    await client.close();
    await example.kill();
    await server.kill();
  }
});

test('agent-runner: the server is SIGKILLed while the run waits for approval; after a restart the approval commits', { timeout: 180_000 }, async () => {
  const started = await startServer();
  let server = started.server;
  const example = runExample('agent-runner', server);
  let client: AetherClient | undefined;
  try {
    const approval = await pendingApproval(server, 'codemod.apply');
    await example.line(new RegExp(`^  aether approve ${approval.id}`));
    await server.kill();
    server = await Server.start(started.args, started.port);
    // The wait was rebuilt from the log: the same approval, still pending.
    const again = await pendingApproval(server, 'codemod.apply');
    assert.equal(again.id, approval.id);
    assert.ok(example.running, `the example did not outlive the server:\n${example.output()}`);
    await decide(server, 'approve', approval.id, '--comment', 'after the restart');

    // The starter and its worker (one process, started before the kill) finish the run.
    const result = await finished<AgentRunResult>(example);
    assert.deepEqual(
      result.rounds.map((r) => [r.approvalId, r.outcome, r.comment]),
      [[approval.id, 'approved', 'after the restart']],
    );
    client = aether({ serverUrl: server.url });
    await checkCommitted(client, result);
    // Each workspace activity reached the session once: one batch, one commit, one event per call.
    const events = (await client.workspace.events(result.sessionId, { limit: 1000 })).events;
    assert.equal(events.filter((e) => e.kind === 'batch.applied').length, 1);
    assert.equal(events.filter((e) => e.kind === 'session.created').length, 1);
  } finally {
    await client?.close();
    await example.kill();
    await server.kill();
  }
});

interface ProposalsResult {
  outcome: string;
  baselineId: string;
  source: string;
  proposals: Array<{ index: number; strategy: string; sessionId: string; revision: number; files: string[]; annotations: string[] }>;
  asks: Array<{ approvalId: string; outcome: string; by: string | null; payload: unknown; problem?: string }>;
  winner?: number;
  merged?: string[];
  promotion?: { commitId: string; root: string };
  archived: string[];
}

/** The checks every promoted proposals run passes, for the winner `winner` (1: semicolons). */
async function checkPromoted(client: AetherClient, result: ProposalsResult, winner: number) {
  assert.equal(result.outcome, 'promoted');
  assert.equal(result.winner, winner);
  assert.deepEqual(
    result.proposals.map((p) => p.strategy),
    ['let-const', 'semicolons', 'whitespace'],
  );
  const [source] = (await client.workspace.sources()).filter((s) => s.name === 'proposals-sample');
  assert.equal(source?.headCommit, result.promotion?.commitId);
  const baseline = await client.workspace.get(result.baselineId);
  assert.equal(baseline.root, source?.root, "the merged baseline is the source's baseline");
  assert.equal(baseline.lastCommit, result.promotion?.commitId);
  assert.deepEqual(result.merged?.sort(), ['src/format.js', 'src/index.js', 'src/math.js']);
  // The winner's fork stays; the others are archived; each fork carries its annotations.
  for (const proposal of result.proposals) {
    const fork = await client.workspace.get(proposal.sessionId);
    assert.equal(fork.state, proposal.index === winner ? 'active' : 'archived', proposal.strategy);
    assert.equal(fork.parent?.sessionId, result.baselineId);
    const notes = await client.workspace.annotations(proposal.sessionId);
    assert.deepEqual(notes.map((n) => n.id).sort(), [...proposal.annotations].sort());
    assert.ok(notes.every((n) => n.author === `proposal-${proposal.index}`));
  }
  assert.deepEqual(
    [...result.archived].sort(),
    result.proposals.filter((p) => p.index !== winner).map((p) => p.sessionId).sort(),
  );
  // The three proposals ran as child workflows of the run.
  const workflowId = (await client.approvals.get(result.asks[0]!.approvalId)).workflowId;
  const children = (await client.list({ type: 'proposals-proposal' })).filter((w) => w.parentWorkflowId === workflowId);
  assert.equal(children.length, 3);
  assert.ok(children.every((c) => c.state === 'COMPLETED'));
  const { dir, files } = await checkout(client, result.baselineId);
  assert.equal(runs(dir), SAMPLE_OUTPUT, 'the promoted baseline still runs and prints the same');
  return files;
}

test('proposals: the approval payload picks the winner, merged and promoted; the other forks archived', { timeout: 180_000 }, async () => {
  const { server } = await startServer();
  const example = runExample('proposals', server);
  const client = aether({ serverUrl: server.url });
  try {
    const approval = await pendingApproval(server, 'proposal.choose');
    assert.match(approval.detail, /\| 1 \| semicolons \| 3 \|/);
    // The evidence: the baseline, each fork at its revision, and each fork's annotations.
    assert.deepEqual(
      approval.evidence.map((e) => e.kind),
      ['session', ...Array.from({ length: 3 }, () => ['session', 'annotation', 'annotation', 'annotation']).flat()],
    );
    await example.line(new RegExp(`^  aether approve ${approval.id} --payload`));
    await decide(server, 'approve', approval.id, '--payload', '{"winner":1}', '--comment', 'semicolons only');

    const result = await finished<ProposalsResult>(example);
    assert.deepEqual(
      result.asks.map((a) => [a.approvalId, a.outcome, a.payload, a.problem]),
      [[approval.id, 'approved', { winner: 1 }, undefined]],
    );
    const files = await checkPromoted(client, result, 1);
    // Only the semicolons: declarations and trailing whitespace as they were.
    assert.match(files['src/math.js']!, /^var PRECISION = 2;$/m);
    assert.match(files['src/math.js']!, /^function round\(value\) \{ {2}$/m);
    assert.match(files['src/index.js']!, /^\};$/m);
  } finally {
    await client.close();
    await example.kill();
    await server.kill();
  }
});

test('proposals: a decision without a valid winner asks again', { timeout: 180_000 }, async () => {
  const { server } = await startServer();
  const example = runExample('proposals', server);
  const client = aether({ serverUrl: server.url });
  try {
    const first = await pendingApproval(server, 'proposal.choose');
    await decide(server, 'approve', first.id, '--comment', 'no payload');
    const second = await pendingApproval(server, 'proposal.choose', [first.id]);
    assert.match(second.detail, /The previous decision picked nothing: the approval carried no \{"winner": <index>\} payload/);
    await decide(server, 'approve', second.id, '--payload', '{"winner":3}');
    const third = await pendingApproval(server, 'proposal.choose', [first.id, second.id]);
    assert.match(third.detail, /winner 3 is not one of 0\.\.2/);
    await decide(server, 'approve', third.id, '--payload', '{"winner":2}');

    const result = await finished<ProposalsResult>(example);
    assert.deepEqual(
      result.asks.map((a) => [a.approvalId, a.problem ?? null]),
      [
        [first.id, 'the approval carried no {"winner": <index>} payload'],
        [second.id, 'winner 3 is not one of 0..2'],
        [third.id, null],
      ],
    );
    const files = await checkPromoted(client, result, 2);
    assert.match(files['src/math.js']!, /^var PRECISION = 2$/m);
    assert.ok(!hasTrailingWhitespace(files['src/math.js']!));
  } finally {
    await client.close();
    await example.kill();
    await server.kill();
  }
});

test('proposals: without a valid choice in three asks nothing is merged and every fork is archived', { timeout: 180_000 }, async () => {
  const { server } = await startServer();
  const example = runExample('proposals', server);
  const client = aether({ serverUrl: server.url });
  try {
    const seen: string[] = [];
    for (let ask = 0; ask < 3; ask++) {
      const approval = await pendingApproval(server, 'proposal.choose', seen);
      seen.push(approval.id);
      await decide(server, 'deny', approval.id, '--comment', 'none of these');
    }
    const result = await finished<ProposalsResult>(example);
    assert.equal(result.outcome, 'no-choice');
    assert.equal(result.winner, undefined);
    assert.deepEqual(
      result.asks.map((a) => a.problem),
      ['the request was denied', 'the request was denied', 'the request was denied'],
    );
    assert.deepEqual([...result.archived].sort(), result.proposals.map((p) => p.sessionId).sort());
    for (const proposal of result.proposals) {
      assert.equal((await client.workspace.get(proposal.sessionId)).state, 'archived');
    }
    // The source's baseline is still the sample, as the run promoted it first.
    const baseline = await client.workspace.get(result.baselineId);
    const [source] = (await client.workspace.sources()).filter((s) => s.name === 'proposals-sample');
    assert.equal(source?.headCommit, baseline.baseCommit);
    assert.equal(source?.root, baseline.root);
    const { files } = await checkout(client, result.baselineId);
    assert.match(files['src/math.js']!, /^var PRECISION = 2$/m);
  } finally {
    await client.close();
    await example.kill();
    await server.kill();
  }
});

test('proposals: the server is SIGKILLed while the run waits for the choice; after a restart it is merged and promoted', { timeout: 180_000 }, async () => {
  const started = await startServer();
  let server = started.server;
  const example = runExample('proposals', server);
  let client: AetherClient | undefined;
  try {
    const approval = await pendingApproval(server, 'proposal.choose');
    await example.line(new RegExp(`^  aether approve ${approval.id}`));
    await server.kill();
    server = await Server.start(started.args, started.port);
    const again = await pendingApproval(server, 'proposal.choose');
    assert.equal(again.id, approval.id);
    assert.ok(example.running, `the example did not outlive the server:\n${example.output()}`);
    await decide(server, 'approve', approval.id, '--payload', '{"winner":0}', '--comment', 'after the restart');

    const result = await finished<ProposalsResult>(example);
    client = aether({ serverUrl: server.url });
    const files = await checkPromoted(client, result, 0);
    assert.match(files['src/math.js']!, /^const PRECISION = 2$/m);
    // The baseline was merged into once and promoted twice (the sample, then the winner).
    const events = (await client.workspace.events(result.baselineId, { limit: 1000 })).events.map((e) => e.kind);
    assert.equal(events.filter((k) => k === 'session.merged').length, 1);
    assert.equal(events.filter((k) => k === 'session.promoted').length, 2);
  } finally {
    await client?.close();
    await example.kill();
    await server.kill();
  }
});
