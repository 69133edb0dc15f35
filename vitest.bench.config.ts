import { defineConfig } from 'vitest/config'
import { pathAliases } from './path-aliases'

// `npm run bench`: measurements that print numbers; they assert correctness, never a time.
// The scenarios drive the built headless shell in Chromium: the global setup makes sure of both.
export default defineConfig({
  resolve: { alias: pathAliases },
  test: {
    include: ['bench/**/*.bench-test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['bench/support/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000
  }
})
