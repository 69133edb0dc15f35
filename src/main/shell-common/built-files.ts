import { fileURLToPath } from 'node:url'

/*
 * Where the build puts what a shell loads at run time, beside its entry `out/main/<entry>.js`.
 * Each entry passes its own `import.meta.url`: a module shared by two entries is bundled into a
 * chunk one folder deeper, so this module's own URL would point to the wrong folder.
 */

/** The transport thread every shell sends its webhook attempts from (core option transportThread). */
export function transportThreadBeside(entryUrl: string): URL {
  return new URL('./transport-thread.js', entryUrl)
}

/** The built renderer (`out/renderer`), which the headless shells serve over HTTP. */
export function rendererDirBeside(entryUrl: string): string {
  return fileURLToPath(new URL('../renderer', entryUrl))
}
