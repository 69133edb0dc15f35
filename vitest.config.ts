import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { pathAliases } from './path-aliases'

export default defineConfig({
  resolve: { alias: pathAliases },
  plugins: [vue()],
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/global-setup.ts'],
    // UI and delivery assertions wait for something to happen; a cold CI machine is slower.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', 'node_modules/**'],
          environment: 'node'
        }
      },
      {
        // The core and API suites again, each harness core on its own PostgreSQL database.
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/core/**/*.test.ts', 'test/api/**/*.test.ts'],
          environment: 'node',
          env: { PIM_TEST_DATABASE: 'postgres' },
          globalSetup: ['test/support/global-setup.ts', 'test/support/pg-global-setup.ts']
        }
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          environment: 'happy-dom'
        }
      }
    ]
  }
})
