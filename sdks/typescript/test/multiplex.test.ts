// The multiplexed stream on its own, against a stand-in for grpc-js's duplex call: the requests
// of one event-loop turn travel as one message, the replies of one message each find their
// request, and a break fails exactly what was made for the stream that broke.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';

import * as grpc from '@grpc/grpc-js';

import { Multiplexed, type MultiplexedReply } from '../src/multiplex.js';

interface Request {
  id: number;
  text: string;
}

interface Reply extends MultiplexedReply {
  echo?: string;
}

/** What the fake call saw written: one entry per message, each the requests it carried. */
class FakeCall extends EventEmitter {
  readonly messages: Request[][] = [];
  ended = false;

  write(message: { requests: Request[] }): boolean {
    this.messages.push(message.requests);
    return true;
  }

  end(): void {
    this.ended = true;
  }

  cancel(): void {}

  answer(replies: Reply[]): void {
    this.emit('data', { replies });
  }
}

function channel() {
  const calls: FakeCall[] = [];
  const stream = new Multiplexed<Request, Reply, { requests: Request[] }, { replies: Reply[] }>(
    {
      open: () => {
        const call = new FakeCall();
        calls.push(call);
        return call as unknown as grpc.ClientDuplexStream<{ requests: Request[] }, { replies: Reply[] }>;
      },
      pack: (requests) => ({ requests }),
      unpack: (message) => message.replies,
    },
    60_000,
    'the test stream',
  );
  const send = (text: string) =>
    stream.send(
      (id) => ({ id, text }),
      (reply) => reply.echo,
    );
  return { calls, stream, send };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The gRPC code a settled call was rejected with. */
function rejectedWith(outcome: PromiseSettledResult<unknown> | undefined): unknown {
  if (outcome?.status !== 'rejected') assert.fail(`expected a rejection, got ${JSON.stringify(outcome)}`);
  const reason: unknown = outcome.reason;
  return (reason as { code?: unknown }).code;
}

test('the requests of one turn go as one message, and each reply of a message finds its request', async () => {
  const { calls, stream, send } = channel();
  const sent = [send('a'), send('b'), send('c')];
  await nextTurn();
  assert.equal(calls.length, 1);
  const call = calls[0]!;
  assert.deepEqual(
    call.messages.map((message) => message.map((r) => r.text)),
    [['a', 'b', 'c']],
  );
  const [a, b, c] = call.messages[0]!;
  // Out of order, one refused: each caller gets its own answer.
  call.answer([
    { id: c!.id, reply: 'echo', echo: 'C' },
    { id: a!.id, reply: 'error', error: { code: grpc.status.NOT_FOUND, message: 'no such thing' } },
    { id: b!.id, reply: 'echo', echo: 'B' },
  ]);
  const [first, second, third] = await Promise.allSettled(sent);
  assert.equal(rejectedWith(first), grpc.status.NOT_FOUND);
  assert.deepEqual([second, third], [
    { status: 'fulfilled', value: 'B' },
    { status: 'fulfilled', value: 'C' },
  ]);
  assert.equal(stream.inFlight, 0);

  // A later turn's request is a message of its own on the same stream.
  const later = send('d');
  await nextTurn();
  assert.equal(calls.length, 1);
  assert.deepEqual(call.messages[1]!.map((r) => r.text), ['d']);
  call.answer([{ id: call.messages[1]![0]!.id, reply: 'echo', echo: 'D' }]);
  assert.equal(await later, 'D');
});

test('a break fails what was made for the broken stream, sent or not, and the next request opens a new one', async () => {
  const { calls, send } = channel();
  const sentBefore = send('sent');
  await nextTurn();
  const queued = send('queued');
  // The stream breaks before the turn that would send `queued` ends.
  calls[0]!.emit('error', Object.assign(new Error('connection reset'), { code: grpc.status.UNAVAILABLE }));
  for (const outcome of await Promise.allSettled([sentBefore, queued])) {
    assert.equal(rejectedWith(outcome), grpc.status.UNAVAILABLE);
  }
  await nextTurn();
  assert.equal(calls[0]!.messages.length, 1, 'nothing more was written to the broken stream');

  const after = send('after');
  await nextTurn();
  assert.equal(calls.length, 2);
  assert.deepEqual(calls[1]!.messages.map((message) => message.map((r) => r.text)), [['after']]);
  calls[1]!.answer([{ id: calls[1]!.messages[0]![0]!.id, reply: 'echo', echo: 'AFTER' }]);
  assert.equal(await after, 'AFTER');
});
