// A realistic e-commerce workflow with inventory, payment and shipping. With `aether serve`
// running:
//
//   cd examples/order-processing && npm install && npm run dev
//
// Prints "Order processed:" and the order's result.
import { aether } from '@aetherframework.ai/sdk';

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233' });

const orderProcessing = client.workflow('order-processing', async (ctx, orderId: string) => {
  // Step 1: Check inventory
  const inventory = await ctx.step('check-inventory', async () => {
    return { available: true, items: 10 };
  });
  if (!inventory.available) {
    throw new Error('Inventory not available');
  }
  // Step 2: Reserve inventory
  await ctx.step('reserve-inventory', async () => {
    return { reserved: true };
  });
  // Step 3: Process payment
  const payment = await ctx.step('process-payment', async () => {
    return { transactionId: `tx-${Date.now()}`, status: 'completed' };
  });
  // Step 4: Ship order
  const shipping = await ctx.step('ship-order', async () => {
    return { trackingNumber: `TRK-${Date.now()}`, status: 'shipped' };
  });
  return {
    orderId,
    payment: payment.transactionId,
    tracking: shipping.trackingNumber,
    status: 'completed',
  };
});

async function main() {
  await client.serve([orderProcessing]);
  const result = await orderProcessing.startAndWait('order-123');
  console.log('Order processed:', result);
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
