// Error handling: retry policies, an error no policy retries, and a failed step undone by
// compensation (a saga). With `aether serve` running:
//
//   cd examples/error-handling && npm install && npm run dev
//
// Books three trips, one after the other, each a run of the `book-trip` workflow:
// - trip-1 is booked. The flight service fails twice: the engine retries `reserve-flight` by its
//   retry policy (100 ms, then 200 ms later, as durable timers) and the third attempt succeeds.
// - trip-2 is cancelled. Its card is declined, and `CardDeclinedError` is one of the policy's
//   `nonRetryableErrorTypes`, so `charge-card` fails on its first attempt. The workflow catches
//   the failure and undoes what it had booked, the latest first: cancel-hotel, cancel-flight.
// - trip-3 fails. It has no travellers: `validate-trip` throws a `TerminalError`, which no policy
//   retries, and the workflow does not catch it, so the run fails with the error's type.
// For each trip it prints the outcome, every attempt of every step as the run's history records
// it, and the command that shows that history (`aether history ID`); then a summary line.
import {
  type RetryPolicy,
  StepFailedError,
  TerminalError,
  WorkflowFailedError,
  aether,
} from '@aetherframework.ai/sdk';

const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233' });

interface Trip {
  tripId: string;
  travellers: number;
  card: string;
}

type Booking =
  | { status: 'booked'; flight: string; hotel: string; payment: string }
  | { status: 'cancelled'; reason: string; undone: string[] };

/** The payment provider refused the card: asking again cannot change its answer. */
class CardDeclinedError extends Error {
  override name = 'CardDeclinedError';
}

// The engine waits 100 ms before the second attempt, twice as long before each next one, and
// gives up after 5 attempts. An error whose type (its `name`) is listed fails at once.
const retry: RetryPolicy = {
  initialInterval: 100,
  backoffCoefficient: 2,
  maximumAttempts: 5,
  nonRetryableErrorTypes: ['CardDeclinedError'],
};

const bookTrip = client.workflow('book-trip', async (ctx, trip: Trip): Promise<Booking> => {
  await ctx.activity(
    'validate-trip',
    async () => {
      if (trip.travellers < 1) {
        // Bad input stays bad: a TerminalError is never retried, whatever the policy says.
        throw new TerminalError('a trip needs at least one traveller', { type: 'InvalidTrip' });
      }
      return true;
    },
    { retry },
  );

  // What to run, the latest first, to undo the steps that succeeded if a later one fails.
  const compensations: Array<{ name: string; undo: () => Promise<unknown> }> = [];

  const flight = await ctx.activity(
    'reserve-flight',
    async ({ attempt }) => {
      // A flaky service: down for the first two attempts. `attempt` comes from the engine, so
      // this holds across worker restarts too.
      if (attempt < 3) {
        throw new Error(`flight service unavailable (attempt ${attempt})`);
      }
      return `FL-${trip.tripId}`;
    },
    { retry },
  );
  compensations.unshift({ name: 'cancel-flight', undo: () => ctx.activity('cancel-flight', async () => flight, { retry }) });

  const hotel = await ctx.activity('reserve-hotel', async () => `HT-${trip.tripId}`, { retry });
  compensations.unshift({ name: 'cancel-hotel', undo: () => ctx.activity('cancel-hotel', async () => hotel, { retry }) });

  try {
    const payment = await ctx.activity(
      'charge-card',
      async () => {
        if (trip.card === 'declined') {
          throw new CardDeclinedError(`card of ${trip.tripId} declined by the issuer`);
        }
        return `PAY-${trip.tripId}`;
      },
      { retry },
    );
    return { status: 'booked', flight, hotel, payment };
  } catch (error) {
    // A step that failed for good (retries exhausted, or an error not to retry) reaches the
    // workflow as a StepFailedError carrying the recorded failure.
    if (!(error instanceof StepFailedError)) {
      throw error;
    }
    // Each compensation is a journaled activity of its own: a crash half-way through the undo
    // resumes it without cancelling anything twice.
    for (const compensation of compensations) {
      await compensation.undo();
    }
    return {
      status: 'cancelled',
      reason: `${error.failure.type}: ${error.message}`,
      undone: compensations.map((c) => c.name),
    };
  }
});

/** Every attempt of every step of the run, from its history. */
async function attempts(workflowId: string): Promise<string[]> {
  const history = await client.history(workflowId);
  return history
    .filter((h) => h.action === 'step_completed' || h.action === 'step_failed')
    .map((h) =>
      h.action === 'step_completed'
        ? `${h.name} attempt ${h.attempt}: completed`
        : `${h.name} attempt ${h.attempt}: failed (${h.failure?.type ?? 'Error'}: ${h.failure?.message ?? ''})`,
    );
}

async function main() {
  await client.serve([bookTrip]);
  const trips: Trip[] = [
    { tripId: 'trip-1', travellers: 2, card: 'valid' },
    { tripId: 'trip-2', travellers: 1, card: 'declined' },
    { tripId: 'trip-3', travellers: 0, card: 'valid' },
  ];
  const outcomes = { booked: 0, cancelled: 0, failed: 0 };
  for (const trip of trips) {
    const workflowId = await bookTrip.start(trip);
    try {
      const booking = await bookTrip.result(workflowId);
      outcomes[booking.status]++;
      console.log(
        booking.status === 'booked'
          ? `${trip.tripId}: booked flight ${booking.flight}, hotel ${booking.hotel}, payment ${booking.payment}`
          : `${trip.tripId}: cancelled (${booking.reason}); undone: ${booking.undone.join(', ')}`,
      );
    } catch (error) {
      if (!(error instanceof WorkflowFailedError)) {
        throw error;
      }
      outcomes.failed++;
      console.log(`${trip.tripId}: failed (${error.failure.type}: ${error.failure.message})`);
    }
    for (const line of await attempts(workflowId)) {
      console.log(`  ${line}`);
    }
    console.log(`  history: aether history ${workflowId}`);
  }
  console.log(`Summary: ${outcomes.booked} booked, ${outcomes.cancelled} cancelled and compensated, ${outcomes.failed} failed`);
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
