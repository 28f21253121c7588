// The TypeScript benchmark at a tiny size, so that it cannot rot.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { run, sdkDir } from './harness.js';

test('the TypeScript benchmark runs and reports sane figures', async () => {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join('bench', 'bench.ts'), '--workflows', '10', '--concurrency', '2', '--json'],
    { cwd: sdkDir, timeoutMs: 120_000 },
  );
  const report = JSON.parse(stdout) as {
    workflows: number;
    latency_ms: { p50: number; p99: number; max: number };
    throughput: { workflows_per_sec: number; steps_per_sec: number };
  };
  assert.equal(report.workflows, 10);
  assert.ok(report.latency_ms.p50 > 0 && report.latency_ms.p50 <= report.latency_ms.p99);
  assert.ok(report.latency_ms.p99 <= report.latency_ms.max);
  assert.ok(report.throughput.workflows_per_sec > 0);
  assert.ok(Math.abs(report.throughput.steps_per_sec - 3 * report.throughput.workflows_per_sec) < 1);
});
