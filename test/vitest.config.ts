import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    // The real desktop app needs Electron's binary: `npm run test:electron`, on a release machine.
    exclude: [...configDefaults.exclude, 'test/electron/**'],
    // Integration tests start real processes and services; two cores, so keep forks modest.
    pool: 'forks',
    maxWorkers: 2,
    // A hang guard, not a speed check: on CI's two cores a test that drives the CLI or real
    // services beside a Chromium e2e run has taken 26 s, too close to a 30 s guard.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
