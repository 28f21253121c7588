/**
 * Payloads and failures as they cross the wire: workflow and step values are JSON in bytes,
 * workspace values JSON in strings, failures a `Failure` message. Data from the network that
 * does not parse fails with a {@link ProtocolError}, never a bare `SyntaxError`.
 */

import { ProtocolError, type TimeoutKind } from './errors.js';
import type { Failure } from './generated/aether/v1/Failure.js';

export function encode(value: unknown): Buffer {
  return Buffer.from(toJson(value), 'utf8');
}

/** A JSON payload's value; `undefined` for an empty payload. */
export function decode<T>(payload: Uint8Array | null | undefined): T {
  if (!payload || payload.length === 0) {
    return undefined as T;
  }
  return parseJson<T>(Buffer.from(payload).toString('utf8'), 'a payload');
}

export function toJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

/** The value of JSON text from the server (`what` names it in the error); `null` for ''. */
export function parseJson<T>(text: string, what: string): T {
  if (text === '') {
    return null as T;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ProtocolError(`the server sent ${what} that is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** A message field the server always sets, or a {@link ProtocolError} naming it. */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) {
    throw new ProtocolError(`the server's reply has no ${what}`);
  }
  return value;
}

const TIMEOUT_KINDS: ReadonlySet<string> = new Set<TimeoutKind>([
  'heartbeat',
  'start_to_close',
  'schedule_to_start',
  'schedule_to_close',
  'execution',
]);

export function fromWireFailure(f: Failure | null | undefined): {
  message: string;
  type: string;
  stack?: string;
  timeout?: TimeoutKind;
} {
  if (!f) {
    return { message: 'unknown failure', type: 'Error' };
  }
  const out: { message: string; type: string; stack?: string; timeout?: TimeoutKind } = {
    message: f.message ?? '',
    type: f.errorType ?? '',
  };
  if (f.stack) out.stack = f.stack;
  // A kind this SDK does not know (a newer engine's) is left out.
  if (f.timeout && TIMEOUT_KINDS.has(f.timeout)) out.timeout = f.timeout as TimeoutKind;
  return out;
}

export function toWireFailure(f: { message: string; type: string; stack?: string; nonRetryable?: boolean }): Failure {
  return { message: f.message, errorType: f.type, stack: f.stack ?? '', nonRetryable: f.nonRetryable ?? false };
}
