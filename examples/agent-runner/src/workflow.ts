// The agent runner: one workflow, one session, the seed's phases in its order. Every
// `ctx.workspace` call is a built-in activity the engine runs and journals, so each change
// reaches the session exactly once, whatever crashes in between; the approval wait holds no
// worker and survives restarts of the server.

import type { AetherClient, Checkpoint, Session, WorkflowContext } from '@aetherframework.ai/sdk';

import {
  type FileEdit,
  type SourceFile,
  STRATEGIES,
  type Strategy,
  describeEdits,
  fitDetail,
  isCode,
  linesChanged,
  proposeEdits,
} from './agent.js';

export interface AgentRunInput {
  /** The sample repository as a tar.gz archive, base64. */
  sampleTarGzBase64: string;
  /** The source whose baseline is the sample, and onto which an approved edit is committed. */
  source: string;
  /** Approval rounds before giving up (each denial restores the checkpoint and tries a more
   * conservative edit). */
  maxRounds: number;
}

export interface RoundReport {
  round: number;
  strategy: string;
  approvalId: string;
  outcome: 'approved' | 'denied' | 'expired';
  by: string | null;
  comment: string | null;
  files: string[];
  linesChanged: number;
}

export interface AgentRunResult {
  outcome: 'committed' | 'gave-up' | 'nothing-to-do';
  sessionId: string;
  source: string;
  checkpointId: string;
  rounds: RoundReport[];
  /** What was committed, when something was. */
  commit?: { id: string; parent?: string; root: string; message: string; author: string; files: string[] };
}

/** The plan, kept in the session's cache: structured state another process can read (and
 * change only by compare-and-set). */
interface Plan {
  round: number;
  strategy: string;
  status: 'proposed' | 'awaiting-approval' | 'approved' | 'denied' | 'gave-up' | 'nothing-to-do';
  files: string[];
}

const EDITORCONFIG = `root = true

[*.js]
indent_style = space
indent_size = 2
trim_trailing_whitespace = true
insert_final_newline = true
`;

