/**
 * `client.workspace.mount`: a session as a local directory for as long as a function runs,
 * through `aether mount SESSION DIR --ready-json` as a child process. The FUSE file system, its
 * content cache and its syncing are the Rust SDK's, behind the CLI; this module starts the
 * process, waits for its ready line, and ends it with SIGTERM, on which it sends what is pending,
 * unmounts and exits, reporting conflicts on stderr.
 *
 * It never SIGKILLs the mount: a killed FUSE process leaves a dead mount point and unsent changes
 * behind. The wait for the exit is bounded by the mount's own `--sync-timeout` instead. Nor does
 * it pre-empt `fn`: JavaScript cannot, and a mount pulled from under a running tool would only
 * turn into that tool's I/O errors.
 */

import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

import { readyJson, spawnAether } from '../child-process.js';
import { type SleepDuration, wireTimeout } from '../duration.js';
import { MountError } from '../errors.js';
import type { MountOptions, MountResult } from './types.js';

/** The server a mount talks to, and how: the client's. */
export interface MountTarget {
  serverUrl: string;
  apiKey?: string;
  caFile?: string;
}

/** What `aether mount --ready-json` prints once the session is mounted. */
interface Ready {
  dir: string;
  session: string;
  revision: number;
}

const WHAT = 'aether mount';
const CONFLICT = 'conflict: ';
/** How many of the last stderr lines a {@link MountError} carries. */
const TAIL_LINES = 20;
const READY_TIMEOUT_MS = 60_000;
/** How long to wait, once the mount has exited, for the rest of its stderr: a helper it started
 * (fusermount3) may hold the pipe open for a moment longer, never for long. */
const DRAIN_MS = 5_000;

/** The mounts of this process that have not exited yet. */
const live = new Set<ChildProcess>();

/** Like Ctrl-C in a terminal (which reaches the children too: they share this process group),
 * this process exiting asks each mount to send its changes and unmount rather than stay behind.
 * One listener for all of them, however many run at once. */
function stopLive(): void {
  for (const child of live) child.kill('SIGTERM');
}

/** How the process ended. `code` is null after a signal, or when it never started. */
interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A duration as `aether mount` parses one (humantime), or nothing for absent. */
function flagDuration(value: SleepDuration | number | undefined, what: string): string | undefined {
  return value === undefined ? undefined : `${wireTimeout(value, what)}ms`;
}

function mountArgs(target: MountTarget, sessionId: string, dir: string, options: MountOptions): string[] {
  const args = ['mount', '--server', target.serverUrl, '--ready-json'];
  // The API key goes in the environment instead, out of the process list.
  if (target.caFile !== undefined) args.push('--ca-file', target.caFile);
  if (options.readOnly) args.push('--read-only');
  if (options.checkpoint !== undefined) args.push('--checkpoint', options.checkpoint);
  if (options.cacheDir !== undefined) args.push('--cache-dir', options.cacheDir);
  if (options.actor !== undefined) args.push('--actor', options.actor);
  const refresh = flagDuration(options.refresh, 'refresh');
  if (refresh !== undefined) args.push('--refresh', refresh);
  const syncTimeout = flagDuration(options.syncTimeout, 'syncTimeout');
  if (syncTimeout !== undefined) args.push('--sync-timeout', syncTimeout);
  // After `--`, a session id or directory starting with `-` is not taken for a flag.
  args.push('--', sessionId, dir);
  return args;
}

function isReady(value: unknown): value is Ready {
  if (typeof value !== 'object' || value === null) return false;
  const ready = value as Record<string, unknown>;
  return typeof ready['dir'] === 'string' && typeof ready['session'] === 'string' && typeof ready['revision'] === 'number';
}

/** The mount's stderr as it comes: the last lines, the conflicts, each line to `onLog`. */
class Stderr {
  readonly tail: string[] = [];
  readonly conflicts: string[] = [];

