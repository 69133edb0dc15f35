import { readdirSync } from 'node:fs'
import { request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiErrorBody, ApiResponse } from '@shared/api-contract'
import { IMPORT_UPLOAD_PATH } from '@shared/http-routes'
import { MAX_IMPORT_BYTES, type StagedUpload } from '@shared/imports'
import { createHttpShell } from '../../src/main/shell-common/headless/http-server'
import { startHarness, type Harness } from '../support/core-harness'
import { csvText, xlsxFile } from '../support/imports'

/**
 * The headless shell's upload route around a real core in this process, so the test can look
 * into the data folder for what a refused upload left (it must be nothing).
 */
const TOKEN = 'import-upload-test-token-0123456789abcdef'

let harness: Harness
let server: Server
let port: number

beforeAll(async () => {
  harness = await startHarness()
  server = createHttpShell({
    call: harness.core.call,
    token: TOKEN,
    staticDir: null,
    onPush: harness.core.onPush,
    imports: harness.core.imports
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
}, 60_000)

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await harness.close()
})

interface Answer {
  status: number
  body: ApiResponse<StagedUpload>
  /** Bytes the client had sent when the answer came. */
  sent: number
}

/**
 * POSTs a body through node:http, which hears an answer while it is still sending (fetch
 * would not), and keeps sending until the server stops reading or the body ends.
 */