/** Defines the agent-runner workflow under `name` (its type). */
export function defineAgentRunner(client: AetherClient, name: string) {
  return client.workflow(name, async (ctx: WorkflowContext, input: AgentRunInput): Promise<AgentRunResult> => {
    const ws = ctx.workspace;
    const maxRounds = Math.max(1, Math.min(input.maxRounds, STRATEGIES.length));

    // 1. The session: the shipped sample, from its archive. One session for this task.
    const session: Session = await ws.create({
      from: { tarGz: Buffer.from(input.sampleTarGzBase64, 'base64') },
      labels: { example: 'agent-runner', workflow: ctx.workflowId },
    });
    const sid = session.id;
    // The sample becomes the source's baseline, so that the result can be committed onto it.
    const baseline = await ws.promote(sid, { source: input.source, author: 'agent-runner' });
    await ws.publish(sid, 'progress', { phase: 'session', sessionId: sid, baseline: baseline.commit.id });

    // 2. The manifest: what there is, before touching anything.
    const manifest = await ws.manifest(sid);
    const files = manifest.entries.filter((e) => e.kind === 'file');

    // 3. Simple mutations: drop stray logs, add the editor settings the codemod enforces.
    const logs = files.filter((e) => e.path.endsWith('.log')).map((e) => e.path);
    if (logs.length > 0) await ws.delete(sid, logs);
    await ws.write(sid, '.editorconfig', EDITORCONFIG);

    // 4. The code to work on, read through the engine (a replay sees exactly these bytes).
    const sources: SourceFile[] = [];
    for (const entry of files.filter((e) => isCode(e.path))) {
      const file = await ws.read(sid, entry.path);
      sources.push({ path: entry.path, text: file.data.toString('utf8') });
    }

    // 5. Structured state in the cache (created with ifVersion 0: only if absent), progress on the bus.
    let plan = await ws.cachePut<Plan>(
      sid,
      'plan',
      { round: 1, strategy: STRATEGIES[0].name, status: 'proposed', files: sources.map((s) => s.path) },
      { ifVersion: 0 },
    );
    const setPlan = async (change: Partial<Plan>) => {
      plan = await ws.cachePut<Plan>(sid, 'plan', { ...plan.value, ...change }, { ifVersion: plan.version });
    };
    await ws.publish(sid, 'progress', { phase: 'planned', files: sources.length });

    // 6. A checkpoint before the risky edit: a denial goes back to it.
    const checkpoint: Checkpoint = await ws.checkpoint(sid, { name: 'before-codemod' });
    await ws.publish(sid, 'progress', { phase: 'checkpoint', checkpointId: checkpoint.id });

    const rounds: RoundReport[] = [];
    const result = (outcome: AgentRunResult['outcome'], extra: Partial<AgentRunResult> = {}): AgentRunResult => ({
      outcome,
      sessionId: sid,
      source: input.source,
      checkpointId: checkpoint.id,
      rounds,
      ...extra,
    });

    for (let round = 1; round <= maxRounds; round++) {
      const strategy: Strategy = STRATEGIES[round - 1];
      // 7. The agent proposes; its answer is journaled (see agent.ts for where a model goes).
      const edits: FileEdit[] = await ctx.activity(`agent.propose.${round}`, () => proposeEdits(sources, strategy), {
        retry: { maximumAttempts: 3 },
        startToCloseTimeout: 120_000,
      });
      if (edits.length === 0) {
        await setPlan({ round, strategy: strategy.name, status: 'nothing-to-do' });
        return result('nothing-to-do');
      }
      const changed = edits.map((e) => e.path);
      const applied = await ws.batch(
        sid,
        edits.map((e) => ({ op: 'write' as const, path: e.path, content: e.after })),
      );
      await setPlan({ round, strategy: strategy.name, status: 'awaiting-approval', files: changed });
      await ws.publish(sid, 'progress', { phase: 'edited', round, strategy: strategy.name, revision: applied.revision });

      // 8. The approval: a machine-readable reason, the diff for a person, and the evidence:
      // the session at the edited revision and the checkpoint it would go back to.
      const next = round < maxRounds ? STRATEGIES[round] : undefined;
      const detail = [
        `### Codemod round ${round} of ${maxRounds}: ${strategy.name}`,
        '',
        strategy.instructions,
        '',
        `${linesChanged(edits)} lines in ${edits.length} files. Approve to commit onto source \`${input.source}\`; ` +
          (next
            ? `deny to restore checkpoint \`${checkpoint.name ?? checkpoint.id}\` and try round ${round + 1} (${next.name}).`
            : 'deny to restore the checkpoint and stop (this is the last round).'),
        '',
        describeEdits(sources, edits),
      ].join('\n');
      const decision = await ctx.requestApproval({
        reason: 'codemod.apply',
        detail: fitDetail(detail),
        evidence: [
          { kind: 'session', sessionId: sid, revision: applied.revision },
          { kind: 'checkpoint', sessionId: sid, checkpointId: checkpoint.id },
        ],
        session: sid,
      });
      rounds.push({
        round,
        strategy: strategy.name,
        approvalId: decision.approvalId,
        outcome: decision.outcome,
        by: decision.by,
        comment: decision.comment,
        files: changed,
        linesChanged: linesChanged(edits),
      });

      if (decision.outcome === 'approved') {
        // 9. Approved: the result becomes durable, as a commit on the source.
        await setPlan({ status: 'approved' });
        const by = decision.by ?? 'a reviewer';
        const commit = await ws.commit(sid, {
          message: `codemod (${strategy.name}): ${strategy.rules.join(', ')}\n\nApproved by ${by} (approval ${decision.approvalId}).`,
          author: 'agent-runner',
        });
        await ws.publish(sid, 'progress', { phase: 'committed', commitId: commit.id });
        return result('committed', {
          commit: {
            id: commit.id,
            ...(commit.parent === undefined ? {} : { parent: commit.parent }),
            root: commit.root,
            message: commit.message,
            author: commit.author,
            files: [...logs.map((l) => `${l} (deleted)`), '.editorconfig', ...changed],
          },
        });
      }
      // Denied (or expired): a normal branch. Back to the checkpoint, then a more careful edit.
      await ws.restore(sid, checkpoint.id);
      await setPlan({ status: 'denied' });
      await ws.publish(sid, 'progress', { phase: 'restored', round, outcome: decision.outcome });
    }
    await setPlan({ status: 'gave-up' });
    return result('gave-up');
  });
}
