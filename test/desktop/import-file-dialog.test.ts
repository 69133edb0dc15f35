import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IMPORT_FILE_CHOOSE_CHANNEL } from '@shared/import-upload'
import { bootBundle, type BootedBundle } from '../support/electron-bundle'
import { csvText, xlsxFile } from '../support/imports'

/**
 * The desktop's way in for an import: the built main bundle under the stub electron, whose open
 * dialog answers what the test queues, staging the chosen file from disk into the core.
 */
const appUrl = 'app://renderer/index.html'
let userData: string
let files: string
let desktop: BootedBundle

beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'pim-electron-import-'))
  files = mkdtempSync(join(tmpdir(), 'pim-import-files-'))
  desktop = bootBundle({
    PIM_STUB_USER_DATA: userData,
    PIM_STUB_DOWNLOADS: join(userData, 'Downloads'),
    ELECTRON_RENDERER_URL: ''
  })
  await desktop.next('load')
}, 30_000)

afterAll(async () => {
  if (desktop.child.exitCode === null) {
    desktop.send({ cmd: 'message-box-answer', response: 1 })
    desktop.send({ cmd: 'quit' })
    await desktop.exited
  }
  rmSync(userData, { recursive: true, force: true })
  rmSync(files, { recursive: true, force: true })
})

interface Staged {
  uploadId: string
  fileName: string
  bytes: number
}

const choose = async (path: string | null) => {
  desktop.send({
    cmd: 'open-dialog-answer',
    answer: path ? { canceled: false, filePaths: [path] } : { canceled: true, filePaths: [] }
  })
  return desktop.invoke(IMPORT_FILE_CHOOSE_CHANNEL, appUrl)
}

const stagedFiles = (): string[] => {
  try {
    return readdirSync(join(userData, 'imports'))
  } catch {
    return []
  }
}

describe('choosing a file to import in the desktop window', () => {
  it('opens the system dialog for CSV and XLSX, modal to the window, and stages the chosen CSV', async () => {
    const file = join(files, 'Spring prices.csv')
    const text = csvText([
      ['externalId', 'name', 'sku'],
      ['ext_d1', 'Tent', 'D-1']
    ])
    writeFileSync(file, text)
    const answer = await choose(file)
    expect(answer).toEqual({
      ok: true,
      data: {
        uploadId: expect.stringMatching(/^upl_/),
        fileName: 'Spring prices.csv',
        bytes: text.length
      }
    })
    const { options, withWindow } = (await desktop.next('open-dialog')) as unknown as {
      options: { filters: Array<{ extensions: string[] }>; properties: string[] }
      withWindow: boolean
    }
    expect(withWindow).toBe(true)
    expect(options.properties).toEqual(['openFile'])
    expect(options.filters[0]!.extensions).toEqual(['csv', 'xlsx'])
    const preview = await desktop.invoke('imports.preview', appUrl, {
      uploadId: (answer.data as Staged).uploadId,
      type: 'product'
    })
    expect(preview.data).toMatchObject({ rows: [{ action: 'create', fields: { name: 'Tent' } }] })
  })

  it('stages an XLSX the same way', async () => {
    const file = join(files, 'catalog.xlsx')
    writeFileSync(file, await xlsxFile([['name'], ['Stove']]))
    const answer = await choose(file)
    expect(answer).toMatchObject({ ok: true, data: { fileName: 'catalog.xlsx' } })
  })

  it('answers null when the dialog is closed, and a clear error for a file that is not UTF-8', async () => {
    const before = stagedFiles()
    expect(await choose(null)).toEqual({ ok: true, data: null })
    const latin1 = join(files, 'latin1.csv')
    writeFileSync(latin1, Buffer.from('name\nCaf\xe9\n', 'latin1'))
    expect(await choose(latin1)).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: 'file: not UTF-8: save the file as CSV UTF-8' }
    })
    expect(stagedFiles()).toEqual(before)
  })

  it('refuses another frame before any dialog opens', async () => {
    const dialogs = desktop.all('open-dialog').length
    const refused = await desktop.invoke(IMPORT_FILE_CHOOSE_CHANNEL, 'https://example.com/')
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(desktop.all('open-dialog')).toHaveLength(dialogs)
  })
})
