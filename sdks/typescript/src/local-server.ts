/**
 * Starting a local `aether serve` for `client.serve()` when the configured server is on this
 * machine and nothing listens there yet, and reading the line with which `aether serve
 * --ready-json` announces that it serves (the tests and the benchmark start servers that way too).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';
import { createInterface } from 'node:readline';

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
 * rejects if the child exits first or stays silent for `timeoutMs`. */
export function readyLine(child: ChildProcess, timeoutMs = 30_000): Promise<Ready> {
  const stdout = child.stdout;
  if (!stdout) {
    return Promise.reject(new Error('aether serve was started without a piped stdout'));
  }
  return new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`aether serve did not start within ${timeoutMs} ms`)), timeoutMs);
    const exited = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`aether serve exited with code ${code} before serving`));
    };
    child.once('exit', exited);
    // The reader stays open, so that the pipe never fills should the server print more.
    createInterface({ input: stdout }).once('line', (line) => {
      clearTimeout(timer);
      child.off('exit', exited);
      try {
        resolve(JSON.parse(line) as Ready);
      } catch (error) {
        reject(new Error(`aether serve's ready line is not JSON: ${line}`, { cause: error }));
      }
    });
  });
}

/** Starts `aether serve` (from AETHER_BIN or PATH) on the URL's port and waits until it serves.
 * The server is stopped when this process exits. */
export async function startLocalServer(serverUrl: string): Promise<ChildProcess> {
  const url = new URL(serverUrl);
  const bin = process.env['AETHER_BIN'] ?? 'aether';
  const child = spawn(bin, ['serve', '--grpc-port', String(portOf(url)), '--ready-json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`cannot start '${bin} serve' (set AETHER_BIN or put aether on PATH): ${error.message}`)),
    );
  });
  // Observed by the race below; a spawn error after it must not crash the process.
  failed.catch(() => undefined);
  process.once('exit', () => child.kill());
  try {
    await Promise.race([readyLine(child), failed]);
  } catch (error) {
    child.kill();
    throw error;
  }
  console.log(`[aether] no server was listening at ${serverUrl}; started a local 'aether serve' (pid ${child.pid})`);
  return child;
}
