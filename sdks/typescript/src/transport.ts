/**
 * The connection to a server: the gRPC contract (proto/aether/v1) loaded at run time with
 * @grpc/proto-loader and typed by the generated types in `./generated`, one channel shared by the
 * six services, and {@link unary} to call a unary method as a promise.
 *
 * It sets no message-size limit of its own: the server's one limit governs, and a message beyond
 * it fails with the server's OUT_OF_RANGE. Retries live in `retry.ts`, payload encoding in
 * `codec.ts`.
 */

import { existsSync, readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { dirname, join } from 'node:path';
import { checkServerIdentity } from 'node:tls';
import { fileURLToPath } from 'node:url';

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

import { ProtocolError, ServerUrlError } from './errors.js';
import type { ProtoGrpcType as AdminProto } from './generated/admin.js';
import type { AdminServiceClient } from './generated/aether/v1/AdminService.js';
import type { ApprovalServiceClient } from './generated/aether/v1/ApprovalService.js';
import type { ClientServiceClient } from './generated/aether/v1/ClientService.js';
import type { ScheduleServiceClient } from './generated/aether/v1/ScheduleService.js';
import type { WorkerServiceClient } from './generated/aether/v1/WorkerService.js';
import type { WorkspaceServiceClient } from './generated/aether/v1/WorkspaceService.js';
import type { ProtoGrpcType as ApprovalsProto } from './generated/approvals.js';
import type { ProtoGrpcType as ClientProto } from './generated/client.js';
import type { ProtoGrpcType as SchedulesProto } from './generated/schedules.js';
import type { ProtoGrpcType as WorkerProto } from './generated/worker.js';
import type { ProtoGrpcType as WorkspaceProto } from './generated/workspace.js';

/** How the messages look in JavaScript. `scripts/generate.mjs` passes the same options to the
 * type generator, so that the generated types describe what this loader really produces. */
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

const PROTO_FILES = ['client', 'worker', 'admin', 'workspace', 'approvals', 'schedules'].map((name) => `aether/v1/${name}.proto`);

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

type Protos = ClientProto & WorkerProto & AdminProto & WorkspaceProto & ApprovalsProto & SchedulesProto;

type Services = Protos['aether']['v1'];

let services: Services | undefined;

function load(): Services {
  if (!services) {
    const definition = protoLoader.loadSync(PROTO_FILES, { includeDirs: [protoRoot()], ...LOADER_OPTIONS });
    // The generated types describe what loadPackageDefinition builds from these files with these
    // options; its own return type is the untyped GrpcObject.
    const loaded = grpc.loadPackageDefinition(definition) as unknown as Protos;
    services = loaded.aether.v1;
  }
  return services;
}

/** The services of one server, sharing one connection. */
export interface Connection {
  client: ClientServiceClient;
  worker: WorkerServiceClient;
  admin: AdminServiceClient;
  workspace: WorkspaceServiceClient;
  approvals: ApprovalServiceClient;
  schedules: ScheduleServiceClient;
  close(): void;
}

/** Sends `authorization: Bearer KEY` with every call and stream of a client. (Call credentials
 * would do the same, but grpc-js refuses them on a plaintext channel, which a loopback server
 * is.) */
function bearer(apiKey: string): grpc.Interceptor {
  const value = `Bearer ${apiKey.trim()}`;
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', value);
        next(metadata, listener);
      },
    });
}

export interface TransportOptions {
  /** The API key sent with every call, for a server with `[[auth.keys]]`. */
  apiKey?: string;
  /** A PEM file of the certificate authorities to trust for an `https://` server, instead of
   * the system's roots. */
  caFile?: string;
}

/** Where a client connects, worked out from its `serverUrl`. */
export interface ServerTarget {
  /** The gRPC target: `host:port` for one URL, resolved by DNS; for a list, grpc-js's static
   * `ipv4:` / `ipv6:` target naming every node. */
  target: string;
  secure: boolean;
  /** A list's hosts as written (`localhost`, not the 127.0.0.1 it connects to): a node's
   * certificate must name one of them. */
  hosts?: string[];
  /** The URLs, for messages. */
  display: string;
}

interface ParsedUrl {
  raw: string;
  url: URL;
  secure: boolean;
  port: string;
}

function parseUrl(raw: string): ParsedUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ServerUrlError(`serverUrl ${JSON.stringify(raw)} is not a URL; write one like http://127.0.0.1:7233`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ServerUrlError(`serverUrl ${raw} must start with http:// or https://`);
  }
  const secure = url.protocol === 'https:';
  return { raw, url, secure, port: url.port || (secure ? '443' : '80') };
}

