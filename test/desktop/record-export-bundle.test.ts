import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordExportFileName } from '@shared/record-export'
import {
  RECORD_EXPORT_CANCEL_CHANNEL,
  RECORD_EXPORT_CHANNELS,
  RECORD_EXPORT_PROGRESS_CHANNEL,
  RECORD_EXPORT_START_CHANNEL
} from '@shared/record-export-ipc'
import { bootBundle, type BootedBundle } from '../support/electron-bundle'
import { csvObjects } from '../support/parse-csv'

/**
 * The record export through the built Electron main bundle, booted in plain Node with the stub
 * `electron`: the channel checks its sender and input, asks the save dialog, writes the file
 * and pushes progress to the asking window.
 */
const appUrl = 'app://renderer/index.html'
let userData: string
let downloads: string
let desktop: BootedBundle

beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'pim-electron-records-'))
  downloads = join(userData, 'Downloads')
  mkdirSync(downloads)
  desktop = bootBundle({
    PIM_STUB_USER_DATA: userData,
    PIM_STUB_DOWNLOADS: downloads,
    ELECTRON_RENDERER_URL: ''
  })
  await desktop.next('load')
  const brand = await desktop.invoke('entities.create', appUrl, {
    type: 'brand',
    data: { name: 'Acme', externalId: 'brand-acme' }
  })
  for (const name of ['Tent', '=Tent(1)', 'Stove'])
    await desktop.invoke('entities.create', appUrl, {
      type: 'product',
      data: { name, sku: `SKU-${name}`, brandId: (brand.data as { id: number }).id }
    })
}, 30_000)

afterAll(() => {
  if (desktop.child.exitCode === null) desktop.child.kill('SIGKILL')
  rmSync(userData, { recursive: true, force: true })
})

describe('the record export in the Electron main bundle', () => {
  it('writes the searched records into the file chosen in the save dialog, with progress', async () => {
    const file = join(downloads, 'tents.csv')
    desktop.send({ cmd: 'save-dialog-answer', answer: { canceled: false, filePath: file } })
    const answer = await desktop.invoke(RECORD_EXPORT_START_CHANNEL, appUrl, {
      exportId: 'records-desktop-1',
      input: { type: 'product', search: 'Tent', format: 'csv' }
    })
    expect(answer).toMatchObject({
      ok: true,
      data: { status: 'written', rows: 2, fileName: 'tents.csv' }
    })
    expect((answer.data as { bytes: number }).bytes).toBe(readFileSync(file).length)
    const { options, withWindow } = (await desktop.next('save-dialog')) as unknown as {
      options: { defaultPath: string; filters: Array<{ extensions: string[] }> }
      withWindow: boolean
    }
    expect(options.defaultPath).toBe(join(downloads, recordExportFileName('product', 'csv')))
    expect(options.filters).toEqual([{ name: 'CSV (spreadsheets)', extensions: ['csv'] }])
    expect(withWindow).toBe(true)
    const rows = csvObjects(readFileSync(file, 'utf8'))
    expect(rows.map((row) => [row.name, row.brand])).toEqual([
      ["'=Tent(1)", 'brand-acme'],
      ['Tent', 'brand-acme']
    ])
    expect(readdirSync(downloads)).toEqual(['tents.csv'])
    const progress = desktop
      .all('push')
      .filter((message) => message.channel === RECORD_EXPORT_PROGRESS_CHANNEL)
      .map((message) => message.payload)
    expect(progress[0]).toEqual({
      exportId: 'records-desktop-1',
      rows: 0,
      total: 2,
      fileName: 'tents.csv'
    })
    expect(progress.at(-1)).toMatchObject({ rows: 2, total: 2 })
  })

  it('writes XLSX', async () => {
    const file = join(downloads, 'all.xlsx')
    desktop.send({ cmd: 'save-dialog-answer', answer: { canceled: false, filePath: file } })
    const answer = await desktop.invoke(RECORD_EXPORT_START_CHANNEL, appUrl, {
      exportId: 'records-desktop-2',
      input: { type: 'product', format: 'xlsx' }
    })
    expect(answer).toMatchObject({ ok: true, data: { status: 'written', rows: 3 } })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    expect(workbook.worksheets[0].rowCount).toBe(4)
  })

  it('writes nothing when the dialog is closed, and refuses bad input and other frames', async () => {
    const dismissed = await desktop.invoke(RECORD_EXPORT_START_CHANNEL, appUrl, {
      exportId: 'records-desktop-3',
      input: { type: 'product', format: 'csv' }
    })
    expect(dismissed).toEqual({ ok: true, data: { status: 'dismissed' } })
    const bad = await desktop.invoke(RECORD_EXPORT_START_CHANNEL, appUrl, {
      exportId: 'records-desktop-4',
      input: { type: 'product', format: 'pdf' }
    })
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringContaining('format') }
    })
    const badId = await desktop.invoke(RECORD_EXPORT_START_CHANNEL, appUrl, {
      exportId: '../x',
      input: { type: 'product', format: 'csv' }
    })
    expect(badId).toMatchObject({ error: { message: expect.stringContaining('exportId') } })
    for (const channel of RECORD_EXPORT_CHANNELS) {
      const refused = await desktop.invoke(channel, 'https://example.com/', {
        exportId: 'records-desktop-5',
        input: { type: 'product', format: 'csv' }
      })
      expect(refused, channel).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    expect(await desktop.invoke(RECORD_EXPORT_CANCEL_CHANNEL, appUrl, 'records-desktop-1')).toEqual(
      { ok: true, data: { cancelled: false } }
    )
    expect(desktop.all('save-dialog')).toHaveLength(3)
    expect(readdirSync(downloads).sort()).toEqual(['all.xlsx', 'tents.csv'])
  })
})
