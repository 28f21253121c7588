// The quickstart from the README. With `aether serve` running (or with `aether` on PATH, which
// client.serve() then starts for you):
//
//   cd examples/quickstart && npm install && npm run dev
//
// Prints "Hello, World!".
import { aether } from '@aetherframework.ai/sdk';

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233' });

// Define a simple workflow
const greet = client.workflow('greet', async (ctx, name: string) => {
  const greeting = await ctx.step('create-message', async () => {
    return `Hello, ${name}!`;
  });
  await ctx.step('log', async () => {
    console.error(`[worker] ${greeting}`);
  });
  return { message: greeting };
});

async function main() {
  // Register and serve
  await client.serve([greet]);
  // Run workflow
  const result = await greet.startAndWait('World');
  console.log(result.message); // "Hello, World!"
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
