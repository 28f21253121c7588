/**
 * Running the `aether` binary as a child process: which binary (AETHER_BIN, else `aether` on
 * PATH), and the one JSON line with which its `--ready-json` commands (`aether serve`, `aether
 * mount`) say that they are ready. Shared by `client.serve()`'s local server, `client.workspace.mount`,
 * the tests and the benchmark. It does not decide how a child is stopped: the callers know
 * whether theirs must flush first.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The `aether` binary to start: AETHER_BIN, or `aether` on PATH. */
export function aetherBin(): string {
  return process.env['AETHER_BIN'] || 'aether';
}

/** Starts `aether <args>` with stdin closed and stdout piped (for {@link readyJson}); stderr is
 * piped or inherited as asked. A binary that cannot be started surfaces as the child's `error`
 * event, which {@link readyJson} turns into its rejection. */
export function spawnAether(
  args: readonly string[],
  options: { stderr: 'pipe' | 'inherit'; env?: NodeJS.ProcessEnv },
): ChildProcess {
  return spawn(aetherBin(), args, {
    stdio: ['ignore', 'pipe', options.stderr],
    ...(options.env === undefined ? {} : { env: options.env }),
  });
}

/**
 * Resolves with the first line a `--ready-json` child prints on stdout, parsed as JSON. Rejects
 * if the child cannot be started (e.g. the binary is missing), exits first, or prints nothing for
 * `timeoutMs`; `what` names the command in those errors (e.g. `aether serve`). On a timeout the
 * child is left running: the caller decides how to stop it.
 */
export function readyJson<T>(child: ChildProcess, what: string, timeoutMs = 30_000): Promise<T> {
  const stdout = child.stdout;
  if (!stdout) {
    return Promise.reject(new Error(`${what} was started without a piped stdout`));
  }
  return new Promise<T>((resolve, reject) => {
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      child.off('exit', exited);
      child.off('error', failed);
      outcome();
    };
    const timer = setTimeout(
      () => settle(() => reject(new Error(`${what} was not ready within ${timeoutMs} ms`))),
      timeoutMs,
    );
    const exited = (code: number | null, signal: NodeJS.Signals | null) =>
      settle(() => reject(new Error(`${what} exited with ${code === null ? `signal ${signal}` : `code ${code}`} before it was ready`)));
    const failed = (error: Error) =>
      settle(() =>
        reject(new Error(`cannot start ${what} (set AETHER_BIN or put aether on PATH): ${error.message}`, { cause: error })),
      );
    child.once('exit', exited);
    child.once('error', failed);
    // The reader stays open, so that the pipe never fills should the child print more.
    createInterface({ input: stdout }).once('line', (line) =>
      settle(() => {
        try {
          resolve(JSON.parse(line) as T);
        } catch (error) {
          reject(new Error(`${what}'s ready line is not JSON: ${line}`, { cause: error }));
        }
      }),
    );
  });
}
