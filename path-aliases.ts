import { fileURLToPath } from 'node:url'

/**
 * `@shared/...` is src/shared, the contract every layer imports. One definition for the bundler
 * (electron-vite), the test runner (vitest) and, mirrored in tsconfig.base.json, the compiler.
 */
export const pathAliases = {
  '@shared': fileURLToPath(new URL('./src/shared', import.meta.url))
}