function upload(
  body: Readable | Buffer | string,
  options: { name?: string | null; token?: string; type?: string; length?: number } = {}
): Promise<Answer> {
  const name = options.name === undefined ? 'products.csv' : options.name
  const path =
    name === null ? IMPORT_UPLOAD_PATH : `${IMPORT_UPLOAD_PATH}?name=${encodeURIComponent(name)}`
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.token ?? TOKEN}`,
    'content-type': options.type ?? 'application/octet-stream'
  }
  if (options.length !== undefined) headers['content-length'] = String(options.length)
  return new Promise((resolve, reject) => {
    let sent = 0
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => {
        if (stream) stream.destroy()
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(text) as ApiResponse<StagedUpload>,
          sent
        })
      })
    })
    // The server may close once it answered; a write after that is no failure of the route.
    req.on('error', (error) => (answered ? undefined : reject(error)))
    let answered = false
    req.on('response', () => (answered = true))
    const stream = body instanceof Readable ? body : null
    if (!stream) return req.end(body)
    stream.on('data', (chunk: Buffer) => (sent += chunk.length))
    stream.pipe(req)
  })
}

function errorOf(answer: Answer): ApiErrorBody {
  if (answer.body.ok) throw new Error(`expected an error, got ${JSON.stringify(answer.body)}`)
  return answer.body.error
}

/** What the core keeps of uploads in its data folder. */
const stagedFiles = (): string[] => {
  try {
    return readdirSync(join(harness.dataDir, 'imports'))
  } catch {
    return []
  }
}

/** `total` bytes of a valid CSV made on the fly, 1 MiB at a time (never all in memory). */
function bigCsv(total: number): Readable {
  const line = 'ext_1,Tent\n'
  const chunk = Buffer.from(line.repeat(Math.floor((1024 * 1024) / line.length)))
  let left = total
  return new Readable({
    read() {
      if (left <= 0) return this.push(null)
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left)
      left -= piece.length
      this.push(piece)
    }
  })
}

describe('uploading an import file to the headless shell', () => {
  it('stages a CSV streamed as the body and answers the upload for imports.preview', async () => {
    const file = csvText([
      ['External id', 'Name', 'SKU'],
      ['ext_1', 'Tent', 'TENT-1']
    ])
    const answer = await upload(Readable.from([Buffer.from(file)]), { type: 'text/csv' })
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({
      ok: true,
      data: {
        uploadId: expect.stringMatching(/^upl_/),
        fileName: 'products.csv',
        bytes: Buffer.byteLength(file)
      }
    })
    const { uploadId } = (answer.body as { data: StagedUpload }).data
    const preview = await harness.call('imports.preview', { uploadId, type: 'product' })
    expect(preview.headers).toEqual(['External id', 'Name', 'SKU'])
    expect(preview.rows[0]).toMatchObject({ action: 'create', fields: { name: 'Tent' } })
  })

  it('stages an XLSX, whatever media type the browser gave it', async () => {
    const file = await xlsxFile([
      ['externalId', 'name'],
      ['ext_x', 'Stove']
    ])
    const answer = await upload(file, {
      name: 'Catalogue été.xlsx',
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({
      ok: true,
      data: { fileName: 'Catalogue été.xlsx', bytes: file.length }
    })
    const { uploadId } = (answer.body as { data: StagedUpload }).data
    const preview = await harness.call('imports.preview', { uploadId, type: 'product' })
    expect(preview.rows[0]).toMatchObject({ fields: { name: 'Stove' } })
  })

  it('refuses a declared length over 100 MiB with 413 before reading it, keeping nothing', async () => {
    const before = stagedFiles()
    const answer = await upload(bigCsv(MAX_IMPORT_BYTES + 1), { length: MAX_IMPORT_BYTES + 1 })
    expect(answer.status).toBe(413)
    expect(errorOf(answer).message).toMatch(/larger than 100 MiB.*split it into several files/)
    expect(stagedFiles()).toEqual(before)
  })

  it('refuses a chunked body once it passes 100 MiB, with 413, keeping nothing', async () => {
    const before = stagedFiles()
    const answer = await upload(bigCsv(MAX_IMPORT_BYTES + 3 * 1024 * 1024))
    expect(answer.status).toBe(413)
    expect(errorOf(answer)).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/^file: larger than 100 MiB/)
    })
    expect(answer.sent).toBeGreaterThan(MAX_IMPORT_BYTES)
    expect(stagedFiles()).toEqual(before)
    // The shell still answers after the refusal.
    const next = await upload('name\nTent\n')
    expect(next.status).toBe(200)
  }, 60_000)

  it('refuses a wrong or missing token before reading the file', async () => {
    const before = stagedFiles()
    const wrong = await upload('name\nTent\n', { token: 'not-the-token' })
    expect(wrong.status).toBe(401)
    expect(errorOf(wrong).code).toBe('unauthorized')
    expect(stagedFiles()).toEqual(before)
  })

  it('refuses a missing, foldered or unknown-kind file name, saying why', async () => {
    const before = stagedFiles()
    const cases: Array<[string | null, RegExp]> = [
      [null, /name the file/],
      ['../../etc/passwd.csv', /plain name/],
      ['a\nb.csv', /plain name/],
      ['report.pdf', /only \.csv and \.xlsx/],
      ['.csv', /empty/],
      [`${'x'.repeat(300)}.csv`, /255/]
    ]
    for (const [name, message] of cases) {
      const answer = await upload('name\nTent\n', { name })
      expect(answer.status, String(name)).toBe(400)
      expect(errorOf(answer), String(name)).toMatchObject({
        code: 'invalid_argument',
        message: expect.stringMatching(message),
        issues: [{ path: 'name' }]
      })
    }
    const form = await upload('--x\r\n', { type: 'multipart/form-data; boundary=x' })
    expect(form.status).toBe(415)
    expect(errorOf(form).message).toMatch(/not a form/)
    expect(stagedFiles()).toEqual(before)
  })

  it('refuses a CSV that is not UTF-8 with the words to fix it, keeping nothing', async () => {
    const before = stagedFiles()
    const latin1 = Buffer.from('name\nCaf\xe9 cr\xe8me\n', 'latin1')
    const answer = await upload(latin1)
    expect(answer.status).toBe(400)
    expect(errorOf(answer)).toMatchObject({
      code: 'invalid_argument',
      message: 'file: not UTF-8: save the file as CSV UTF-8'
    })
    expect(stagedFiles()).toEqual(before)
  })
})
