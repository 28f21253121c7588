/**
 * Starting a local `aether serve` for `client.serve()` when the configured server is on this
 * machine and nothing listens there yet.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';

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

/** Starts `aether serve` (from AETHER_BIN or PATH) on the URL's port and waits until it listens.
 * The server is stopped when this process exits. */
export async function startLocalServer(serverUrl: string): Promise<ChildProcess> {
  const url = new URL(serverUrl);
  const bin = process.env['AETHER_BIN'] ?? 'aether';
  const child = spawn(bin, ['serve', '--grpc-port', String(portOf(url))], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`cannot start '${bin} serve' (set AETHER_BIN or put aether on PATH): ${error.message}`)),
    );
    child.once('exit', (code) => reject(new Error(`'${bin} serve' exited with code ${code}`)));
  });
  failed.catch(() => {});
  process.once('exit', () => child.kill());
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ready = await Promise.race([isListening(serverUrl), failed]);
    if (ready) {
      console.log(`[aether] no server was listening at ${serverUrl}; started a local 'aether serve' (pid ${child.pid})`);
      return child;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`'${bin} serve' did not start listening at ${serverUrl} within 30 s`);
}
