import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../support/core-harness'
import { startShell } from '../support/shell-process'

const mode = (path: string) => statSync(path).mode & 0o777

/** Without an OS keychain, the headless shell keeps secrets readable by this user only. */
describe('the headless shell keeps its data folder private', () => {
  it('creates the folder 0700 and the database files 0600, and tightens an existing folder', async () => {
    const dataDir = join(tempDir('pim-private-'), 'data')
    const shell = await startShell({ dataDir })
    expect(mode(dataDir)).toBe(0o700)
    for (const file of ['pim.sqlite', 'pim.lock']) expect(mode(join(dataDir, file))).toBe(0o600)
    shell.kill('SIGTERM')
    await shell.waitForExit()

    // A folder made by hand, world-readable, with a world-readable database from an older build.
    const loose = join(tempDir('pim-private-'), 'loose')
    mkdirSync(loose, { mode: 0o755 })
    chmodSync(loose, 0o755)
    writeFileSync(join(loose, 'notes.txt'), 'mine')
    chmodSync(join(loose, 'notes.txt'), 0o644)
    const again = await startShell({ dataDir: loose })
    expect(mode(loose)).toBe(0o700)
    expect(mode(join(loose, 'pim.sqlite'))).toBe(0o600)
    expect(mode(join(loose, 'notes.txt'))).toBe(0o644) // not ours: left alone
    again.kill('SIGTERM')
    await again.waitForExit()
  })
})
