import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import type { LogExportFormat } from '@shared/api-contract'
import type { LogSummaryDto } from '@shared/dto'
import { blocking, describeViolations, runAxe } from '../support/axe'
import {
  focusMatches,
  screenshot,
  tabTo,
  waitForStillness,
  watchForErrors
} from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { csvObjects } from '../support/parse-csv'
import { seededAppId } from '../support/shell-fixtures'

/**
 * Exporting the delivery log from the headless shell in Chromium: the file holds exactly the
 * attempts the filters and search select, as CSV and NDJSON; a long export is cancelled mid-way;
 * the whole path works from the keyboard; axe finds nothing serious with the dialog open.
 *
 * Chromium's real save picker is a native dialog a headless browser cannot answer, so the page's
 * `showSaveFilePicker` hands out a file in the origin-private file system instead: the export
 * still writes through a real FileSystemWritableFileStream, which the test reads back. A second
 * page has no picker at all, as in Firefox, and gets the Blob download.
 */
let productsAppId: number
let inventoryAppId: number
const BIG_WEBHOOKS = 10
const BIG_SAVES = 60
const BIG_ROWS = BIG_WEBHOOKS * BIG_SAVES
const TRICKY = 'Tent "Broken", 2-person'

const session = e2eSession({
  viewport: { width: 1280, height: 900 },
  respond: (request, _req, res) => {
    res.statusCode = request.body.includes('Broken') ? 500 : 200
    if (res.statusCode === 500) return void res.end('Warehouse "north" refused, try later')
    // The big log's rows carry 10 KB answers: megabytes, which no browser reads in one chunk.
    res.end(request.body.includes('brand.created') ? 'stock ok; '.repeat(1_000) : 'ok')
  },
  prepare: async (shell, receiver) => {
    productsAppId = await seededAppId(shell, 'products')
    inventoryAppId = await seededAppId(shell, 'inventory')
    // No retries: every delivery is one attempt, so the log stands still while files are read.
    await shell.call('webhooks.create', {
      appId: productsAppId,
      name: 'ERP',
      url: receiver.url,
      events: ['product.created'],
      retrySchedule: []
    })
    const names = ['Tent Alpha', TRICKY, 'Stove', 'Tent Broken Pole', 'Lantern Broken']
    for (const [n, name] of names.entries())
      await shell.call('entities.create', { type: 'product', data: { name, sku: `EXP-${n}` } })
    for (let n = 0; n < BIG_WEBHOOKS; n++)
      await shell.call('webhooks.create', {
        appId: inventoryAppId,
        name: `Stock feed ${n}`,
        url: receiver.url,
        events: ['brand.created'],
        retrySchedule: []
      })
    for (let n = 0; n < BIG_SAVES; n++)
      await shell.call('entities.create', { type: 'brand', data: { name: `Brand ${n}` } })
    await receiver.waitFor(5 + BIG_ROWS, 60_000)
  }
})

const pages: Page[] = []
const pageErrors: string[][] = []
afterAll(async () => {
  for (const page of pages) await page.close()
})

/**
 * Runs before the app: `showSaveFilePicker` answers with a file of the origin-private file
 * system (or "closed" when the test says so), and with `window.__holdExport` set the write after
 * the first chunk of rows waits until the export is cancelled, so the test can act mid-way.
 */
function opfsPicker(): void {
  const w = window as unknown as Record<string, unknown>
  w.showSaveFilePicker = async (options: { suggestedName: string }) => {
    w.__pickerCalls = ((w.__pickerCalls as number | undefined) ?? 0) + 1
    if (w.__pickerAnswer === 'close')
      throw new DOMException('The user aborted a request.', 'AbortError')
    const root = await navigator.storage.getDirectory()
    const handle = await root.getFileHandle(options.suggestedName, { create: true })
    if (!w.__holdExport) return handle
    let carriedRows = false
    return {
      name: handle.name,
      async createWritable() {
        const real = await handle.createWritable()
        return {
          async write(bytes: Uint8Array) {
            // The header may come alone; once a chunk of rows is on disk, the next one waits.
            if (carriedRows) {
              w.__held = true
              await new Promise(() => {})
            }
            if (bytes.length > 1_000) carriedRows = true
            return real.write(bytes as Uint8Array<ArrayBuffer>)
          },
          close: () => real.close(),
          abort: () => real.abort()
        }
      }
    }
  }
}

function noPicker(): void {
  ;(window as unknown as Record<string, unknown>).showSaveFilePicker = undefined
}

async function openPage(picker: 'opfs' | 'none'): Promise<Page> {
  const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } })
  pages.push(page)
  pageErrors.push(watchForErrors(page))
  await page.addInitScript(picker === 'opfs' ? opfsPicker : noPicker)
  await page.goto(`${session.shell.baseUrl}/?token=${session.shell.token}`)
  await page.locator('[data-test=account-name]').waitFor()
  return page
}

