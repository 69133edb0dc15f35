import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EntityPage } from '@shared/dto'
import type { ImportJobDto } from '@shared/imports'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { focusMatches, screenshot, tabTo, waitForStillness } from '../support/browser'
import { eventually } from '../support/core-harness'
import { e2eSession } from '../support/e2e-session'
import { csvObjects } from '../support/parse-csv'
import { startShell, type ShellProcess } from '../support/shell-process'

/**
 * Importing records in Chromium against the headless shell: the file goes up through the upload
 * route, the mapping is proposed and changed, a dry run writes nothing, the import saves with
 * progress, refused rows are listed and downloaded, a large import is cancelled, hostile files
 * are told in words, and all of it works from the keyboard. Records are checked through the API.
 */
const session = e2eSession()
let productsAppId: number
let files: string
const FORMULA_START = /^[=+\-@\t\r]/

beforeAll(async () => {
  const apps = await session.shell.call('apps.list', {})
  productsAppId = apps.find((app) => app.key === 'products')!.id
  await session.shell.call('entities.create', {
    type: 'brand',
    data: { name: 'Trailcraft' }
  })
  files = mkdtempSync(join(tmpdir(), 'pim-e2e-import-'))
})

afterAll(() => rmSync(files, { recursive: true, force: true }))

function file(name: string, content: string | Buffer): string {
  const path = join(files, name)
  writeFileSync(path, content)
  return path
}

async function productsBySku(shell: ShellProcess, prefix: string): Promise<EntityPage['items']> {
  const found: EntityPage['items'] = []
  for (let offset = 0; ; offset += 500) {
    const page = await shell.call('entities.list', { type: 'product', offset, limit: 500 })
    found.push(...page.items.filter((item) => String(item.fields.sku).startsWith(prefix)))
    if (offset + 500 >= page.total) return found
  }
}

async function openImport(page: Page): Promise<void> {
  await page.goto(`${session.shell.baseUrl}/#/apps/${productsAppId}/records/product`)
  await page.locator('[data-test=import-records]').click()
  await page.locator('#import-file-heading').waitFor()
}

async function chooseFile(page: Page, path: string): Promise<void> {
  await page.locator('[data-test=import-file]').setInputFiles(path)
}

async function pickField(page: Page, column: string, field: string): Promise<void> {
  await page.locator(`tr[data-column="${column}"] [data-test=import-map-field]`).click()
  await page.getByRole('option', { name: field, exact: true }).click()
}

const summaryText = (page: Page) =>
  page.locator('[data-test=import-result] [data-test=import-summary-text]').textContent()

async function expectNoBlockingAxe(page: Page): Promise<void> {
  await waitForStillness(page)
  const violations = blocking(await runAxe(page))
  expect(violations, describeViolations(violations)).toEqual([])
}

const CATALOG = [
  ['External ID', 'Name', 'SKU', 'Price', 'Brand', 'Notes', '=Stock'],
  ['imp-1', 'Ridge tent', 'IMP-1', '249.00', 'Trailcraft', 'Two-person tent', '4'],
  ['imp-2', 'Camp stove', 'IMP-2', 'cheap', 'Trailcraft', 'Gas', '1'],
  ['imp-3', 'Head torch', 'IMP-3', '39.5', 'No such brand', '', '2'],
  ['imp-4', 'Sleeping mat', 'IMP-4', '59', '', 'Foam', '3']
]
  .map((row) => row.join(','))
  .join('\r\n')

