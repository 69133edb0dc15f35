import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { resolve } from 'node:path'
import { pathAliases } from './path-aliases'
import { CONTENT_SECURITY_POLICY_META } from './src/main/shell-common/content-security-policy'

/**
 * Every built page (index.html, upgrade.html) carries the app's CSP as a meta tag too (one
 * policy, one module).
 */
const cspMetaTag: Plugin = {
  name: 'csp-meta-tag',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY_META },
      injectTo: 'head-prepend'
    }
  ]
}

export default defineConfig({
  main: {
    resolve: { alias: pathAliases },
    build: {
      // Dependencies stay external (electron-vite's default) so knex finds its sqlite3 dialect.
      rollupOptions: {
        input: {
          // The Electron shell; package.json `main` names its output, out/main/index.js.
          index: resolve(__dirname, 'src/main/desktop/index.ts'),
          // The headless shell shares the core but never imports electron.
          serve: resolve(__dirname, 'src/main/serve/index.ts'),
          // `npm run receiver`: the webhook receiver that checks signatures, plain Node.
          receiver: resolve(__dirname, 'src/receiver/cli.ts'),
          // `npm run demo`: the headless shell plus seeded data, receiver and simulator.
          demo: resolve(__dirname, 'src/main/demo/index.ts'),
          // `npm run copy-to-postgres`: a SQLite catalog into a new PostgreSQL database.
          'copy-to-postgres': resolve(__dirname, 'src/main/copy-to-postgres/index.ts'),
          // `npm run worker`: a delivery-only process on the shared PostgreSQL.
          worker: resolve(__dirname, 'src/main/worker/index.ts'),
          // The thread every shell sends its webhook attempts from (core option transportThread).
          'transport-thread': resolve(
            __dirname,
            'src/main/core/delivery/transport/transport-thread.ts'
          )
        }
      }
    }
  },
  preload: {
    resolve: { alias: pathAliases },
    build: {
      // A sandboxed preload cannot load ESM or npm modules: one self-contained CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: resolve(__dirname, 'src/preload/index.ts'),
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: { alias: pathAliases },
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/renderer/index.html'),
          // The small window the desktop shows while the data folder's migrations run.
          upgrade: resolve(__dirname, 'src/renderer/upgrade.html')
        }
      }
    },
    plugins: [vue(), cspMetaTag]
  }
})
