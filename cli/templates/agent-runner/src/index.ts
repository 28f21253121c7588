// The starter: serves the workflow, starts it on the files in sample/, shows each approval it
// asks for with the commands that decide it, and prints the result.
//
//   aether serve            # in one shell (or let this start it: aether must be on PATH)
//   npm install && npm run dev
//   aether approve ID --comment "looks good"     # in another shell: commits the edit
//   aether deny ID --comment "too aggressive"    # restores the checkpoint, asks again

import { aether } from '@aetherframework.ai/sdk';

import { runAgent } from './starter.js';
import { defineAgentRunner } from './workflow.js';

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233' });
const agentRunner = defineAgentRunner(client, '{{name}}');

async function main() {
  await runAgent(client, agentRunner, {
    sample: new URL('../sample', import.meta.url),
    source: '{{name}}-sample',
    maxRounds: 3,
  });
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
