/** Test support: a real `aether serve` process on ephemeral ports, the CLI, child processes. */

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { readyLine } from '../src/local-server.js';

export const sdkDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = resolve(sdkDir, '..', '..');

/** The engine binary: AETHER_BIN, or the workspace's debug build. */
export const aetherBin = process.env['AETHER_BIN'] ?? join(repoDir, 'target', 'debug', 'aether');
if (!existsSync(aetherBin)) {
  throw new Error(`${aetherBin} is missing: run \`cargo build -p aether\` (scripts/test.sh does)`);
}

export function tempDir(prefix = 'aether-ts-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** `aether serve` as a child process. */
export class Server {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    /** The HTTP API's base URL, e.g. `http://127.0.0.1:PORT`. */
    readonly httpUrl: string,
  ) {}

  /** Starts `aether serve` and resolves once it announces that it serves (`--ready-json`). */
  static async start(args: string[] = [], port = 0): Promise<Server> {
    const child = spawn(aetherBin, ['serve', '--grpc-port', String(port), '--http-port', '0', '--ready-json', ...args], {
      env: { ...process.env, RUST_LOG: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`[serve] ${line}\n`));
    const ready = await readyLine(child);
    const scheme = ready.tls ? 'https' : 'http';
    return new Server(child, `${scheme}://${ready.grpc_addr}`, `${scheme}://${ready.http_addr}`);
  }

  /** SIGKILL: no flush, no goodbye. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await exited;
  }
}

const exec = promisify(execFile);

/** A new, empty PostgreSQL database on AETHER_TEST_DATABASE_URL's server (scripts/test.sh drops
 * every `aether_test_*` of earlier runs); resolves with its URL. */
export async function freshPostgresUrl(): Promise<string> {
  const admin = process.env['AETHER_TEST_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `aether_test_${randomUUID().replaceAll('-', '')}`;
  await exec('psql', [admin, '-qc', `CREATE DATABASE ${name}`]);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs the `aether` CLI; resolves with its exit code and output. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(aetherBin, args);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Runs a command to completion, failing with its output if it exits non-zero. */
export async function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ stdout: string; stderr: string }> {
  const { stdout, stderr } = await exec(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    timeout: options.timeoutMs ?? 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return { stdout, stderr };
}

/** A TypeScript worker process (test/fixtures/worker.ts). */
export function spawnWorker(serverUrl: string, workerId: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(sdkDir, 'test', 'fixtures', 'worker.ts')], {
    cwd: sdkDir,
    env: { ...process.env, AETHER_SERVER: serverUrl, WORKER_ID: workerId },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

export async function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** A program run in its own process group, its output collected line by line as it comes. */
export class Program {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  /** Resolves with the exit code (null if killed) once the program has exited. */
  readonly exited: Promise<number | null>;
  private readonly waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];

  constructor(
    private readonly child: ChildProcess,
    readonly name: string,
  ) {
    this.exited = new Promise((resolveExit) => child.once('close', (code) => resolveExit(code)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.stdout.push(line);
      for (const waiter of this.waiters.filter((w) => w.pattern.test(line))) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      this.stderr.push(line);
      process.stderr.write(`[${name}] ${line}\n`);
    });
  }

  /** Runs `command` in `cwd`, stdout and stderr piped. */
  static start(name: string, command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Program {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    // Detached, it would outlive a test that fails before `kill`.
    const killOnExit = () => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
    };
    process.once('exit', killOnExit);
    child.once('close', () => process.off('exit', killOnExit));
    return new Program(child, name);
  }

  /** The first stdout line matching `pattern`, as soon as it is printed; rejects if the program
   * exits without printing one, or has not printed one after `timeoutMs`. */
  line(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    const seen = this.stdout.find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolveLine, reject) => {
      const fail = (why: string) => reject(new Error(`${this.name} ${why} without printing ${pattern}:\n${this.output()}`));
      const timer = setTimeout(() => fail(`ran ${timeoutMs} ms`), timeoutMs);
      this.waiters.push({
        pattern,
        resolve: (line) => {
          clearTimeout(timer);
          resolveLine(line);
        },
      });
      void this.exited.then((code) => {
        clearTimeout(timer);
        fail(`exited (${code})`);
      });
    });
  }

  /** Whether it has not exited yet. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Everything it printed so far. */
  output(): string {
    return [...this.stdout, ...this.stderr.map((l) => `stderr: ${l}`)].join('\n');
  }

  /** SIGKILL to its whole process group (npm, the shell, node). */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await this.exited;
  }
}

export function lines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0) : [];
}

/** Polls `check` until it returns true, failing after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