async function openExportDialog(page: Page, appId: number, query: string): Promise<void> {
  await page.goto(`${session.shell.baseUrl}/#/apps/${appId}/logs${query}`)
  await page.locator('[data-test=log-table] tbody tr').first().waitFor()
  await page.locator('[data-test=open-export]').click()
  await page.locator('[data-test=export-dialog]').waitFor()
  await waitForStillness(page)
}

const readOpfs = (page: Page, name: string) =>
  page.evaluate(async (file) => {
    const root = await navigator.storage.getDirectory()
    return (await (await root.getFileHandle(file)).getFile()).text()
  }, name)

/** Every attempt `logs.list` gives for these arguments, newest first, all pages. */
async function expectedRows(input: Record<string, unknown>): Promise<LogSummaryDto[]> {
  const rows: LogSummaryDto[] = []
  let cursor: string | undefined
  do {
    const page = await session.shell.call('logs.list', { limit: 200, ...input, cursor } as never)
    rows.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return rows
}

/** The exported rows hold exactly the expected attempts, in order, with their bodies intact. */
async function expectSameAttempts(
  exported: Array<Record<string, unknown>>,
  expected: LogSummaryDto[]
): Promise<void> {
  expect(exported.map((row) => Number(row.id))).toEqual(expected.map((row) => row.id))
  expect(exported.map((row) => row.webhook_id)).toEqual(expected.map((row) => row.messageId))
  for (const row of exported) {
    const detail = await session.shell.call('logs.get', { id: Number(row.id) })
    expect(row.request_body).toBe(detail.requestBody)
    expect(row.response_body).toBe(detail.responseBody)
    expect(Number(row.response_status)).toBe(detail.responseStatus)
  }
}

function parse(format: LogExportFormat, text: string): Array<Record<string, unknown>> {
  return format === 'csv'
    ? csvObjects(text)
    : text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('exporting the delivery log in Chromium', () => {
  it('writes exactly the filtered and searched attempts as CSV into the chosen file', async () => {
    const page = await openPage('opfs')
    await openExportDialog(page, productsAppId, '?status=failure&q=tent&in=text')
    const dialog = page.locator('[data-test=export-dialog]')
    expect(await dialog.locator('[data-test=export-summary]').textContent()).toContain(
      '2 attempts of Products'
    )
    expect(await dialog.locator('[data-test=export-filters]').textContent()).toContain(
      'Body text contains “tent”'
    )
    await screenshot(page, '38-log-export-dialog')
    const violations = blocking(await runAxe(page))
    expect(violations, describeViolations(violations)).toEqual([])

    await dialog.locator('[data-test=export-start]').click()
    const outcome = dialog.locator('[data-test=export-outcome]')
    await outcome.waitFor()
    const fileName = `delivery-log-app-${productsAppId}-${new Date().toISOString().slice(0, 10)}.csv`
    expect(await outcome.textContent()).toContain(`Written 2 attempts to ${fileName}`)
    await screenshot(page, '39-log-export-done')
    const expected = await expectedRows({ appId: productsAppId, status: 'failure', text: 'tent' })
    expect(expected.map((row) => row.responseStatus)).toEqual([500, 500])
    const exported = parse('csv', await readOpfs(page, fileName))
    await expectSameAttempts(exported, expected)
    expect(exported.some((row) => String(row.request_body).includes('Tent \\"Broken\\"'))).toBe(
      true
    )
    await dialog.locator('[data-test=export-close]').click()
    await dialog.waitFor({ state: 'detached' })
  })

  it('downloads NDJSON through the browser where there is no file picker, the search applied', async () => {
    const page = await openPage('none')
    await openExportDialog(page, productsAppId, '?q=broken&in=text')
    const dialog = page.locator('[data-test=export-dialog]')
    expect(await dialog.locator('[data-test=export-where]').textContent()).toContain(
      'kept in memory'
    )
    await dialog.locator('label[for=export-format-ndjson]').click()
    const downloading = page.waitForEvent('download')
    await dialog.locator('[data-test=export-start]').click()
    const download = await downloading
    await dialog.locator('[data-test=export-outcome]').waitFor()
    expect(await dialog.locator('[data-test=export-outcome]').textContent()).toContain(
      '3 attempts to delivery-log-app-'
    )
    expect(download.suggestedFilename()).toMatch(/^delivery-log-app-\d+-\d{4}-\d\d-\d\d\.ndjson$/)
    const exported = parse('ndjson', readFileSync((await download.path())!, 'utf8'))
    await expectSameAttempts(exported, await expectedRows({ appId: productsAppId, text: 'broken' }))
  })

  it('cancels a long export mid-way: nothing is kept, and exporting again writes the whole log', async () => {
    const page = await openPage('opfs')
    await page.evaluate(() => ((window as unknown as Record<string, unknown>).__holdExport = true))
    await openExportDialog(page, inventoryAppId, '')
    const dialog = page.locator('[data-test=export-dialog]')
    expect(await dialog.locator('[data-test=export-summary]').textContent()).toContain(
      'how many is known when the export ends'
    )
    await dialog.locator('[data-test=export-start]').click()
    // The first chunk is on disk, the next write waits: the export is running, mid-way.
    await page.waitForFunction(() => (window as unknown as { __held?: boolean }).__held === true)
    const count = dialog.locator('[data-test=export-count]')
    await expect.poll(() => count.textContent()).toMatch(/^[1-9][\d,]* attempts? written$/)
    const written = Number((await count.textContent())!.split(' ')[0].replace(/,/g, ''))
    expect(written).toBeLessThan(BIG_ROWS)
    await screenshot(page, '40-log-export-progress')
    const violations = blocking(await runAxe(page))
    expect(violations, describeViolations(violations)).toEqual([])
    await dialog.locator('[data-test=export-cancel]').click()
    const outcome = dialog.locator('[data-test=export-outcome]')
    await outcome.waitFor()
    expect(await outcome.textContent()).toContain('Export cancelled after')
    expect(await outcome.textContent()).toContain('No file was kept')
    const fileName = `delivery-log-app-${inventoryAppId}-${new Date().toISOString().slice(0, 10)}.csv`
    // The writable was aborted: none of the rows reached the file.
    expect(await readOpfs(page, fileName)).toBe('')

    await page.evaluate(() => ((window as unknown as Record<string, unknown>).__holdExport = false))
    await dialog.locator('[data-test=export-again]').click()
    await dialog.locator('[data-test=export-start]').click()
    await outcome.waitFor()
    expect(await outcome.textContent()).toContain(`Written ${BIG_ROWS} attempts`)
    const exported = parse('csv', await readOpfs(page, fileName))
    expect(exported.map((row) => Number(row.id))).toEqual(
      (await expectedRows({ appId: inventoryAppId })).map((row) => row.id)
    )
  }, 60_000)

  it('works from the keyboard alone, with focus placed at every step and given back at the end', async () => {
    const page = await openPage('opfs')
    await page.goto(`${session.shell.baseUrl}/#/apps/${productsAppId}/logs?status=failure`)
    await page.locator('[data-test=log-table] tbody tr').first().waitFor()
    await page.locator('#log-heading').focus()
    const focusIs = (css: string) => focusMatches(page, css)
    await tabTo(page, '[data-test=open-export]', { max: 10 })
    await page.keyboard.press('Enter')
    await page.locator('[data-test=export-dialog]').waitFor()
    await waitForStillness(page)
    // Into the dialog, on the chosen format; the arrow key picks the other one.
    expect(await focusIs('#export-format-csv')).toBe(true)
    await page.keyboard.press('ArrowDown')
    expect(await focusIs('#export-format-ndjson:checked')).toBe(true)

    // A closed picker changes nothing and says so; focus waits on Export for another try.
    await page.evaluate(
      () => ((window as unknown as Record<string, unknown>).__pickerAnswer = 'close')
    )
    await tabTo(page, '[data-test=export-start]', { max: 5 })
    await page.keyboard.press('Enter')
    await page.locator('[data-test=export-note]').waitFor()
    expect(await focusIs('[data-test=export-start]')).toBe(true)

    await page.evaluate(
      () => ((window as unknown as Record<string, unknown>).__pickerAnswer = 'ok')
    )
    await page.keyboard.press('Enter')
    await page.locator('[data-test=export-outcome]').waitFor()
    expect(await focusIs('[data-test=export-close]')).toBe(true)
    expect(await page.locator('[data-test=export-announcement]').textContent()).toMatch(
      /^Export complete: 3 attempts written to delivery-log-app-\d+-[\d-]+\.ndjson\.$/
    )
    const fileName = (await page.locator('[data-test=export-outcome] strong').textContent())!
    await expectSameAttempts(
      parse('ndjson', await readOpfs(page, fileName)),
      await expectedRows({ appId: productsAppId, status: 'failure' })
    )
    await page.keyboard.press('Enter')
    await page.locator('[data-test=export-dialog]').waitFor({ state: 'detached' })
    expect(await focusIs('[data-test=open-export]')).toBe(true)

    // Escape closes the dialog before an export starts, and focus goes back to the button.
    await page.keyboard.press('Enter')
    await page.locator('[data-test=export-dialog]').waitFor()
    await waitForStillness(page)
    await page.keyboard.press('Escape')
    await page.locator('[data-test=export-dialog]').waitFor({ state: 'detached' })
    expect(await focusIs('[data-test=open-export]')).toBe(true)
  })

  it('had no page errors', () => {
    expect([...session.pageErrors, ...pageErrors.flat()]).toEqual([])
  })
})
