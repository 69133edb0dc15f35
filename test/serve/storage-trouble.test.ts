import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import knex from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium, screenshot } from '../support/browser'
import { eventually } from '../support/core-harness'
import { startShell, type ShellProcess } from '../support/shell-process'

/**
 * The headless shell on a 6 MiB tmpfs that the test fills up: saves fail with a clear 507, the
 * status says why, nothing half-written remains, and saving resumes by itself once space returns.
 * Mounting needs root, as on CI; elsewhere the test fails and says so.
 */
let mountPoint: string
let shell: ShellProcess
let browser: Browser
let page: Page
const filler = () => join(mountPoint, 'filler.bin')

beforeAll(async () => {
  mountPoint = mkdtempSync(join(tmpdir(), 'pim-tmpfs-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountPoint])
  } catch (error) {
    throw new Error(
      `This test mounts a small tmpfs to fill the disk, which needs root: ${String(error)}`
    )
  }
  shell = await startShell({ dataDir: join(mountPoint, 'data') })
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(`${shell.baseUrl}/?token=${shell.token}`)
  await page.waitForFunction("!!document.querySelector('[data-test=account-name]')")
}, 60_000)

afterAll(async () => {
  await browser?.close()
  shell?.kill('SIGTERM')
  await shell?.waitForExit()
  try {
    execFileSync('umount', [mountPoint])
  } finally {
    rmSync(mountPoint, { recursive: true, force: true })
  }
})

/** Writes zeros until the file system refuses. */
function fillTheDisk(): void {
  const chunk = Buffer.alloc(256 * 1024)
  let written = Buffer.alloc(0)
  for (;;) {
    try {
      written = Buffer.concat([written, chunk])
      writeFileSync(filler(), written)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return
      throw error
    }
  }
}

const brand = (name: string) =>
  shell.post('entities.create', {
    type: 'brand',
    data: { name, description: `${name} `.repeat(2_000) }
  })

describe('storage trouble', () => {
  it('a full disk refuses saves with 507 and says what to do, then recovers by itself', async () => {
    const appId = (await shell.call('apps.list', {}))[0].id
    await shell.call('webhooks.create', {
      appId,
      url: 'https://example.com/hook',
      events: ['brand.created']
    })
    expect((await brand('Before')).status).toBe(200)

    fillTheDisk()
    // SQLite may still fit a save into pages it already has; keep saving until the disk says no.
    let refused = await brand('Full 0')
    for (let n = 1; refused.status === 200 && n < 50; n += 1) refused = await brand(`Full ${n}`)
    expect(refused.status).toBe(507)
    expect(refused.body).toMatchObject({
      ok: false,
      error: { code: 'storage_full', message: expect.stringContaining('Free some space') }
    })
    const status = await shell.call('system.status', {})
    expect(status.storage).toMatchObject({ code: 'storage_full', cause: 'disk_full' })
    // The operator sees why, in a banner that stays while the disk is full.
    const banner = page.locator('[data-test=storage-banner]')
    await expect.poll(() => banner.textContent()).toContain('Saving is paused')
    await screenshot(page, '40-storage-full-banner')
    // Reading still works, and the shell keeps answering.
    const during = await shell.call('entities.list', { type: 'brand', limit: 500 })

    rmSync(filler())
    await eventually(async () => (await shell.call('system.status', {})).storage === null, 15_000)
    expect((await brand('After')).status).toBe(200)
    await expect.poll(() => banner.count()).toBe(0)

    const after = await shell.call('entities.list', { type: 'brand', limit: 500 })
    const names = after.items.map((item) => item.fields.name)
    expect(names).toContain('Before')
    expect(names).toContain('After')
    expect(after.total).toBe(during.total + 1)
    // Every brand that was saved has its outbox row, and no refused save left one behind.
    shell.kill('SIGTERM')
    await shell.waitForExit()
    const db = knex({
      client: 'sqlite3',
      connection: { filename: join(mountPoint, 'data', 'pim.sqlite') },
      useNullAsDefault: true
    })
    try {
      const [check] = (await db.raw('PRAGMA integrity_check')) as Array<Record<string, string>>
      expect(Object.values(check)).toEqual(['ok'])
      const [{ n: brands }] = await db('brands').count({ n: '*' })
      const [{ n: deliveries }] = await db('deliveries').count({ n: '*' })
      expect(Number(deliveries)).toBe(Number(brands))
    } finally {
      await db.destroy()
    }
  })
})
