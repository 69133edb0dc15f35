import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import type { EntityDto } from '@shared/dto'
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
 * Exporting the records an entity list shows, from the headless shell in Chromium: the file
 * holds exactly the records the list's search selects, every page, with the import's columns;
 * a long export shows its progress and is cancelled mid-way; the keyboard path; axe.
 *
 * As in the delivery log's export test, `showSaveFilePicker` hands out a file of the
 * origin-private file system (the native picker cannot be answered headless), written through
 * a real FileSystemWritableFileStream; a second page has no picker and gets the Blob download.
 */
let appId: number
let brandExternalId: string
/** More than one keyset page (500) of tents, so the export reads several. */
const TENTS = 620
const OTHERS = 15
const HOSTILE = '=HYPERLINK("http://evil.example","Tent deal")'

const session = e2eSession({
  viewport: { width: 1280, height: 900 },
  prepare: async (shell) => {
    appId = await seededAppId(shell, 'products')
    const brand = await shell.call('entities.create', {
      type: 'brand',
      data: { name: 'Trailhead', externalId: 'brand-trailhead' }
    })
    brandExternalId = brand.externalId
    const saves: Array<Record<string, unknown>> = []
    for (let n = 0; n < TENTS; n++)
      saves.push({
        name: n === 3 ? HOSTILE : `Tent ${String(n).padStart(3, '0')}`,
        sku: `TENT-${n}`,
        // 2 KB each: the file is over a megabyte, which no browser reads in one chunk.
        description: `Sleeps two. ${'Ripstop nylon, aluminium poles. '.repeat(64)}`.trim(),
        price: n + 0.5,
        brandId: n % 2 ? brand.id : null
      })
    for (let n = 0; n < OTHERS; n++) saves.push({ name: `Stove ${n}`, sku: `STOVE-${n}` })
    // A few saves at a time: the shell is one process, the machine has two cores.
    for (let start = 0; start < saves.length; start += 8)
      await Promise.all(
        saves
          .slice(start, start + 8)
          .map((data) => shell.call('entities.create', { type: 'product', data }))
      )
  }
})

const pages: Page[] = []
const pageErrors: string[][] = []
afterAll(async () => {
  for (const page of pages) await page.close()
})

/**
 * As in log-export.test.ts: an OPFS file for the picker; `__holdExport` stalls mid-way: at the
 * write after the first one carrying rows or, when the whole file came in one read (a busy
 * machine's browser reads late), at the close that would commit it.
 */
