/**
 * The client's starts: each `StartWorkflow` (with its wait, for startAndWait) on one
 * `StartBatches` stream (`multiplex.ts`) instead of a unary call each, which made the call and its
 * HTTP/2 stream most of a client's CPU per workflow. A refused start fails as the unary call
 * would have. A start caught by a break of the stream fails as UNAVAILABLE and is not sent again:
 * without a workflow id it may or may not have happened, as with a unary call that broke.
 */

import { ProtocolError } from './errors.js';
import type { ClientServiceClient } from './generated/aether/v1/ClientService.js';
import type { StartWorkflowRequest } from './generated/aether/v1/StartWorkflowRequest.js';
import type { StartWorkflowResponse__Output } from './generated/aether/v1/StartWorkflowResponse.js';
import type { StartsBatch } from './generated/aether/v1/StartsBatch.js';
import type { StartsReply__Output } from './generated/aether/v1/StartsReply.js';
import type { StartsReplyBatch__Output } from './generated/aether/v1/StartsReplyBatch.js';
import type { StartsRequest } from './generated/aether/v1/StartsRequest.js';
import { Multiplexed } from './multiplex.js';
import { unary } from './transport.js';

/** The server's bound on the starts of one stream in progress (`STARTS_IN_FLIGHT` in
 * engine/server/src/grpc/client.rs): past it the server stops reading the stream, so a client
 * with more under way sends the rest as unary calls rather than queue them behind long waits. */
const STARTS_IN_FLIGHT = 256;

/** How much longer than its wait a start's reply may take before the stream counts as dead. */
const REPLY_GRACE_MS = 15_000;

export class StartChannel {
  private readonly stream: Multiplexed<StartsRequest, StartsReply__Output, StartsBatch, StartsReplyBatch__Output>;

  /** @param longestWaitMs the longest `waitMs` this client sends */
  constructor(
    private readonly client: ClientServiceClient,
    longestWaitMs: number,
  ) {
    this.stream = new Multiplexed(
      { open: () => client.startBatches(), pack: (starts): StartsBatch => ({ starts }), unpack: (message) => message.replies },
      longestWaitMs + REPLY_GRACE_MS,
      'the start stream',
      true,
    );
  }

  start(request: StartWorkflowRequest): Promise<StartWorkflowResponse__Output> {
    if (this.stream.inFlight >= STARTS_IN_FLIGHT) {
      return unary(this.client, 'startWorkflow', request);
    }
    return this.stream.send(
      (id) => ({ id, start: request }),
      (reply) => {
        if (reply.reply === 'started' && reply.started) return reply.started;
        throw new ProtocolError(`the engine answered a start with ${reply.reply ?? 'an empty reply'}`);
      },
    );
  }

  close(): void {
    this.stream.close();
  }
}
