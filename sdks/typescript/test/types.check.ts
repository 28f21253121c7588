// Type-level tests: checked by `npm run typecheck` (tsc --noEmit), never run. Every line marked
// with an expect-error directive must fail to compile, or tsc reports the directive as unused.
import { aether } from '../src/index.js';

const client = aether({ serverUrl: 'http://localhost:7233' });

const greet = client.workflow('greet', async (ctx, name: string) => {
  const greeting = await ctx.step('create-greeting', async () => `Hello, ${name}!`);
  return { message: greeting };
});

const pair = client.workflow('pair', async (_ctx, a: number, b: boolean) => ({ a, b }));

export async function checks(): Promise<void> {
  const ok: { message: string } = await greet.startAndWait('World');
  void ok;
  const id: string = await greet.start('World');
  void id;

  // @ts-expect-error a number is not the string the workflow takes
  await greet.startAndWait(42);
  // @ts-expect-error the workflow takes one argument
  await greet.startAndWait();
  // @ts-expect-error the workflow takes one argument
  await greet.start('a', 'b');

  const result = await greet.startAndWait('World');
  // @ts-expect-error the result has no such field
  result.mesage.toUpperCase();
  // @ts-expect-error the message is a string, not a number
  const n: number = result.message;
  void n;

  await pair.startAndWait(1, true);
  // @ts-expect-error arguments in the wrong order
  await pair.startAndWait(true, 1);

  await client.workflow('parent', async (ctx) => {
    const child: { message: string } = await ctx.child(greet, ['x']);
    // @ts-expect-error the child takes a string
    await ctx.child(greet, [1]);
    // @ts-expect-error sleep takes a duration object
    await ctx.sleep(1000);
    return child.message;
  }).startAndWait();
}
