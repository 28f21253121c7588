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

import { aether } from '@aetherframework.ai/sdk';

import { runAgent } from './starter.js';
import { defineAgentRunner } from './workflow.js';

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233' });
const agentRunner = defineAgentRunner(client, 'agent-runner');

async function main() {
  const result = await runAgent(client, agentRunner, {
    sample: new URL('../sample', import.meta.url),
    source: 'agent-runner-sample',
    maxRounds: 3,
  });
  console.log(`Result: ${JSON.stringify(result)}`);
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
