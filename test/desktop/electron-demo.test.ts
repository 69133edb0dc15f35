import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import type { DemoStatusDto, EntityPage } from '@shared/dto'
import { bootBundle } from '../support/electron-bundle'

/**
 * `npm run demo -- --desktop` starts `electron . --demo ...`: the built main bundle, under the stub
 * electron, must run the demo in its own folder and let the window open the receiver page.
 */
const appUrl = 'app://renderer/index.html'
const folders: string[] = []
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })))

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pim-electron-demo-'))
  folders.push(folder)
  return folder
}

it('runs the demo in its own folder, seeded and paused as asked, and opens the receiver page', async () => {
  const userData = tempFolder()
  const demoDir = join(tempFolder(), 'demo')
  const desktop = bootBundle({ PIM_STUB_USER_DATA: userData, ELECTRON_RENDERER_URL: '' }, [
    '--demo',
    '--data-dir',
    demoDir,
    '--receiver-port',
    '0',
    '--paused'
  ])
  try {
    await desktop.next('load')
    expect(await desktop.next('setPath')).toMatchObject({ name: 'userData', path: demoDir })
    expect(existsSync(join(demoDir, 'pim.sqlite'))).toBe(true)
    expect(existsSync(join(userData, 'pim.sqlite'))).toBe(false)

    const status = await desktop.invoke('demo.status', appUrl)
    const demo = status.data as DemoStatusDto
    expect(demo).toMatchObject({ active: true, simulator: 'paused' })
    const products = await desktop.invoke('entities.list', appUrl, { type: 'product', limit: 1 })
    expect((products.data as EntityPage).total).toBe(50)

    // The receiver page is plain http on loopback: allowed for this window, other http is not.
    desktop.send({ cmd: 'window-open', url: demo.receiverPageUrl, id: 1 })
    expect(await desktop.next('window-opened')).toMatchObject({ decision: { action: 'deny' } })
    expect(await desktop.next('openExternal')).toMatchObject({ url: demo.receiverPageUrl })
    desktop.send({ cmd: 'window-open', url: 'http://127.0.0.1:1/elsewhere', id: 2 })
    await desktop.next('window-opened', (message) => message.id === 2)
    expect(desktop.all('openExternal').map((message) => message.url)).toEqual([
      demo.receiverPageUrl
    ])
    desktop.send({ cmd: 'quit' })
    expect(await desktop.exited).toBe(0)
  } finally {
    if (desktop.child.exitCode === null) desktop.child.kill('SIGKILL')
  }
  // Quitting released the demo folder's lock.
  expect(existsSync(join(demoDir, 'pim.lock'))).toBe(false)
})

it('ignores --demo in a packaged app', async () => {
  const userData = tempFolder()
  const demoDir = join(tempFolder(), 'demo')
  const packaged = bootBundle(
    { PIM_STUB_USER_DATA: userData, PIM_STUB_PACKAGED: '1', ELECTRON_RENDERER_URL: '' },
    ['--demo', '--data-dir', demoDir]
  )
  try {
    await packaged.next('load')
    const status = await packaged.invoke('demo.status', appUrl)
    expect(status.data).toMatchObject({ active: false })
    expect(existsSync(demoDir)).toBe(false)
    packaged.send({ cmd: 'quit' })
    expect(await packaged.exited).toBe(0)
  } finally {
    if (packaged.child.exitCode === null) packaged.child.kill('SIGKILL')
  }
})