  constructor(child: ChildProcess, onLog: ((line: string) => void) | undefined) {
    if (!child.stderr) return;
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (line.startsWith(CONFLICT)) this.conflicts.push(line.slice(CONFLICT.length));
      this.tail.push(line);
      if (this.tail.length > TAIL_LINES) this.tail.shift();
      onLog?.(line);
    });
  }

  text(): string {
    return this.tail.join('\n');
  }
}

/** Resolves once the child has ended and its stderr has been read (see {@link DRAIN_MS}). */
function ended(child: ChildProcess): Promise<Exit> {
  return new Promise((done) => {
    let spawnFailed = false;
    // Kept for the child's life: an `error` event without a listener would crash the process.
    child.on('error', () => {
      spawnFailed ||= child.pid === undefined;
    });
    // `close` comes after the streams have ended, and also when the binary could not be started
    // (then without `exit`, and with an errno for a code).
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) =>
      done({ code: spawnFailed ? null : code, signal }),
    );
    child.once('exit', (code, signal) => setTimeout(() => done({ code, signal }), DRAIN_MS).unref());
  });
}

function describe(exit: Exit): string {
  return exit.code === null ? (exit.signal === null ? 'did not run' : `was ended by ${exit.signal}`) : `exited with code ${exit.code}`;
}

/** Mounts `sessionId` at `dir` while `fn` runs; see `WorkspaceClient.mount`. */
export async function mount<T>(
  target: MountTarget,
  sessionId: string,
  dir: string,
  fn: (dir: string) => Promise<T>,
  options: MountOptions = {},
): Promise<MountResult<T>> {
  const mountPoint = resolve(dir);
  const args = mountArgs(target, sessionId, mountPoint, options);
  const readyTimeoutMs = options.readyTimeout === undefined ? READY_TIMEOUT_MS : wireTimeout(options.readyTimeout, 'readyTimeout');
  // NO_COLOR: its log lines end up in error messages, which escape codes would garble.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (target.apiKey !== undefined) env['AETHER_API_KEY'] = target.apiKey;
  const child = spawnAether(args, { stderr: 'pipe', env });
  const exit = ended(child);
  const stderr = new Stderr(child, options.onLog);
  if (live.size === 0) process.on('exit', stopLive);
  live.add(child);

  const failure = (message: string, ending: Exit, cause?: { error: unknown }) => {
    const detail = stderr.text();
    return new MountError(
      `${message}${detail ? `:\n${detail}` : ''}`,
      sessionId,
      mountPoint,
      ending.code,
      detail,
      [...stderr.conflicts],
      cause === undefined ? undefined : { cause: cause.error },
    );
  };
  /** SIGTERM (unless it has already exited), and its exit. */
  const stop = async (): Promise<Exit> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) child.kill('SIGTERM');
    return exit;
  };
  /** Unmounts; throws a MountError if the mount did not exit cleanly. */
  const unmount = async (cause?: { error: unknown }) => {
    const ending = await stop();
    if (ending.code !== 0) {
      const also = cause === undefined ? '' : ' (after the mounted function failed)';
      throw failure(`${WHAT} of session ${sessionId} at ${mountPoint} ${describe(ending)}${also}`, ending, cause);
    }
  };

  try {
    let ready: Ready;
    try {
      const line = await readyJson<unknown>(child, WHAT, readyTimeoutMs);
      if (!isReady(line)) throw new Error(`${WHAT}'s ready line is not {dir, session, revision}: ${JSON.stringify(line)}`);
      ready = line;
    } catch (error) {
      const ending = await stop();
      const why = error instanceof Error ? error.message : String(error);
      throw failure(`cannot mount session ${sessionId} at ${mountPoint}: ${why}`, ending, { error });
    }

    let value: T;
    try {
      value = await fn(ready.dir);
    } catch (error) {
      await unmount({ error });
      throw error;
    }
    await unmount();
    return { value, revision: ready.revision, conflicts: [...stderr.conflicts] };
  } finally {
    live.delete(child);
    if (live.size === 0) process.off('exit', stopLive);
  }
}
