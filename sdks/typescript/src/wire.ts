/**
 * The gRPC contract (proto/aether/v1), loaded at run time with @grpc/proto-loader, and the
 * TypeScript shapes of the messages this SDK uses. Field names are camelCase, enums are their
 * names as strings, 64-bit integers are numbers.
 */

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export interface WireFailure {
  message: string;
  errorType: string;
  stack: string;
  nonRetryable: boolean;
}

export interface WireRetryPolicy {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maxIntervalMs: number;
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

export interface WireWorkflowInfo {
  workflowId: string;
  workflowType: string;
  state: string;
  waitingOn: string;
  createdAtMs: number;
  updatedAtMs: number;
  closedAtMs: number;
  parentWorkflowId: string;
  input: Buffer;
  result: Buffer;
  failure: WireFailure | null;
  historyLength: number;
  workerId: string;
}

export interface WireHistoryEvent {
  seq: number;
  atMs: number;
  kind: string;
  position?: number;
  name: string;
  attempt: number;
  payload: Buffer;
  failure: WireFailure | null;
  fireAtMs: number;
  childWorkflowId: string;
  childState: string;
  reason: string;
}

export interface WireJournalEntry {
  position: number;
  name: string;
  kind: 'ENTRY_KIND_STEP' | 'ENTRY_KIND_TIMER' | 'ENTRY_KIND_CHILD' | 'ENTRY_KIND_UNSPECIFIED';
  status:
    | 'ENTRY_STATUS_WAITING'
    | 'ENTRY_STATUS_SUCCEEDED'
    | 'ENTRY_STATUS_FAILED'
    | 'ENTRY_STATUS_RETRY_READY'
    | 'ENTRY_STATUS_UNSPECIFIED';
  result: Buffer;
  failure: WireFailure | null;
  attempt: number;
  childWorkflowId: string;
}

export interface WireTask {
  taskToken: string;
  workflowId: string;
  workflowType: string;
  input: Buffer;
  journal: WireJournalEntry[];
}

export interface WireWorkerMessage {
  message?: 'task' | 'cancel';
  task?: WireTask | null;
  cancel?: { workflowId: string; taskToken: string; reason: string } | null;
}

export interface WireCommandResponse {
  directive: string;
  stopReason: string;
}

export interface WireCompleteStepResponse extends WireCommandResponse {
  outcome: string;
  retryAtMs: number;
  result: Buffer;
  failure: WireFailure | null;
}

/** Finds proto/ beside dist/ (the published package) or at the repository root (development). */
function protoRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, '..', 'proto'), // dist/ of the package
    join(here, '..', '..', 'proto'), // build/src/ of the compiled benchmark
    join(here, '..', '..', '..', 'proto'), // src/ in the repository
  ];
  for (const candidate of candidates) {
    if (existsSync(join(candidate, 'aether', 'v1', 'client.proto'))) {
      return candidate;
    }
  }
  throw new Error(`the Aether proto files were not found near ${here}`);
}

let services: grpc.GrpcObject | undefined;

function load(): grpc.GrpcObject {
  if (!services) {
    const definition = protoLoader.loadSync(
      ['aether/v1/client.proto', 'aether/v1/worker.proto', 'aether/v1/admin.proto', 'aether/v1/workspace.proto'],
      {
        includeDirs: [protoRoot()],
        keepCase: false,
        longs: Number,
        enums: String,
        defaults: true,
        oneofs: true,
      },
    );
    services = grpc.loadPackageDefinition(definition);
  }
  return services;
}

type ServiceConstructor = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => grpc.Client;

function service(name: string): ServiceConstructor {
  const v1 = (load()['aether'] as grpc.GrpcObject)['v1'] as grpc.GrpcObject;
  return v1[name] as unknown as ServiceConstructor;
}

/** The services of one server, sharing one connection. */
export interface Connection {
  client: grpc.Client;
  worker: grpc.Client;
  admin: grpc.Client;
  workspace: grpc.Client;
  close(): void;
}

const MAX_MESSAGE = 16 * 1024 * 1024;

export function connect(serverUrl: string): Connection {
  const url = new URL(serverUrl);
  const secure = url.protocol === 'https:';
  const target = `${url.hostname.replace(/^\[(.*)\]$/, '$1')}:${url.port || (secure ? '443' : '80')}`;
  const credentials = secure ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
  const options: grpc.ChannelOptions = {
    'grpc.max_receive_message_length': MAX_MESSAGE,
    'grpc.max_send_message_length': MAX_MESSAGE,
    // Retries are the SDK's own (withRetry), with knowledge of what is safe to repeat.
    'grpc.enable_retries': 0,
  };
  const client = new (service('ClientService'))(target, credentials, options);
  // The other services reuse the first client's channel: one connection per server.
  const channelOverride = client.getChannel();
  const worker = new (service('WorkerService'))(target, credentials, { ...options, channelOverride });
  const admin = new (service('AdminService'))(target, credentials, { ...options, channelOverride });
  const workspace = new (service('WorkspaceService'))(target, credentials, { ...options, channelOverride });
  return {
    client,
    worker,
    admin,
    workspace,
    close() {
      client.close();
    },
  };
}

/** Calls a unary method and resolves with its response. */
export function unary<Res>(
  client: grpc.Client,
  method: string,
  request: object,
  deadlineMs?: number,
): Promise<Res> {
  const fn = (client as unknown as Record<string, Function>)[method];
  if (typeof fn !== 'function') {
    return Promise.reject(new Error(`unknown RPC ${method}`));
  }
  const options: grpc.CallOptions = deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs };
  return new Promise<Res>((resolve, reject) => {
    fn.call(client, request, options, (error: grpc.ServiceError | null, response: Res) => {
      if (error) {
        reject(error);
      } else {
        resolve(response);
      }
    });
  });
}

/** Whether a failed call may succeed if repeated: the server is down or restarting. */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: number } | null)?.code;
  return (
    code === grpc.status.UNAVAILABLE ||
    code === grpc.status.UNKNOWN ||
    code === grpc.status.ABORTED ||
    code === grpc.status.CANCELLED ||
    code === grpc.status.DEADLINE_EXCEEDED
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Repeats a call while it fails transiently, backing off up to 2 s apart, for up to 10 min. */
export async function withRetry<T>(call: () => Promise<T>, giveUpAfterMs = 600_000): Promise<T> {
  const started = Date.now();
  let delay = 50;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error) || Date.now() - started > giveUpAfterMs) {
        throw error;
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 2000);
    }
  }
}

export function fromWireFailure(f: WireFailure | null | undefined): { message: string; type: string; stack?: string } {
  if (!f) {
    return { message: 'unknown failure', type: 'Error' };
  }
  return f.stack ? { message: f.message, type: f.errorType, stack: f.stack } : { message: f.message, type: f.errorType };
}

export function toWireFailure(f: { message: string; type: string; stack?: string; nonRetryable?: boolean }): WireFailure {
  return { message: f.message, errorType: f.type, stack: f.stack ?? '', nonRetryable: f.nonRetryable ?? false };
}

export function encode(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value === undefined ? null : value), 'utf8');
}

export function decode<T>(payload: Buffer | Uint8Array | null | undefined): T {
  if (!payload || payload.length === 0) {
    return undefined as T;
  }
  return JSON.parse(Buffer.from(payload).toString('utf8')) as T;
}