/** One node of a list as the static resolver takes it: an IP address of one family. */
function addressOf(parsed: ParsedUrl): { family: 4 | 6; address: string } {
  const host = parsed.url.hostname;
  if (host === 'localhost') return { family: 4, address: `127.0.0.1:${parsed.port}` };
  if (isIPv4(host)) return { family: 4, address: `${host}:${parsed.port}` };
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isIPv6(bare)) return { family: 6, address: `[${bare}]:${parsed.port}` };
  throw new ServerUrlError(
    `serverUrl lists several servers, and ${parsed.raw} names the host ${JSON.stringify(host)}: a list must give each ` +
      'node by IP address (e.g. http://10.0.0.5:7233, or localhost), so that the SDK can move between them. For nodes ' +
      'known by name, give one URL instead whose DNS name resolves to every node (the SDK connects to the first address ' +
      'that answers and moves on when it fails), or the URL of a load balancer in front of them.',
  );
}

/**
 * One URL: connected to as written. Several (nodes sharing one database): one channel over all
 * of them with grpc-js's default `pick_first` policy, which connects to the first node that
 * answers and, when that connection dies, to the next. Unary calls, the worker's task stream
 * and its command stream then move together, and the worker's re-registration (with the task
 * tokens it holds) lets the new node take its leases over. Only the static `ipv4:`/`ipv6:`
 * resolver takes a list, hence IP addresses of one family.
 */
export function serverTarget(serverUrl: string | readonly string[]): ServerTarget {
  const urls: readonly string[] = typeof serverUrl === 'string' ? [serverUrl] : serverUrl;
  const parsed = urls.map(parseUrl);
  const first = parsed[0];
  if (first === undefined) {
    throw new ServerUrlError('serverUrl lists no server; give at least one, e.g. http://localhost:7233');
  }
  if (parsed.length === 1) {
    const host = first.url.hostname.replace(/^\[(.*)\]$/, '$1');
    return { target: `${host}:${first.port}`, secure: first.secure, display: first.raw };
  }
  const display = urls.join(', ');
  const other = parsed.find((p) => p.secure !== first.secure);
  if (other) {
    throw new ServerUrlError(
      `serverUrl mixes http:// and https:// (${first.raw} and ${other.raw}): every node of a list must use the same scheme`,
    );
  }
  const addresses = parsed.map(addressOf);
  const family = addresses[0]?.family ?? 4;
  const mixed = addresses.findIndex((a) => a.family !== family);
  if (mixed >= 0) {
    throw new ServerUrlError(
      `serverUrl mixes IPv4 and IPv6 addresses (${first.raw} and ${parsed[mixed]?.raw ?? ''}; localhost counts as ` +
        '127.0.0.1): give every node in one family, or one DNS name that resolves to every node',
    );
  }
  return {
    target: `ipv${family}:${addresses.map((a) => a.address).join(',')}`,
    secure: first.secure,
    hosts: [...new Set(parsed.map((p) => p.url.hostname.replace(/^\[(.*)\]$/, '$1')))],
    display,
  };
}

export function connect(serverUrl: string | readonly string[], options: TransportOptions = {}): Connection {
  const { target, secure, hosts, display } = serverTarget(serverUrl);
  const credentials = channelCredentials(display, secure, options.caFile, hosts);
  const channelOptions: grpc.ClientOptions = {
    ...(options.apiKey ? { interceptors: [bearer(options.apiKey)] } : {}),
    // Unlimited (-1) both ways: the server's limit is the one limit, and its OUT_OF_RANGE
    // reaches the caller instead of a smaller, different bound of the SDK's.
    'grpc.max_receive_message_length': -1,
    'grpc.max_send_message_length': -1,
    // Retries are the SDK's own (withRetry), with knowledge of what is safe to repeat.
    'grpc.enable_retries': 0,
    // Nothing reads grpc-js's channelz registry, which otherwise counts and timestamps every
    // call on the channel, its subchannel and its socket.
    'grpc.enable_channelz': 0,
  };
  const v1 = load();
  const client = new v1.ClientService(target, credentials, channelOptions);
  // The other services reuse the first client's channel: one connection per server.
  const channelOverride = client.getChannel();
  const shared = { ...channelOptions, channelOverride };
  return {
    client,
    worker: new v1.WorkerService(target, credentials, shared),
    admin: new v1.AdminService(target, credentials, shared),
    workspace: new v1.WorkspaceService(target, credentials, shared),
    approvals: new v1.ApprovalService(target, credentials, shared),
    schedules: new v1.ScheduleService(target, credentials, shared),
    close() {
      client.close();
    },
  };
}

