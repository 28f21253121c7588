import { defineConfig } from 'vitest/config';

// The browser suite against a real `aether serve` seeded by a worker: `npm run test:e2e`.
// Tests live in `e2e/` (none yet); they start their own server, so they run one file at a time
// with long timeouts.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    passWithNoTests: true,
  },
});
