/**
 * The worker's command stream: every report to the engine on one bidirectional stream
 * (`CommandBatches`, `multiplex.ts`), far cheaper than a call each. Calls caught by a break of the stream
 * fail as UNAVAILABLE, which callers retry (every command is idempotent).
 */

import { ProtocolError } from './errors.js';
import type { CommandBatch } from './generated/aether/v1/CommandBatch.js';
import type { CommandReply__Output } from './generated/aether/v1/CommandReply.js';
import type { CommandReplyBatch__Output } from './generated/aether/v1/CommandReplyBatch.js';
import type { CommandRequest } from './generated/aether/v1/CommandRequest.js';
import type { WorkerServiceClient } from './generated/aether/v1/WorkerService.js';
import { Multiplexed } from './multiplex.js';

/** A command, by its field in `CommandRequest`. */
export type CommandKind = NonNullable<CommandRequest['command']>;

/** Which field of `CommandReply` answers each command. */
const REPLY_FIELD = {
  completeStep: 'completeStep',
  scheduleTimer: 'command',
  startChild: 'startChild',
  suspendTask: 'command',
  completeWorkflow: 'command',
  waitForSignal: 'waitForSignal',
  requestApproval: 'approvalWait',
  waitForApproval: 'approvalWait',
  workspaceActivity: 'workspaceActivity',
  startActivity: 'command',
  recordHeartbeat: 'command',
} as const satisfies Record<CommandKind, NonNullable<CommandReply__Output['reply']>>;

export type CommandRequestOf<K extends CommandKind> = NonNullable<CommandRequest[K]>;
export type CommandReplyOf<K extends CommandKind> = NonNullable<CommandReply__Output[(typeof REPLY_FIELD)[K]]>;

/** A reply slower than this means the stream died unnoticed: give up on it and retry. */
const REPLY_TIMEOUT_MS = 15_000;

export class CommandChannel {
  private readonly stream: Multiplexed<CommandRequest, CommandReply__Output, CommandBatch, CommandReplyBatch__Output>;

  constructor(client: WorkerServiceClient) {
    this.stream = new Multiplexed(
      { open: () => client.commandBatches(), pack: (commands): CommandBatch => ({ commands }), unpack: (message) => message.replies },
      REPLY_TIMEOUT_MS,
      'the command stream',
    );
  }

  call<K extends CommandKind>(kind: K, request: CommandRequestOf<K>): Promise<CommandReplyOf<K>> {
    const field = REPLY_FIELD[kind];
    return this.stream.send(
      (id) => {
        const message: CommandRequest = { id };
        message[kind] = request;
        return message;
      },
      (reply) => {
        const answer = reply[field];
        if (reply.reply === field && answer) return answer;
        throw new ProtocolError(`the engine answered ${kind} with ${reply.reply ?? 'an empty reply'}`);
      },
    );
  }

  close(): void {
    this.stream.close();
  }
}