/**
 * For a list of nodes, grpc-js checks every node's certificate against one name, the first
 * address's. Instead a certificate passes when it names any host the user wrote: each is a node
 * they asked to talk to, and `localhost` is checked as `localhost`, not as the 127.0.0.1 the
 * static target connects to.
 */
function anyOf(hosts: readonly string[]): grpc.VerifyOptions {
  return {
    checkServerIdentity(_servername, cert) {
      let firstError: Error | undefined;
      for (const host of hosts) {
        const error = checkServerIdentity(host, cert);
        if (error === undefined) return undefined;
        firstError ??= error;
      }
      return firstError;
    },
  };
}

/** TLS for `https://` (the system's roots, or those of `caFile`), plaintext for `http://`. A CA
 * file with an `http://` URL is a mistake worth naming rather than a file silently ignored. */
function channelCredentials(
  serverUrl: string,
  secure: boolean,
  caFile: string | undefined,
  hosts: readonly string[] | undefined,
): grpc.ChannelCredentials {
  const verify = hosts === undefined ? undefined : anyOf(hosts);
  if (caFile === undefined) {
    return secure ? grpc.credentials.createSsl(null, null, null, verify) : grpc.credentials.createInsecure();
  }
  if (!secure) {
    throw new Error(`a CA file (${caFile}) is for https:// servers, and ${serverUrl} is not one`);
  }
  let pem: Buffer;
  try {
    pem = readFileSync(caFile);
  } catch (error) {
    throw new Error(`cannot read the CA file ${caFile}: ${(error as Error).message}`, { cause: error });
  }
  if (!pem.toString('utf8').includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error(`the CA file ${caFile} holds no PEM certificate`);
  }
  return grpc.credentials.createSsl(pem, null, null, verify);
}

/** The request and response of a generated client's unary method. Of its overloads, inference
 * sees the last one, `(argument, callback)`. */
type UnaryTypes<M> = M extends (argument: infer Req, callback: grpc.requestCallback<infer Res>) => grpc.ClientUnaryCall
  ? { request: Req; response: Res }
  : never;

/** The names of a generated client's unary methods. */
export type UnaryMethod<C> = {
  [K in keyof C & string]: [UnaryTypes<C[K]>] extends [never] ? never : K;
}[keyof C & string];

export type RequestOf<C, K extends keyof C> = UnaryTypes<C[K]>['request'];
export type ResponseOf<C, K extends keyof C> = UnaryTypes<C[K]>['response'];

/**
 * A request as call sites write it: a field may be `undefined`, meaning absent. (Under
 * `exactOptionalPropertyTypes` the generated types take an absent field only.) Object literals
 * are still checked for unknown fields, so a renamed proto field fails to compile.
 */
export type Loose<T> = { [K in keyof T]?: T[K] | undefined };

/** Calls a unary method and resolves with its response. */
export function unary<C extends grpc.Client, K extends UnaryMethod<C>>(
  client: C,
  method: K,
  request: Loose<RequestOf<C, K>>,
  deadlineMs?: number,
): Promise<ResponseOf<C, K>> {
  // The generated interface fixes the method's shape; TypeScript cannot call an overloaded
  // method through a generic key, so it is called through its options-and-callback form.
  const fn = client[method] as unknown as (
    this: C,
    argument: RequestOf<C, K>,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<ResponseOf<C, K>>,
  ) => grpc.ClientUnaryCall;
  const options: grpc.CallOptions = deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs };
  return new Promise<ResponseOf<C, K>>((resolve, reject) => {
    // grpc-js captures a stack trace at every unary call, to append "for call at ..." to the
    // message of an error the call may end with. Walking the async frames of the caller made
    // that about a tenth of a client's CPU per startAndWait in bench/. Turned off while the call
    // starts (synchronously, so nothing else runs meanwhile): such an error keeps its code,
    // details and own stack, and loses only the caller's frames.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      fn.call(client, present(request), options, (error, response) => {
        if (error) {
          reject(error);
        } else if (response === undefined) {
          reject(new ProtocolError(`${method} returned no response`));
        } else {
          resolve(response);
        }
      });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  });
}

/** The request without its undefined fields. */
function present<T>(request: Loose<T>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request)) {
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}
