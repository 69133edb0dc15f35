import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bootBundle, type BootedBundle } from '../support/electron-bundle'

/**
 * A link the renderer opens (`target="_blank"`, `window.open`) reaches the system browser through
 * `shell.openExternal` only when it is one of the app's documentation links; anything else, https
 * or not, is refused and logged without its query. Proven on the built main bundle under the stub
 * electron, which records every openExternal call.
 */
let userData: string
let desktop: BootedBundle
let stderr = ''

beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'pim-electron-links-'))
  desktop = bootBundle({ PIM_STUB_USER_DATA: userData, ELECTRON_RENDERER_URL: '' })
  desktop.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  await desktop.next('load')
}, 30_000)

afterAll(() => {
  if (desktop.child.exitCode === null) desktop.child.kill('SIGKILL')
  rmSync(userData, { recursive: true, force: true })
})

let lastId = 0
async function openFromWindow(url: string): Promise<unknown> {
  const id = ++lastId
  desktop.send({ cmd: 'window-open', url, id })
  // The handler calls openExternal before it answers, so its report is already in by now.
  return (await desktop.next('window-opened', (message) => message.id === id)).decision
}

it('opens a documentation link in the system browser, and never a window in the app', async () => {
  expect(await openFromWindow('https://www.standardwebhooks.com/#signature')).toEqual({
    action: 'deny'
  })
  expect(desktop.all('openExternal').map((message) => message.url)).toEqual([
    'https://www.standardwebhooks.com/#signature'
  ])
})

it('refuses every other link and logs it without the query', async () => {
  const before = desktop.all('openExternal').length
  const refused = [
    'https://phish.example/login?token=secret-token-value',
    'https://www.standardwebhooks.com.evil.example/',
    'https://www.standardwebhooks.com@evil.example/',
    'http://www.standardwebhooks.com/',
    'file:///etc/passwd',
    'javascript:alert(1)'
  ]
  for (const url of refused) expect(await openFromWindow(url)).toEqual({ action: 'deny' })
  expect(desktop.all('openExternal')).toHaveLength(before)

  await expect
    .poll(() => stderr)
    .toContain("Refused to open https://phish.example/login: not one of the app's documentation")
  await expect.poll(() => stderr.match(/Refused to open/g)?.length).toBe(refused.length)
  expect(stderr).not.toContain('secret-token-value')
})
