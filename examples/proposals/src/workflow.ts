// Baseline plus forked proposals: the baseline stays as it is while each proposal is made in a
// fork of its own, by a child workflow, all at once; a reviewer compares them and picks one with
// a single approval; the winner is merged into the baseline, which is promoted to the source's
// new baseline, and the other forks are archived. Every `ctx.workspace` call is a built-in
// activity the engine runs and journals, so each change reaches its session exactly once.
//
// The agent, its rules and the sample come from the agent-runner example (../agent-runner).

import type { AetherClient, Evidence, WorkflowContext } from '@aetherframework.ai/sdk';

import {
  type SourceFile,
  type Strategy,
  describeEdits,
  fitDetail,
  isCode,
  linesChanged,
  proposeEdits,
} from '../../agent-runner/src/agent.js';

/** The most evidence links an approval may carry. */
const MAX_EVIDENCE = 64;

/** One proposal per strategy: each applies one of the agent's rules. */
export const PROPOSALS: Strategy[] = [
  {
    name: 'let-const',
    rules: ['var-to-let-const'],
    instructions: 'Replace var with const, or let where the variable is reassigned.',
  },
  {
    name: 'semicolons',
    rules: ['semicolons'],
    instructions: 'End every statement with a semicolon.',
  },
  {
    name: 'whitespace',
    rules: ['trailing-whitespace'],
    instructions: 'Remove trailing whitespace.',
  },
];

export interface ProposalInput {
  sessionId: string;
  index: number;
  strategy: Strategy;
}

export interface ProposalReport {
  index: number;
  strategy: string;
  sessionId: string;
  /** The fork's revision with the proposal applied. */
  revision: number;
  files: string[];
  linesChanged: number;
  /** The annotations that explain the proposal, one per changed file. */
  annotations: string[];
  /** The diff, in markdown, for the reviewer. */
  detail: string;
}

export interface ProposalsInput {
  /** The sample repository as a tar.gz archive, base64. */
  sampleTarGzBase64: string;
  /** The source whose baseline the sample becomes, and the winner after it. */
  source: string;
  /** How many times to ask for a valid choice before giving up. */
  maxAsks: number;
}

export interface Ask {
  approvalId: string;
  outcome: 'approved' | 'denied' | 'expired';
  by: string | null;
  payload: unknown;
  /** Why the decision did not pick a winner; absent when it did. */
  problem?: string;
}

export interface ProposalsResult {
  outcome: 'promoted' | 'no-choice';
  baselineId: string;
  source: string;
  /** The proposals, without their diffs (those went to the reviewer). */
  proposals: Array<Omit<ProposalReport, 'detail'>>;
  asks: Ask[];
  winner?: number;
  /** The paths the merge took from the winner. */
  merged?: string[];
  promotion?: { commitId: string; root: string };
  archived: string[];
}

/** The winner a decision names, or why it names none. */
function choice(outcome: string, payload: unknown, count: number): number | string {
  if (outcome !== 'approved') return `the request was ${outcome}`;
  const winner = (payload as { winner?: unknown } | null)?.winner;
  if (winner === undefined) return 'the approval carried no {"winner": <index>} payload';
  if (typeof winner !== 'number' || !Number.isInteger(winner) || winner < 0 || winner >= count) {
    return `winner ${JSON.stringify(winner)} is not one of 0..${count - 1}`;
  }
  return winner;
}

