// Baseline plus forked proposals: the sample repository of the agent-runner example becomes the
// baseline of a source; three child workflows each make a different edit in a fork of their
// own, at once, and annotate it; one approval picks the winner (its payload:
// `{"winner": <index>}`; a decision without a valid one asks again, at most three times); the
// winner is merged into the baseline and promoted to the source, the other forks archived.
// From the repository's root:
//
//   cargo build -p aether && export PATH="$PWD/target/debug:$PATH"   # or: cargo install --path cli --locked
//   (cd sdks/typescript && npm install && npm run build)
//   aether serve                                       # in another shell (SQLite in ./data)
//   cd examples/proposals && npm install && npm run dev
//
// It prints the approval and the proposals; in another shell:
//
//   aether approval ID                                 # the three diffs and the evidence
//   aether approve ID --payload '{"winner": 1}' --comment "semicolons only"
//
// and then the promoted baseline. `AETHER_SERVER` overrides the server URL.

import { fileURLToPath } from 'node:url';

import { aether } from '@aetherframework.ai/sdk';

import { tarGz } from '../../agent-runner/src/archive.js';
import { waitShowingApprovals } from '../../agent-runner/src/watch.js';
import { defineProposals } from './workflow.js';

const SOURCE = 'proposals-sample';
const MAX_ASKS = 3;

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233' });
const { proposal, proposals } = defineProposals(client, 'proposals');

async function main() {
  await client.serve([proposals, proposal]);
  const sample = fileURLToPath(new URL('../../agent-runner/sample', import.meta.url));
  const workflowId = await proposals.start({
    sampleTarGzBase64: tarGz(sample).toString('base64'),
    source: SOURCE,
    maxAsks: MAX_ASKS,
  });
  console.log(`Started proposals ${workflowId} on the sample in ${sample}`);

  const result = await waitShowingApprovals(
    () => proposals.result(workflowId),
    async () => (await client.approvals.list({ workflowId, state: 'pending' })).approvals,
    (approval) => {
      // The detail's first line says which ask this is; its table lists the proposals.
      console.log(`Approval ${approval.id} (${approval.reason}): ${approval.detail.split('\n')[0]?.replace(/^#+ /, '')}`);
      for (const row of approval.detail.split('\n').filter((l) => /^\| \d+ \|/.test(l))) console.log(`  ${row}`);
      console.log(`  aether approval ${approval.id}`);
      console.log(`  aether approve ${approval.id} --payload '{"winner": 1}' --comment "semicolons only"`);
    },
  );

  for (const ask of result.asks) {
    const by = ask.by ? ` by ${ask.by}` : '';
    console.log(`Approval ${ask.approvalId}: ${ask.outcome}${by}${ask.problem ? `, no choice (${ask.problem})` : ''}`);
  }
  if (result.outcome === 'promoted' && result.winner !== undefined && result.promotion) {
    const winner = result.proposals[result.winner];
    console.log(`Winner: ${result.winner} (${winner?.strategy}), merged ${result.merged?.join(', ')}`);
    console.log(`Promoted ${result.baselineId} to ${result.source}: commit ${result.promotion.commitId}, root ${result.promotion.root}`);
  } else {
    console.log(`No valid choice after ${result.asks.length} asks: nothing merged.`);
  }
  console.log(`Archived: ${result.archived.join(', ')}`);
  console.log(`Result: ${JSON.stringify(result)}`);
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
