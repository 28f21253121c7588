// The starter: serves the workflow, starts it on the files in sample/, shows each approval it
// asks for with the commands that decide it, and prints the result.
//
//   aether serve            # in one shell (or let this start it: aether must be on PATH)
//   npm install && npm run dev
//   aether approve ID --comment "looks good"     # in another shell: commits the edit
//   aether deny ID --comment "too aggressive"    # restores the checkpoint, asks again

import { fileURLToPath } from 'node:url';

import { aether } from '@aetherframework.ai/sdk';

import { tarGz } from './archive.js';
import { waitShowingApprovals } from './watch.js';
import { defineAgentRunner } from './workflow.js';

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233' });
const agentRunner = defineAgentRunner(client, '{{name}}');

async function main() {
  await client.serve([agentRunner]);
  const sample = fileURLToPath(new URL('../sample', import.meta.url));
  const workflowId = await agentRunner.start({
    sampleTarGzBase64: tarGz(sample).toString('base64'),
    source: '{{name}}-sample',
    maxRounds: 3,
  });
  console.log(`Started {{name}} ${workflowId} on the files in ${sample}`);

  const result = await waitShowingApprovals(
    () => agentRunner.result(workflowId),
    async () => (await client.approvals.list({ workflowId, state: 'pending' })).approvals,
    (approval) => {
      console.log(`Approval ${approval.id} (${approval.reason}): ${approval.detail.split('\n')[0]?.replace(/^#+ /, '')}`);
      console.log(`  aether approval ${approval.id}`);
      console.log(`  aether approve ${approval.id} --comment "looks good"`);
      console.log(`  aether deny ${approval.id} --comment "too aggressive"`);
    },
  );

  for (const r of result.rounds) {
    console.log(`Round ${r.round} (${r.strategy}, ${r.linesChanged} lines): ${r.outcome}${r.by ? ` by ${r.by}` : ''}`);
  }
  if (result.commit) {
    console.log(`Committed ${result.commit.id} onto ${result.source}: ${result.commit.message.split('\n')[0]}`);
    for (const file of result.commit.files) console.log(`  ${file}`);
  } else {
    console.log(`Nothing committed (${result.outcome}).`);
  }
  console.log(`Session ${result.sessionId}: aether session show ${result.sessionId}`);
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
