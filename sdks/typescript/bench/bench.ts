// The TypeScript SDK's benchmark: the workload of `aether bench` (K-step workflows whose steps
// return small strings) driven through startAndWait, with one Node worker process and this Node
// process as the client.
//
//   npm run bench -- [--server URL] [--workflows N] [--concurrency C] [--steps K]
//                    [--payload-bytes B] [--json]
//
// Without --server it starts `aether serve` (AETHER_BIN or the workspace's release build) at L2
// on a temporary SQLite file.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { aether } from '../src/index.js';
import { readyLine } from '../src/local-server.js';
import { benchWorkflow } from './workload.js';

const { values } = parseArgs({
  options: {
    server: { type: 'string' },
    workflows: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '64' },
    steps: { type: 'string', default: '3' },
    'payload-bytes': { type: 'string', default: '16' },
    persistence: { type: 'string', default: 'state-action-log' },
    json: { type: 'boolean', default: false },
  },
});

const workflows = Number(values.workflows);
const concurrency = Number(values.concurrency);
const steps = Number(values.steps);
const payloadBytes = Number(values['payload-bytes']);
const here = dirname(fileURLToPath(import.meta.url));
// bench/ in the source tree, build/bench/ once compiled.
const repo = resolve(here, here.includes(`${join('build', 'bench')}`) ? '../../../..' : '../../..');

function findAether(): string {
  const candidates = [
    process.env['AETHER_BIN'],
    join(repo, 'target', 'release', 'aether'),
    join(repo, 'target', 'debug', 'aether'),
  ];
  const found = candidates.find((c): c is string => c !== undefined && existsSync(c));
  if (!found) {
    throw new Error('no aether binary: set AETHER_BIN or run cargo build --release -p aether');
  }
  return found;
}

async function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    findAether(),
    [
      'serve',
      '--grpc-port',
      '0',
      '--http-port',
      '0',
      '--ready-json',
      '--persistence',
      String(values.persistence),
      '--db',
      join(dir, 'bench.db'),
    ],
    { env: { ...process.env, RUST_LOG: 'warn' }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const ready = await readyLine(child);
  return { child, url: `http://${ready.grpc_addr}` };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] ?? 0;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** CPU time (user + system) a process has used so far, in ms: from /proc on Linux, so that the
 * worker's and the server's CPU per workflow can be told apart from the client's; null elsewhere. */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and
    // 13th, in clock ticks of 1/100 s on Linux.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** CPU time of this process (the client) so far, in ms. */
function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'aether-ts-bench-'));
  const server = values.server ? null : await startServer(dir);
  const url = values.server ?? server!.url;
  // Compiled (npm run bench builds first): the worker runs plain JavaScript, as in production.
  const workerScript = join(here, here.endsWith('bench') && existsSync(join(here, 'worker.js')) ? 'worker.js' : 'worker.ts');
  const loader = workerScript.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const profile = process.env['BENCH_WORKER_PROF'];
  const worker = fork(workerScript, [], {
    execArgv: [...loader, ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [])],
    env: { ...process.env, AETHER_SERVER: url, CAPACITY: String(Math.max(16, concurrency * 2)) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolveReady, reject) => {
    worker.once('message', () => resolveReady());
    worker.once('exit', (code) => reject(new Error(`the worker process exited with ${code}`)));
  });
  const client = aether({ serverUrl: url });
  const bench = benchWorkflow(client);
  const job = { steps, payload: 'x'.repeat(payloadBytes) };
  try {
    const warmup = Math.min(200, Math.max(1, Math.floor(workflows / 10)));
    for (let i = 0; i < warmup; i++) await bench.startAndWait(job);

    const sequential: number[] = [];
    for (let i = 0; i < workflows; i++) {
      const started = performance.now();
      await bench.startAndWait(job);
      sequential.push(performance.now() - started);
    }
    sequential.sort((a, b) => a - b);

    const loaded: number[] = [];
    let next = 0;
    const cpuBefore = { client: ownCpuMs(), worker: cpuMsOf(worker.pid), server: cpuMsOf(server?.child.pid) };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(concurrency, workflows) }, async () => {
        while (next < workflows) {
          next++;
          const began = performance.now();
          await bench.startAndWait(job);
          loaded.push(performance.now() - began);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = { client: ownCpuMs(), worker: cpuMsOf(worker.pid), server: cpuMsOf(server?.child.pid) };
    const perWorkflow = (before: number | null, after: number | null) =>
      before === null || after === null ? null : round3((after - before) / workflows);
    loaded.sort((a, b) => a - b);
    const report = {
      sdk: 'typescript',
      persistence: values.server ? 'unknown' : values.persistence,
      workflows,
      concurrency,
      steps,
      payload_bytes: payloadBytes,
      latency_ms: {
        p50: round3(percentile(sequential, 50)),
        p90: round3(percentile(sequential, 90)),
        p99: round3(percentile(sequential, 99)),
        max: round3(percentile(sequential, 100)),
      },
      throughput: {
        workflows_per_sec: Math.round((workflows / seconds) * 10) / 10,
        steps_per_sec: Math.round(((workflows * steps) / seconds) * 10) / 10,
        p50_ms: round3(percentile(loaded, 50)),
        p99_ms: round3(percentile(loaded, 99)),
        seconds: Math.round(seconds * 100) / 100,
        // CPU (user + system) per workflow of each process in this phase.
        cpu_ms_per_workflow: {
          client: perWorkflow(cpuBefore.client, cpuAfter.client),
          worker: perWorkflow(cpuBefore.worker, cpuAfter.worker),
          server: perWorkflow(cpuBefore.server, cpuAfter.server),
        },
      },
    };
    if (values.json) {
      console.log(JSON.stringify(report));
    } else {
      const l = report.latency_ms;
      const t = report.throughput;
      console.log(`TypeScript SDK bench: ${workflows} workflows x ${steps} steps, concurrency ${concurrency}`);
      console.log(`sequential startAndWait  p50 ${l.p50} ms  p90 ${l.p90} ms  p99 ${l.p99} ms  max ${l.max} ms`);
      console.log(`throughput               ${t.workflows_per_sec} workflows/s  ${t.steps_per_sec} steps/s  p50 ${t.p50_ms} ms  p99 ${t.p99_ms} ms`);
      const cpu = t.cpu_ms_per_workflow;
      console.log(`CPU per workflow         client ${cpu.client} ms  worker ${cpu.worker ?? '?'} ms  server ${cpu.server ?? '?'} ms`);
    }
  } finally {
    await client.close();
    worker.kill('SIGTERM');
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
