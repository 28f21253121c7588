// What the starter does once the workflow is defined: serves it, starts it on a directory of
// files, shows each approval it asks for with the commands that decide it, waits for the result
// (through restarts of the server) and prints it.

import { fileURLToPath } from 'node:url';

import type { AetherClient } from '@aetherframework.ai/sdk';

import { tarGz } from './archive.js';
import { waitShowingApprovals } from './watch.js';
import type { AgentRunResult, defineAgentRunner } from './workflow.js';

export interface StartOptions {
  /** The directory of files the agent works on. */
  sample: URL;
  /** The source whose baseline they become, and onto which an approved edit is committed. */
  source: string;
  maxRounds: number;
}

export async function runAgent(
  client: AetherClient,
  agentRunner: ReturnType<typeof defineAgentRunner>,
  options: StartOptions,
): Promise<AgentRunResult> {
  await client.serve([agentRunner]);
  const sample = fileURLToPath(options.sample);
  const workflowId = await agentRunner.start({
    sampleTarGzBase64: tarGz(sample).toString('base64'),
    source: options.source,
    maxRounds: options.maxRounds,
  });
  console.log(`Started ${agentRunner.name} ${workflowId} on the files in ${sample}`);

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
    console.log('Nothing to do: the files have no lint problems left.');
  }
  console.log(`Session ${result.sessionId}: aether session show ${result.sessionId}`);
  return result;
}