/** Defines the child workflow (one proposal in its fork) and the parent, under `prefix`. */
export function defineProposals(client: AetherClient, prefix: string) {
  const proposal = client.workflow(
    `${prefix}-proposal`,
    async (ctx: WorkflowContext, input: ProposalInput): Promise<ProposalReport> => {
      const ws = ctx.workspace;
      const { sessionId: sid, index, strategy } = input;
      const manifest = await ws.manifest(sid);
      const sources: SourceFile[] = [];
      for (const entry of manifest.entries.filter((e) => e.kind === 'file' && isCode(e.path))) {
        const file = await ws.read(sid, entry.path);
        sources.push({ path: entry.path, text: file.data.toString('utf8') });
      }
      // The agent (a deterministic codemod; see agent.ts for where a model goes), journaled.
      const edits = await ctx.activity('agent.propose', () => proposeEdits(sources, strategy), {
        retry: { maximumAttempts: 3 },
        startToCloseTimeout: 120_000,
      });
      let revision = manifest.revision;
      if (edits.length > 0) {
        const applied = await ws.batch(
          sid,
          edits.map((e) => ({ op: 'write' as const, path: e.path, content: e.after })),
        );
        revision = applied.revision;
      }
      // The evidence, where a reviewer reads code: a note on the lines each file changed.
      const annotations: string[] = [];
      for (const edit of edits) {
        const lines = edit.changes.map((c) => c.line);
        const note = await ws.annotate(sid, {
          path: edit.path,
          lineStart: Math.min(...lines),
          lineEnd: Math.max(...lines),
          author: `proposal-${index}`,
          body: `${strategy.name}: ${strategy.instructions} Changed lines ${lines.join(', ')}.`,
        });
        annotations.push(note.id);
      }
      await ws.publish(sid, 'progress', { phase: 'proposed', index, strategy: strategy.name, revision });
      return {
        index,
        strategy: strategy.name,
        sessionId: sid,
        revision,
        files: edits.map((e) => e.path),
        linesChanged: linesChanged(edits),
        annotations,
        detail: describeEdits(sources, edits),
      };
    },
  );

  const proposals = client.workflow(
    prefix,
    async (ctx: WorkflowContext, input: ProposalsInput): Promise<ProposalsResult> => {
      const ws = ctx.workspace;
      // The baseline: the shipped sample, promoted to the source's baseline.
      const baseline = await ws.create({
        from: { tarGz: Buffer.from(input.sampleTarGzBase64, 'base64') },
        labels: { example: 'proposals', role: 'baseline', workflow: ctx.workflowId },
      });
      const bid = baseline.id;
      await ws.promote(bid, { source: input.source, author: 'proposals' });

      // One fork per proposal, then one child workflow per fork, all running at once.
      const forks: string[] = [];
      for (const [index, strategy] of PROPOSALS.entries()) {
        const fork = await ws.fork(bid, {
          labels: { example: 'proposals', role: 'proposal', proposal: String(index), strategy: strategy.name },
        });
        forks.push(fork.id);
      }
      const reports = await Promise.all(
        PROPOSALS.map((strategy, index) => ctx.child(proposal, [{ sessionId: forks[index], index, strategy }])),
      );
      await ws.publish(bid, 'progress', { phase: 'proposals-ready', forks });

      const evidence: Evidence[] = [
        { kind: 'session', sessionId: bid, revision: baseline.revision },
        ...reports.flatMap((r): Evidence[] => [
          { kind: 'session', sessionId: r.sessionId, revision: r.revision },
          ...r.annotations.map((annotationId): Evidence => ({ kind: 'annotation', sessionId: r.sessionId, annotationId })),
        ]),
      ];
      const table = [
        '| winner | proposal | files | lines | fork |',
        '|---|---|---|---|---|',
        ...reports.map((r) => `| ${r.index} | ${r.strategy} | ${r.files.length} | ${r.linesChanged} | \`${r.sessionId}\` |`),
      ];
      const asks: Ask[] = [];
      const result = (
        outcome: ProposalsResult['outcome'],
        archived: string[],
        extra: Partial<ProposalsResult> = {},
      ): ProposalsResult => ({
        outcome,
        baselineId: bid,
        source: input.source,
        proposals: reports.map(({ detail: _diff, ...summary }) => summary),
        asks,
        archived,
        ...extra,
      });

      for (let ask = 1; ask <= input.maxAsks; ask++) {
        const previous = asks[asks.length - 1];
        const detail = [
          `### Pick the proposal to merge into \`${input.source}\` (ask ${ask} of ${input.maxAsks})`,
          '',
          `Approve with the payload \`{"winner": <index>}\`, e.g. \`aether approve ID --payload '{"winner": 1}'\`. ` +
            'An approval without a valid choice, or a denial, asks again.',
          ...(previous?.problem ? ['', `The previous decision picked nothing: ${previous.problem}.`] : []),
          '',
          ...table,
          '',
          ...reports.flatMap((r) => [`### ${r.index}: ${r.strategy}`, '', r.detail, '']),
        ].join('\n');
        const decision = await ctx.requestApproval({
          reason: 'proposal.choose',
          detail: fitDetail(detail),
          evidence: evidence.slice(0, MAX_EVIDENCE),
          session: bid,
        });
        const winner = choice(decision.outcome, decision.payload, reports.length);
        asks.push({
          approvalId: decision.approvalId,
          outcome: decision.outcome,
          by: decision.by,
          payload: decision.payload,
          ...(typeof winner === 'string' ? { problem: winner } : {}),
        });
        if (typeof winner === 'string') continue;

        // The winner goes into the baseline, which becomes the source's baseline.
        const merge = await ws.merge(bid, forks[winner]);
        const promotion = await ws.promote(bid, { author: decision.by ?? 'proposals' });
        const archived: string[] = [];
        for (const fork of forks.filter((_, i) => i !== winner)) {
          await ws.archive(fork);
          archived.push(fork);
        }
        await ws.publish(bid, 'progress', { phase: 'promoted', winner, commitId: promotion.commit.id });
        return result('promoted', archived, {
          winner,
          merged: merge.changed,
          promotion: { commitId: promotion.commit.id, root: promotion.source.root },
        });
      }
      // No valid choice in time: nothing merged, every fork retired.
      for (const fork of forks) await ws.archive(fork);
      return result('no-choice', forks);
    },
  );

  return { proposal, proposals };
}
