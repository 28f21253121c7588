// Conditional logic: a workflow that takes a different path depending on what its steps
// return. With `aether serve` running:
//
//   cd examples/conditional && npm install && npm run dev
//
// `approve-order` prices an order, then branches on the total:
// - up to 1000.00 EUR the order is approved automatically (`auto-approve`) and shipped;
// - over it, the customer's risk is scored first (`score-risk`) and the workflow branches again:
//   a low score sends the order to `finance-review`, which approves it, and it ships; a high
//   score rejects it (`reject-order`) and nothing ships.
// Three orders take the three paths, one after the other. The journal records which steps ran,
// so a replay takes the same branch: the branches depend only on the steps' recorded results.
// (An over-limit path could as well wait for a person: see `ctx.requestApproval` in the
// agent-runner example.)
//
// Prints, for each order, its total, the decision, and the steps its run took, from its history.
import { aether } from '@aetherframework.ai/sdk';

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233' });

/** Orders up to this total, in cents, need no review. */
const AUTO_APPROVAL_LIMIT_CENTS = 100_000;
/** A risk score from this one up rejects an order over the limit. */
const REJECT_FROM_RISK = 70;

interface Order {
  orderId: string;
  customer: string;
  lines: Array<{ sku: string; unitCents: number; quantity: number }>;
}

/** What the risk service knows of each customer: new customers score high. */
const RISK_SCORES: Record<string, number> = { 'acme-corp': 12, 'globex-inc': 35 };

interface Decision {
  orderId: string;
  totalCents: number;
  decision: 'auto-approved' | 'approved-by-finance' | 'rejected';
  riskScore?: number;
  shipment?: string;
}

const approveOrder = client.workflow('approve-order', async (ctx, order: Order): Promise<Decision> => {
  const totalCents = await ctx.step('price-order', async () =>
    order.lines.reduce((sum, line) => sum + line.unitCents * line.quantity, 0),
  );

  let decision: Decision['decision'];
  let riskScore: number | undefined;
  if (totalCents <= AUTO_APPROVAL_LIMIT_CENTS) {
    decision = await ctx.step('auto-approve', async () => 'auto-approved' as const);
  } else {
    riskScore = await ctx.step('score-risk', async () => RISK_SCORES[order.customer] ?? 90);
    if (riskScore >= REJECT_FROM_RISK) {
      await ctx.step('reject-order', async () => `rejected ${order.orderId}: risk ${riskScore}`);
      return { orderId: order.orderId, totalCents, decision: 'rejected', riskScore };
    }
    decision = await ctx.step('finance-review', async () => 'approved-by-finance' as const);
  }

  const shipment = await ctx.step('ship-order', async () => `SHP-${order.orderId}`);
  return { orderId: order.orderId, totalCents, decision, ...(riskScore === undefined ? {} : { riskScore }), shipment };
});

const euros = (cents: number) => (cents / 100).toFixed(2);

async function main() {
  await client.serve([approveOrder]);
  const orders: Order[] = [
    { orderId: 'order-1', customer: 'acme-corp', lines: [{ sku: 'widget', unitCents: 2_400, quantity: 10 }] },
    { orderId: 'order-2', customer: 'globex-inc', lines: [{ sku: 'gizmo', unitCents: 45_000, quantity: 4 }] },
    { orderId: 'order-3', customer: 'new-customer', lines: [{ sku: 'gizmo', unitCents: 45_000, quantity: 3 }] },
  ];
  for (const order of orders) {
    const workflowId = await approveOrder.start(order);
    const result = await approveOrder.result(workflowId);
    const risk = result.riskScore === undefined ? '' : ` (risk ${result.riskScore})`;
    const shipped = result.shipment === undefined ? 'not shipped' : `shipped as ${result.shipment}`;
    console.log(`${result.orderId}: ${euros(result.totalCents)} EUR, ${result.decision}${risk}, ${shipped}`);
    // The branch taken, as the run's history records it.
    const steps = (await client.history(workflowId)).filter((h) => h.action === 'step_completed').map((h) => h.name);
    console.log(`  steps: ${steps.join(' -> ')}`);
  }
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