describe('importing records from a file', () => {
  it('proposes a field per column, shows where each came from, and previews a changed one again', async () => {
    const { page } = session
    await page.goto(`${session.shell.baseUrl}/#/apps/${productsAppId}/records/product`)
    await page.locator('[data-test=import-records]').waitFor()
    await screenshot(page, 'import-0-records-toolbar')
    await openImport(page)
    await screenshot(page, 'import-1-choose-file')
    await chooseFile(page, file('catalog.csv', CATALOG))
    await page.locator('[data-test=import-mapping]').waitFor()
    await expect
      .poll(() => page.locator('[data-test=import-staged-file]').textContent())
      .toContain('catalog.csv')
    const field = (column: string) =>
      page.locator(`tr[data-column="${column}"] [data-test=import-map-field]`).textContent()
    const source = (column: string) =>
      page.locator(`tr[data-column="${column}"] [data-test=import-map-source]`).textContent()
    expect(await field('External ID')).toBe('External id')
    expect(await field('Name')).toBe('Name')
    expect(await field('SKU')).toBe('SKU')
    expect(await field('Brand')).toBe('Brand (external id or name)')
    expect(await source('SKU')).toBe('proposed')
    expect(await field('Notes')).toBe('— Not imported —')
    expect(await source('Notes')).toBe('no match')

    const preview = page.locator('[data-test=import-preview-row]')
    await expect.poll(() => preview.count()).toBe(4)
    expect(await preview.nth(0).textContent()).toContain('Create')
    expect(await preview.nth(1).textContent()).toMatch(/Refused.*Price/)
    expect(await preview.nth(2).textContent()).toMatch(/Refused.*No such brand/)

    await pickField(page, 'Notes', 'Description')
    expect(await source('Notes')).toBe('changed')
    await expect
      .poll(() => page.locator('[data-test=import-preview] thead').textContent())
      .toContain('Description')
    await expect.poll(() => preview.nth(0).textContent()).toContain('Two-person tent')
    await screenshot(page, 'import-2-mapping-and-preview')
    await expectNoBlockingAxe(page)
  })

  it('a dry run reports what would happen and saves nothing', async () => {
    const { page } = session
    await page.locator('[data-test=import-dry-run]').click()
    await page.locator('[data-test=import-result] [data-test=import-summary]').waitFor()
    expect(await summaryText(page)).toBe(
      'Dry run finished: 2 would be created, 0 would be updated, 0 unchanged, 2 would be refused.'
    )
    await screenshot(page, 'import-3-dry-run')
    expect(await productsBySku(session.shell, 'IMP-')).toEqual([])
  })

  it('imports for real, creates the records, lists the refused rows and downloads them as CSV', async () => {
    const { page } = session
    // The Stock column is mapped by hand to a field its text would not propose.
    await page.locator('[data-test=import-after-dry-run]').click()
    await expect.poll(() => summaryText(page)).toMatch(/^Finished: 2 created/)
    const created = await productsBySku(session.shell, 'IMP-')
    expect(created.map((record) => record.fields.name).sort()).toEqual([
      'Ridge tent',
      'Sleeping mat'
    ])
    expect(created.find((record) => record.fields.sku === 'IMP-1')?.fields).toMatchObject({
      price: 249,
      description: 'Two-person tent'
    })
    const errors = page.locator('[data-test=import-result] [data-test=import-errors] tbody tr')
    await expect.poll(() => errors.count()).toBe(2)
    expect(await errors.nth(0).textContent()).toMatch(/^3Price/)
    expect(await errors.nth(1).textContent()).toMatch(/^4Brand.*No such brand/)
    await screenshot(page, 'import-4-summary')
    await expectNoBlockingAxe(page)

    const downloading = page.waitForEvent('download')
    await page.locator('[data-test=import-result] [data-test=import-errors-download]').click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^import-\d+-errors\.csv$/)
    const rows = csvObjects(readFileSync((await download.path())!, 'utf8'))
    expect(rows.map((row) => [row.row, row.column])).toEqual([
      ['3', 'Price'],
      ['4', 'Brand']
    ])
    for (const row of rows)
      for (const cell of Object.values(row)) expect(FORMULA_START.test(cell)).toBe(false)
  })

  it('neutralizes formula cells in the errors file', async () => {
    const { page } = session
    await page.locator('[data-test=import-again]').click()
    await chooseFile(
      page,
      file('formulas.csv', 'name,sku,=price\r\n=HYPERLINK(1),FX-1,=1+1\r\n@SUM(A1),FX-2,-3\r\n')
    )
    await page.locator('[data-test=import-mapping]').waitFor()
    await pickField(page, '=price', 'Price')
    await page.locator('[data-test=import-start]').click()
    await expect.poll(() => summaryText(page)).toMatch(/^Finished: 0 created.* 2 refused/)
    const downloading = page.waitForEvent('download')
    await page.locator('[data-test=import-result] [data-test=import-errors-download]').click()
    const text = readFileSync((await (await downloading).path())!, 'utf8')
    const rows = csvObjects(text)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.map((row) => row.column)).toContain("'=price")
    for (const row of rows)
      for (const cell of Object.values(row))
        expect(FORMULA_START.test(cell), JSON.stringify(cell)).toBe(false)
  })

  it('cancels a large import, showing progress, and says up to which row was saved', async () => {
    const { page } = session
    const rows = ['externalId,name,sku,price']
    // Every fifth row is refused (its price is no number): enough messages for several pages.
    for (let n = 1; n <= 40_000; n++)
      rows.push(`big-${n},Bulk item ${n},BIG-${n},${n % 5 === 0 ? 'n/a' : n % 500}`)
    await page.locator('[data-test=import-again]').click()
    await chooseFile(page, file('bulk.csv', rows.join('\n')))
    await page.locator('[data-test=import-mapping]').waitFor()
    await page.locator('[data-test=import-start]').click()
    const progressText = page.locator('[data-test=import-progress-text]')
    await expect
      .poll(() => progressText.textContent())
      .toMatch(/^[1-9][\d,]* rows · [\d,]+ rows\/s · /)
    await screenshot(page, 'import-5-progress')
    await page.locator('[data-test=import-cancel]').click()
    await expect.poll(() => summaryText(page), { timeout: 20_000 }).toMatch(/^Cancelled: /)
    const sentence = (await summaryText(page))!
    const through = Number(/rows up to (\d+) were saved/.exec(sentence)?.[1])
    expect(through).toBeGreaterThan(1)
    expect(through).toBeLessThan(40_001)
    await screenshot(page, 'import-6-cancelled')
    // Every row up to that one was saved or refused, and none after it was.
    const jobs = await session.shell.call('imports.list', {})
    const job = jobs[0]!
    expect(job).toMatchObject({ state: 'cancelled', committedThroughRow: through })
    expect(job.created + job.refused).toBe(through - 1)
    expect(await productsBySku(session.shell, 'BIG-')).toHaveLength(job.created)

    // The refused rows, a page at a time.
    const result = page.locator('[data-test=import-result]')
    const errors = result.locator('[data-test=import-errors] tbody tr')
    await expect.poll(() => errors.count()).toBe(50)
    expect(await errors.first().textContent()).toMatch(/^6price/)
    await result.locator('[data-test=import-errors-next]').click()
    await expect.poll(() => errors.first().textContent()).toMatch(/^256price/)
    expect(await result.locator('.pager').textContent()).toContain('Messages 51–100')
    await result.locator('[data-test=import-errors-previous]').click()
    await expect.poll(() => errors.first().textContent()).toMatch(/^6price/)
  }, 60_000)

  it('tells in words why a file that is not UTF-8, or has an unclosed quote, cannot be read', async () => {
    const { page } = session
    await page.locator('[data-test=import-again]').click()
    await chooseFile(page, file('latin1.csv', Buffer.from('name,sku\nCaf\xe9,L-1\n', 'latin1')))
    const problem = page.locator('[data-test=import-file-problem]')
    await expect
      .poll(() => problem.textContent())
      .toBe('latin1.csv cannot be imported: not UTF-8: save the file as CSV UTF-8')
    await screenshot(page, 'import-7-not-utf8')
    await expectNoBlockingAxe(page)

    await chooseFile(
      page,
      file('quotes.csv', 'name,sku\r\nGood,Q-1\r\n"Open quote,Q-2\r\nLost,Q-3\r\n')
    )
    await page.locator('[data-test=import-mapping]').waitFor()
    const refused = page.locator('[data-test=import-preview-row]', { hasText: 'Refused' })
    await expect.poll(() => refused.first().textContent()).toMatch(/never closed/)
    await screenshot(page, 'import-8-unclosed-quote')
    await page.locator('[data-test=import-start]').click()
    await expect.poll(() => summaryText(page)).toMatch(/^Finished: 1 created.*1 refused/)
    expect((await productsBySku(session.shell, 'Q-')).map((record) => record.fields.sku)).toEqual([
      'Q-1'
    ])
  })

  it('works from the keyboard alone: file, mapping, dry run, import', async () => {
    const { page } = session
    const path = file('keyboard.csv', 'Name,SKU,Cost\r\nTrail map,KEY-1,12\r\nCompass,KEY-2,30\r\n')
    await page.goto(`${session.shell.baseUrl}/#/apps/${productsAppId}/records/product`)
    await page.locator('[data-test=record-table]').waitFor()
    await page.locator('[data-test=new-record]').focus()
    await tabTo(page, '[data-test=import-records]', { key: 'Shift+Tab', max: 5 })
    await page.keyboard.press('Enter')
    await page.locator('#import-file-heading').waitFor()
    await tabTo(page, '[data-test=import-file]', { max: 20 })
    const choosing = page.waitForEvent('filechooser')
    await page.keyboard.press('Space')
    await (await choosing).setFiles(path)
    await page.locator('[data-test=import-mapping]').waitFor()
    await expect.poll(() => focusMatches(page, '#import-columns-heading')).toBe(true)

    // Cost is no field name: pick Price for it with the arrow keys.
    await tabTo(page, 'tr[data-column="Cost"] [role=combobox]', { max: 20 })
    await page.keyboard.press('Enter')
    await page.getByRole('listbox').waitFor()
    await page.keyboard.type('Price')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.locator('tr[data-column="Cost"] [data-test=import-map-field]').textContent())
      .toBe('Price')
    await expect
      .poll(() => page.locator('[data-test=import-preview] thead').textContent())
      .toContain('Price')

    await tabTo(page, '[data-test=import-dry-run]', { max: 20 })
    await page.keyboard.press('Enter')
    await page.locator('[data-test=import-result] [data-test=import-summary]').waitFor()
    await expect.poll(() => focusMatches(page, '[data-test=import-result] h3')).toBe(true)
    await tabTo(page, '[data-test=import-after-dry-run]', { max: 20 })
    await page.keyboard.press('Enter')
    await expect.poll(() => summaryText(page)).toMatch(/^Finished: 2 created/)
    const saved = await productsBySku(session.shell, 'KEY-')
    expect(saved.map((record) => record.fields.price).sort()).toEqual([12, 30])
    await screenshot(page, 'import-9-keyboard-done')
  }, 90_000)

  it('had no page errors', () => {
    expect(session.pageErrors).toEqual([])
  })

  it('shows an import the app was stopped in the middle of as interrupted, with where it stopped', async () => {
    const rows = ['externalId,name,sku']
    for (let n = 1; n <= 60_000; n++) rows.push(`crash-${n},Crash item ${n},CR-${n}`)
    const path = file('crash.csv', rows.join('\n'))
    const { page, shell } = session
    await openImport(page)
    await chooseFile(page, path)
    await page.locator('[data-test=import-mapping]').waitFor()
    await page.locator('[data-test=import-start]').click()
    await expect
      .poll(() => page.locator('[data-test=import-progress-text]').textContent())
      .toMatch(/^[1-9]/)
    shell.kill('SIGKILL')
    await shell.waitForExit()
    const restarted = await startShell({ dataDir: shell.dataDir, token: shell.token })
    await page.goto(`${restarted.baseUrl}/?token=${restarted.token}`)
    await page.locator('[data-test=account-name]').waitFor()
    await page.goto(`${restarted.baseUrl}/#/apps/${productsAppId}/records/product/import`)
    const interrupted = page.locator('[data-test=recent-import]', { hasText: 'crash.csv' })
    await expect
      .poll(() => interrupted.textContent())
      .toMatch(/Interrupted.*rows up to \d+ were saved/)
    await interrupted.locator('[data-test=recent-import-details]').click()
    await page.locator('[data-test=import-summary]').waitFor()
    await screenshot(page, 'import-10-interrupted')
    const job = await eventually(async () => {
      const jobs: ImportJobDto[] = await restarted.call('imports.list', {})
      return jobs.find((each) => each.fileName === 'crash.csv')
    })
    expect(job.state).toBe('interrupted')
    expect(await productsBySku(restarted, 'CR-')).toHaveLength(job.committedThroughRow! - 1)
  }, 90_000)
})
