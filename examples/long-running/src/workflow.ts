// The workflow both processes of the example serve: `index-repository` runs one long activity,
// `index-files`, that reports its progress with `ctx.heartbeat` after each file. The engine
// keeps the last details; when heartbeats stop for longer than `heartbeatTimeout` (here: the
// worker process was killed) it fails the attempt with a TimeoutError and schedules a retry,
// which receives those details as `heartbeatDetails` and resumes where the last one stopped.
import type { AetherClient } from '@aetherframework.ai/sdk';

export const FILES = Array.from({ length: 12 }, (_, i) => `src/module-${String(i + 1).padStart(2, '0')}.ts`);

/** What the activity's heartbeats carry: how many files are indexed. */
export interface Progress {
  done: number;
}

export interface IndexReport {
  files: number;
  /** The attempt that finished, and the worker it ran on. */
  attempt: number;
  worker: string;
  /** Where that attempt started, from the last heartbeat of the attempt before it. */
  resumedAfter: number;
}

/** One file's indexing: slow enough that the run takes a few seconds. */
async function indexFile(signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, 250);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('abandoned'));
    });
  });
}

export function defineIndexRepository(client: AetherClient, worker: string) {
  return client.workflow('index-repository', async (ctx, files: string[]): Promise<IndexReport> => {
    return ctx.activity(
      'index-files',
      async ({ attempt, signal, heartbeatDetails }) => {
        const resumedAfter = (heartbeatDetails as Progress | undefined)?.done ?? 0;
        for (let done = resumedAfter; done < files.length; done++) {
          await indexFile(signal);
          ctx.heartbeat({ done: done + 1 } satisfies Progress);
        }
        return { files: files.length, attempt, worker, resumedAfter };
      },
      // Two seconds without a heartbeat and the engine gives the attempt up, even if its
      // worker is alive; the retry may run anywhere.
      { heartbeatTimeout: { seconds: 2 }, retry: { initialInterval: 200, maximumAttempts: 5 } },
    );
  });
}
