/**
 * `client.approvals`: lists, reads and decides approvals over the server's `ApprovalService`,
 * and requests one about a session outside any workflow.
 *
 * ```ts
 * const { approvals } = await client.approvals.list({ state: 'pending' });
 * for (const a of approvals) {
 *   await client.approvals.approve(a.id, { by: 'ana', comment: 'ship it' });
 * }
 * ```
 *
 * A decision is not retried by the SDK: the server's ABORTED means "already decided", which a
 * repeat would only meet again, so it becomes an {@link ApprovalConflictError} at once.
 */

import * as grpc from '@grpc/grpc-js';

import { toJson } from '../codec.js';
import { ApprovalConflictError, isServiceError, toApprovalError, toWorkspaceError } from '../errors.js';
import type { ApprovalServiceClient } from '../generated/aether/v1/ApprovalService.js';
import { type Connection, unary } from '../transport.js';
import type { Approval, ApprovalsClient, DecideOptions } from './types.js';
import { WIRE_OUTCOMES, WIRE_STATES, toApproval, toWireRequest } from './wire.js';

type Service = ApprovalServiceClient;

export function approvalsClient(connection: Connection): ApprovalsClient {
  const service: Service = connection.approvals;

  async function get(approvalId: string): Promise<Approval> {
    try {
      return toApproval(await unary(service, 'getApproval', { approvalId }));
    } catch (error) {
      throw toApprovalError(error, approvalId);
    }
  }

  async function decide(approvalId: string, outcome: keyof typeof WIRE_OUTCOMES, options: DecideOptions): Promise<Approval> {
    const { by, comment, payload } = options;
    const request = {
      approvalId,
      outcome: WIRE_OUTCOMES[outcome],
      by,
      comment,
      payloadJson: payload === undefined ? undefined : toJson(payload),
    };
    try {
      return toApproval(await unary(service, 'decideApproval', request));
    } catch (error) {
      // The server keeps its status details short; the approval as it stands is one read away.
      if (isServiceError(error) && error.code === grpc.status.ABORTED) {
        const current = await get(approvalId);
        throw new ApprovalConflictError(current, error.details || error.message, { cause: error });
      }
      throw toApprovalError(error, approvalId);
    }
  }

  return {
    async list(filter = {}) {
      const { state, workflowId, sessionId, reason, cursor, limit } = filter;
      const request = {
        state: state === undefined ? undefined : WIRE_STATES[state],
        workflowId,
        sessionId,
        reason,
        cursor,
        limit,
      };
      let page;
      try {
        page = await unary(service, 'listApprovals', request);
      } catch (error) {
        throw toApprovalError(error);
      }
      const approvals = page.approvals.map(toApproval);
      return page.nextCursor ? { approvals, nextCursor: page.nextCursor } : { approvals };
    },

    get,

    approve: (approvalId, options = {}) => decide(approvalId, 'approved', options),

    deny: (approvalId, options = {}) => decide(approvalId, 'denied', options),

    async requestForSession(sessionId, request) {
      const wire = { sessionId, request: toWireRequest(request, sessionId) };
      try {
        return toApproval(await unary(service, 'requestSessionApproval', wire));
      } catch (error) {
        throw toWorkspaceError(error);
      }
    },
  };
}
