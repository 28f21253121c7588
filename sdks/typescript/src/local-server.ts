/**
 * Starting a local `aether serve` for `client.serve()` when the configured server is on this
 * machine and nothing listens there yet, and reading the line with which `aether serve
 * --ready-json` announces that it serves (the tests and the benchmark start servers that way too;
 * spawning and the ready line are `child-process.ts`'s, shared with `aether mount`).
 */

import type { ChildProcess } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';

import { readyJson, spawnAether } from './child-process.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLocal(serverUrl: string): boolean {
  try {
    return LOCAL_HOSTS.has(new URL(serverUrl).hostname);
  } catch {
    return false;
  }
}

function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

/** Whether something accepts TCP connections on the server URL's host and port. */
export function isListening(serverUrl: string, timeoutMs = 500): Promise<boolean> {
  const url = new URL(serverUrl);
  const host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port: portOf(url) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** What `aether serve --ready-json` prints on stdout once both listeners are bound and recovery
 * has finished. */
export interface Ready {
  /** `host:port` of the gRPC listener. */
  grpc_addr: string;
  /** `host:port` of the HTTP listener. */
  http_addr: string;
  pid: number;
  persistence: string;
  /** Present and true when both listeners speak TLS (`https://`). */
  tls?: boolean;
}

/** Resolves with the ready line of an `aether serve --ready-json` child whose stdout is piped;
 * rejects if the child cannot be started, exits first, or stays silent for `timeoutMs`. */
export function readyLine(child: ChildProcess, timeoutMs = 30_000): Promise<Ready> {
  return readyJson<Ready>(child, 'aether serve', timeoutMs);
}

/** Starts `aether serve` (from AETHER_BIN or PATH) on the URL's port and waits until it serves.
 * The server is stopped when this process exits. */
export async function startLocalServer(serverUrl: string): Promise<ChildProcess> {
  const url = new URL(serverUrl);
  const child = spawnAether(['serve', '--grpc-port', String(portOf(url)), '--ready-json'], { stderr: 'inherit' });
  process.once('exit', () => child.kill());
  try {
    await readyLine(child);
  } catch (error) {
    child.kill();
    throw error;
  }
  console.log(`[aether] no server was listening at ${serverUrl}; started a local 'aether serve' (pid ${child.pid})`);
  return child;
}
