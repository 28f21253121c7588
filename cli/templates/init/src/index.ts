import { aether } from '@aetherframework.ai/sdk';

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233' });

// A workflow: each step's result is journaled, so after a crash the workflow resumes without
// running finished steps again.
const welcome = client.workflow('{{name}}-welcome', async (ctx, user: string) => {
  const account = await ctx.step('create-account', async () => {
    return { user, id: `acct-${user.toLowerCase()}` };
  });
  await ctx.sleep({ seconds: 1 });
  const email = await ctx.activity(
    'send-welcome-email',
    async () => `Welcome aboard, ${user}! Your account is ${account.id}.`,
    { retry: { maximumAttempts: 3 } },
  );
  return { account: account.id, email };
});

async function main() {
  await client.serve([welcome]);
  const result = await welcome.startAndWait('Ada');
  console.log(result.email);
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
