import { availableParallelism } from 'node:os'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { pathAliases } from './path-aliases'

export default defineConfig({
  resolve: { alias: pathAliases },
  plugins: [vue()],
  test: {
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core CI
    // machine, which then ran every file in turn. Most of a file's time is spent waiting for
    // other processes (the built shell, Chromium, PostgreSQL, loopback receivers), so two files
    // at once keep both cores busy; larger machines keep the default. The projects inherit this
    // and a project's own value wins over `--maxWorkers`, so PIM_TEST_WORKERS=1 is the way to
    // run one file at a time (a machine busy with other work).
    maxWorkers: Number(process.env.PIM_TEST_WORKERS) || Math.max(2, availableParallelism() - 1),
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
        // The core and API suites again, each harness core on its own PostgreSQL database; not
        // the suite of the SQLite store itself (data-folder lock, file modes, SQLite pragmas).
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/core/**/*.test.ts', 'test/api/**/*.test.ts'],
          exclude: ['test/core/database.test.ts'],
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
