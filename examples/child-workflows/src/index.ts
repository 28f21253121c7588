// Child workflows: a parent composes the results of the runs it starts with `ctx.child`, and
// handles the one that fails. With `aether serve` running:
//
//   cd examples/child-workflows && npm install && npm run dev
//
// `source-order` asks three suppliers for a quote at once, each as a `supplier-quote` child
// workflow. One supplier has nothing in stock: its child fails, and the parent gets a
// `ChildFailedError` with the child's failure, notes it and goes on with the others. It then
// picks the cheapest quote and reserves it with one more child, `reserve-stock`, started only
// once the quotes are in. Each child is a run of its own (`aether workflow list` shows them,
// with their parent) and the parent holds no worker slot while it waits for them.
//
// Prints each supplier's quote or why there is none, the chosen supplier with its reservation,
// and how the parent's children ended.
import { ChildFailedError, TerminalError, aether } from '@aetherframework.ai/sdk';

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233' });

interface Order {
  orderId: string;
  sku: string;
  quantity: number;
}

/** The suppliers' price lists, in cents; a supplier without the item has none in stock. */
const PRICES: Record<string, Record<string, number>> = {
  acme: { widget: 425 },
  globex: { widget: 395 },
  initech: {},
};

interface Quote {
  supplier: string;
  totalCents: number;
}

const supplierQuote = client.workflow('supplier-quote', async (ctx, supplier: string, order: Order): Promise<Quote> => {
  const unitCents = await ctx.step('fetch-price', async () => {
    const price = PRICES[supplier]?.[order.sku];
    if (price === undefined) {
      throw new TerminalError(`${supplier} has no ${order.sku} in stock`, { type: 'OutOfStock' });
    }
    return price;
  });
  return { supplier, totalCents: unitCents * order.quantity };
});

const reserveStock = client.workflow('reserve-stock', async (ctx, quote: Quote, order: Order) => {
  return ctx.step('reserve', async () => `RSV-${quote.supplier}-${order.orderId}`);
});

type QuoteOutcome = { ok: true; quote: Quote } | { ok: false; supplier: string; error: string };

const sourceOrder = client.workflow('source-order', async (ctx, order: Order, suppliers: string[]) => {
  // The children run at the same time. Each `ctx.child` takes its place in the journal when it
  // is called, so a replay finds every child where it was.
  const outcomes = await Promise.all(
    suppliers.map((supplier) =>
      ctx.child(supplierQuote, [supplier, order]).then(
        (quote): QuoteOutcome => ({ ok: true, quote }),
        (error: unknown): QuoteOutcome => {
          // A child that failed (or was cancelled) reaches the parent as a ChildFailedError
          // carrying the child's failure; anything else is a bug to fail the parent with.
          if (!(error instanceof ChildFailedError)) {
            throw error;
          }
          return { ok: false, supplier, error: `${error.failure.type}: ${error.failure.message}` };
        },
      ),
    ),
  );
  const quotes = outcomes.flatMap((o) => (o.ok ? [o.quote] : []));
  const best = quotes.reduce<Quote | undefined>((a, b) => (a === undefined || b.totalCents < a.totalCents ? b : a), undefined);
  if (best === undefined) {
    throw new TerminalError(`no supplier can deliver ${order.sku}`, { type: 'NoQuote' });
  }
  const reservation = await ctx.child(reserveStock, [best, order]);
  return { orderId: order.orderId, outcomes, chosen: best, reservation };
});

const euros = (cents: number) => (cents / 100).toFixed(2);

async function main() {
  await client.serve([supplierQuote, reserveStock, sourceOrder]);
  const order: Order = { orderId: 'order-7', sku: 'widget', quantity: 30 };
  const workflowId = await sourceOrder.start(order, ['acme', 'globex', 'initech']);
  const result = await sourceOrder.result(workflowId);

  console.log(`Quotes for ${result.orderId} (${order.quantity} x ${order.sku}):`);
  for (const outcome of result.outcomes) {
    console.log(
      outcome.ok
        ? `  ${outcome.quote.supplier}: ${euros(outcome.quote.totalCents)} EUR`
        : `  ${outcome.supplier}: no quote (${outcome.error})`,
    );
  }
  console.log(`Chosen: ${result.chosen.supplier} at ${euros(result.chosen.totalCents)} EUR, reservation ${result.reservation}`);

  // Every child is a workflow run of its own, linked to its parent.
  const listed = await Promise.all([client.list({ type: 'supplier-quote' }), client.list({ type: 'reserve-stock' })]);
  const children = listed.flat().filter((w) => w.parentWorkflowId === workflowId);
  const ended = (type: string, state: string) => children.filter((c) => c.workflowType === type && c.state === state).length;
  console.log(
    `Children of ${workflowId}: supplier-quote ${ended('supplier-quote', 'COMPLETED')} completed and ` +
      `${ended('supplier-quote', 'FAILED')} failed, reserve-stock ${ended('reserve-stock', 'COMPLETED')} completed`,
  );
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