function opfsPicker(): void {
  const w = window as unknown as Record<string, unknown>
  w.showSaveFilePicker = async (options: { suggestedName: string }) => {
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
            if (carriedRows) {
              w.__held = true
              await new Promise(() => {})
            }
            if (bytes.length > 1_000) carriedRows = true
            return real.write(bytes as Uint8Array<ArrayBuffer>)
          },
          async close() {
            if (carriedRows) {
              w.__held = true
              await new Promise(() => {})
            }
            return real.close()
          },
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

/** The product list, searched as an operator types it, its first page shown. */
async function searchedList(page: Page, search: string): Promise<void> {
  await page.goto(`${session.shell.baseUrl}/#/apps/${appId}/records/product`)
  await page.getByRole('heading', { name: 'Product records' }).waitFor()
  await page.locator('tbody tr').first().waitFor()
  await page.getByRole('textbox', { name: 'Search' }).fill(search)
  // Every row shown matches: the list has loaded the search (the unsearched first page mixes).
  await expect
    .poll(async () => {
      const rows = await page.locator('tbody tr').allTextContents()
      return rows.length > 0 && rows.every((row) => row.includes(search))
    })
    .toBe(true)
}

async function openDialog(page: Page): Promise<ReturnType<Page['locator']>> {
  await page.locator('[data-test=record-export]').click()
  const dialog = page.locator('[data-test=record-export-dialog]')
  await dialog.waitFor()
  await waitForStillness(page)
  return dialog
}

const readOpfs = (page: Page, name: string) =>
  page.evaluate(async (file) => {
    const root = await navigator.storage.getDirectory()
    return (await (await root.getFileHandle(file)).getFile()).text()
  }, name)

/** Every record `entities.list` gives for the search, newest first, all pages. */
async function expectedRecords(search: string): Promise<EntityDto[]> {
  const records: EntityDto[] = []
  for (let offset = 0; ; offset += 500) {
    const page = await session.shell.call('entities.list', {
      type: 'product',
      search,
      offset,
      limit: 500
    })
    records.push(...page.items)
    if (records.length >= page.total) return records
  }
}

const today = () => new Date().toISOString().slice(0, 10)

describe('exporting the records a list shows, in Chromium', () => {
  it('writes exactly the searched records, every page, as CSV the import reads back', async () => {
    const page = await openPage('opfs')
    await searchedList(page, 'Tent')
    const dialog = await openDialog(page)
    expect(await dialog.locator('[data-test=record-export-summary]').textContent()).toContain(
      `${TENTS} records matching “Tent”`
    )
    await screenshot(page, '74-records-export-dialog')
    const violations = blocking(await runAxe(page))
    expect(violations, describeViolations(violations)).toEqual([])

    await dialog.locator('[data-test=record-export-start]').click()
    const outcome = dialog.locator('[data-test=record-export-outcome]')
    await outcome.waitFor()
    const fileName = `product-records-${today()}.csv`
    expect(await outcome.textContent()).toContain(`Written ${TENTS} records to ${fileName}`)
    await screenshot(page, '75-records-export-done')
    const exported = csvObjects(await readOpfs(page, fileName))
    const expected = await expectedRecords('Tent')
    expect(exported.map((row) => row.externalId)).toEqual(expected.map((r) => r.externalId))
    expect(Object.keys(exported[0])).toEqual([
      'externalId',
      'name',
      'sku',
      'description',
      'price',
      'status',
      'brand',
      'category',
      'supplier'
    ])
    const hostile = exported.find((row) => row.sku === 'TENT-3')!
    expect(hostile.name).toBe(`'${HOSTILE}`) // a spreadsheet shows it as text
    const branded = exported.find((row) => row.sku === 'TENT-1')!
    expect(branded).toMatchObject({ name: 'Tent 001', price: '1.5', brand: brandExternalId })
    expect(exported.some((row) => row.name.startsWith('Stove'))).toBe(false)
    await dialog.locator('[data-test=record-export-close]').click()
    await dialog.waitFor({ state: 'detached' })
  }, 60_000)

  it('downloads XLSX through the browser where there is no file picker', async () => {
    const page = await openPage('none')
    await searchedList(page, 'Stove')
    const dialog = await openDialog(page)
    expect(await dialog.locator('[data-test=record-export-summary]').textContent()).toContain(
      `${OTHERS} records matching “Stove”`
    )
    await dialog.locator('label[for=record-export-format-xlsx]').click()
    const downloading = page.waitForEvent('download')
    await dialog.locator('[data-test=record-export-start]').click()
    const download = await downloading
    const outcome = dialog.locator('[data-test=record-export-outcome]')
    await outcome.waitFor()
    expect(await outcome.textContent()).toContain(`Written ${OTHERS} records (`)
    expect(download.suggestedFilename()).toBe(`product-records-${today()}.xlsx`)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer)
    const names: unknown[] = []
    workbook.worksheets[0].eachRow((row, n) => {
      if (n > 1) names.push(row.getCell(2).value)
    })
    expect(names).toEqual((await expectedRecords('Stove')).map((r) => r.fields.name))
  })

  it('shows progress mid-way and cancels: nothing is kept, and exporting again writes it all', async () => {
    const page = await openPage('opfs')
    await page.evaluate(() => ((window as unknown as Record<string, unknown>).__holdExport = true))
    await searchedList(page, 'Tent')
    const dialog = await openDialog(page)
    await dialog.locator('[data-test=record-export-start]').click()
    await page.waitForFunction(() => (window as unknown as { __held?: boolean }).__held === true)
    const count = dialog.locator('[data-test=record-export-count]')
    await expect
      .poll(() => count.textContent())
      .toMatch(new RegExp(`^[1-9][\\d,]* of ${TENTS} records written \\(\\d+ %\\)$`))
    await screenshot(page, '76-records-export-progress')
    const violations = blocking(await runAxe(page))
    expect(violations, describeViolations(violations)).toEqual([])
    await dialog.locator('[data-test=record-export-cancel]').click()
    const outcome = dialog.locator('[data-test=record-export-outcome]')
    await outcome.waitFor()
    expect(await outcome.textContent()).toContain('Export cancelled. No file was kept.')
    const fileName = `product-records-${today()}.csv`
    expect(await readOpfs(page, fileName)).toBe('')

    await page.evaluate(() => ((window as unknown as Record<string, unknown>).__holdExport = false))
    await dialog.locator('[data-test=record-export-again]').click()
    await dialog.locator('[data-test=record-export-start]').click()
    await outcome.waitFor()
    expect(await outcome.textContent()).toContain(`Written ${TENTS} records`)
    expect(csvObjects(await readOpfs(page, fileName))).toHaveLength(TENTS)
  }, 60_000)

  it('works from the keyboard alone, focus placed at every step and given back at the end', async () => {
    const page = await openPage('opfs')
    await searchedList(page, 'Stove')
    const focusIs = (css: string) => focusMatches(page, css)
    await page.getByRole('textbox', { name: 'Search' }).focus()
    await tabTo(page, '[data-test=record-export]', { max: 5 })
    await page.keyboard.press('Enter')
    await page.locator('[data-test=record-export-dialog]').waitFor()
    await waitForStillness(page)
    expect(await focusIs('#record-export-format-csv')).toBe(true)
    await page.keyboard.press('ArrowDown')
    expect(await focusIs('#record-export-format-xlsx:checked')).toBe(true)

    await page.evaluate(
      () => ((window as unknown as Record<string, unknown>).__pickerAnswer = 'close')
    )
    await tabTo(page, '[data-test=record-export-start]', { max: 5 })
    await page.keyboard.press('Enter')
    await page.locator('[data-test=record-export-note]').waitFor()
    expect(await focusIs('[data-test=record-export-start]')).toBe(true)

    await page.evaluate(
      () => ((window as unknown as Record<string, unknown>).__pickerAnswer = 'ok')
    )
    await page.keyboard.press('Enter')
    await page.locator('[data-test=record-export-outcome]').waitFor()
    expect(await focusIs('[data-test=record-export-close]')).toBe(true)
    expect(await page.locator('[data-test=record-export-announcement]').textContent()).toContain(
      `Export complete: ${OTHERS} records`
    )
    await page.keyboard.press('Enter')
    await page.locator('[data-test=record-export-dialog]').waitFor({ state: 'detached' })
    expect(await focusIs('[data-test=record-export]')).toBe(true)

    await page.keyboard.press('Enter')
    await page.locator('[data-test=record-export-dialog]').waitFor()
    await waitForStillness(page)
    await page.keyboard.press('Escape')
    await page.locator('[data-test=record-export-dialog]').waitFor({ state: 'detached' })
    expect(await focusIs('[data-test=record-export]')).toBe(true)
  })

  it('had no page errors', () => {
    expect([...session.pageErrors, ...pageErrors.flat()]).toEqual([])
  })
})
