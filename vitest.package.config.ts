import { defineConfig } from 'vitest/config';

/** The pack-and-install test alone (tests/e2e/package.test.ts), without building the default catalog's site first. */
export default defineConfig({
  test: { include: ['tests/e2e/package.test.ts'], testTimeout: 60_000, hookTimeout: 300_000, pool: 'forks' },
});
