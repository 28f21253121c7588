// Concurrent steps: a batch workflow that processes several orders at once, each as a run of
// the process-order workflow, with results in input order. With `aether serve` running:
//
//   cd examples/parallel && npm install && npm run dev
//
// Prints the batch's result.
import { aether } from '@aetherframework.ai/sdk';

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233' });

const processOrder = client.workflow('process-order', async (ctx, orderId: string) => {
  const charged = await ctx.step('charge', async () => ({ orderId, amount: 10 * orderId.length }));
  return { orderId, charged: charged.amount, status: 'processed' };
});

const batchProcess = client.workflow('batch-process', async (ctx, orders: string[]) => {
  // Execute multiple tasks in parallel
  const results = await ctx.parallel(orders.map((orderId) => () => processOrder.startAndWait(orderId)));
  return {
    processed: results.length,
    results,
  };
});

async function main() {
  await client.serve([processOrder, batchProcess]);
  const result = await batchProcess.startAndWait(['order-1', 'order-22', 'order-333']);
  console.log('Batch processed:', JSON.stringify(result, null, 2));
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
