// The agent runner, end to end: a session from the sample repository shipped beside this file
// (sample/), its manifest, simple mutations, the plan in the cache and progress on the bus, a
// checkpoint, a codemod "agent" (src/agent.ts: where a model call goes), an approval, then a
// commit — or, on denial, the checkpoint restored and a more conservative edit, at most three
// rounds. From the repository's root:
//
//   cargo build -p aether && export PATH="$PWD/target/debug:$PATH"   # or: cargo install --path cli --locked
//   (cd sdks/typescript && npm install && npm run build)
//   aether serve                                       # in another shell (SQLite in ./data)
//   cd examples/agent-runner && npm install && npm run dev
//
// It prints the approval to decide and the commands for it; in another shell:
//
//   aether approval ID                                 # the diff and the evidence
//   aether approve ID --comment "looks good"           # commits the edit
//   aether deny ID --comment "too aggressive"          # restores the checkpoint, asks again
//
// and then what was committed. `AETHER_SERVER` overrides the server URL.

import { fileURLToPath } from 'node:url';

import { aether } from '@aetherframework.ai/sdk';

import { tarGz } from './archive.js';
import { waitShowingApprovals } from './watch.js';
import { defineAgentRunner } from './workflow.js';

const SOURCE = 'agent-runner-sample';
const MAX_ROUNDS = 3;

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233' });
const agentRunner = defineAgentRunner(client, 'agent-runner');

async function main() {
  await client.serve([agentRunner]);
  const sample = fileURLToPath(new URL('../sample', import.meta.url));
  const workflowId = await agentRunner.start({
    sampleTarGzBase64: tarGz(sample).toString('base64'),
    source: SOURCE,
    maxRounds: MAX_ROUNDS,
  });
  console.log(`Started agent-runner ${workflowId} on the sample in ${sample}`);

  const result = await waitShowingApprovals(
    () => agentRunner.result(workflowId),
    async () => (await client.approvals.list({ workflowId, state: 'pending' })).approvals,
    (approval) => {
      // The detail's first line says which round this is.
      console.log(`Approval ${approval.id} (${approval.reason}): ${approval.detail.split('\n')[0]?.replace(/^#+ /, '')}`);
      console.log(`  aether approval ${approval.id}`);
      console.log(`  aether approve ${approval.id} --comment "looks good"`);
      console.log(`  aether deny ${approval.id} --comment "too aggressive"`);
    },
  );

  for (const r of result.rounds) {
    const by = r.by ? ` by ${r.by}` : '';
    const comment = r.comment ? ` ("${r.comment}")` : '';
    console.log(`Round ${r.round} (${r.strategy}, ${r.linesChanged} lines): ${r.outcome}${by}${comment}`);
  }
  if (result.commit) {
    console.log(`Committed ${result.commit.id} onto ${result.source}: ${result.commit.message.split('\n')[0]}`);
    for (const file of result.commit.files) console.log(`  ${file}`);
  } else if (result.outcome === 'gave-up') {
    console.log(`Gave up after ${result.rounds.length} rounds: the session is back at its checkpoint, nothing was committed.`);
  } else {
    console.log('Nothing to do: the sample has no lint problems left.');
  }
  console.log(`Session ${result.sessionId}: aether session show ${result.sessionId}`);
  console.log(`Result: ${JSON.stringify(result)}`);
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
