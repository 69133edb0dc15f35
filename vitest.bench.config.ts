import { defineConfig } from 'vitest/config'
import { pathAliases } from './path-aliases'

// `npm run bench`: measurements that print numbers; they assert correctness, never a time.
export default defineConfig({
  resolve: { alias: pathAliases },
  test: {
    include: ['bench/**/*.bench-test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000
  }
})
