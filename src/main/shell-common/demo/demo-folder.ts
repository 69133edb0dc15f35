import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** Beside the real data folder (`~/.indexed-pim-desktop`), never inside it. */
export const DEFAULT_DEMO_DIR = join(homedir(), '.indexed-pim-desktop-demo')

/** Marks a folder as the demo's own, so `--reset` never deletes anything else. */
export const DEMO_MARKER = 'DEMO-DATA.txt'

const MARKER_TEXT =
  'This folder holds the Indexed PIM Desktop demo (npm run demo). ' +
  'npm run demo -- --reset deletes and recreates it.\n'

/**
 * Prepares the demo's data folder: creates it (marked) when missing, empties it on `reset`. Refuses
 * a folder that has content but no marker: it could be an operator's real data.
 */
export function prepareDemoFolder(dir: string, reset: boolean): void {
  const exists = existsSync(dir)
  const marked = exists && existsSync(join(dir, DEMO_MARKER))
  if (exists && !marked && readdirSync(dir).length > 0)
    throw new Error(
      `${dir} is not empty and is not a demo folder (no ${DEMO_MARKER}); ` +
        'the demo never runs on, or resets, a folder it did not create — choose another --data-dir'
    )
  if (reset && marked) rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  writeFileSync(join(dir, DEMO_MARKER), MARKER_TEXT)
}
