import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { MAX_IMPORT_BYTES, type StagedUpload } from '@shared/imports'
import { CoreError, notFound } from '../support/core-error'

export type ImportFileKind = 'csv' | 'xlsx'

export interface StagedFile extends StagedUpload {
  kind: ImportFileKind
  path: string
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0])
const UPLOAD_ID = /^upl_[A-Za-z0-9]{8,64}$/

/** A problem with the whole file: the operator's words, under the `file` path. */
export function fileError(message: string): CoreError {
  return new CoreError('invalid_argument', `file: ${message}`, [{ path: 'file', message }])
}

export const NOT_UTF8 = 'not UTF-8: save the file as CSV UTF-8'

/**
 * The file's kind from its first bytes, then its name: an XLSX is a zip (`PK\x03\x04`) whatever
 * its name; an old binary XLS is refused; a `.xlsx` that is no zip is refused; anything else is
 * read as CSV (which must then be UTF-8).
 */
export function fileKind(fileName: string, head: Buffer): ImportFileKind {
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx'
  if (head.subarray(0, 4).equals(OLE_MAGIC))
    throw fileError('an Excel 97-2003 (.xls) file is not read: save it as XLSX or CSV UTF-8')
  if (/\.xlsx$/i.test(fileName)) throw fileError('not an XLSX file (it is no zip archive)')
  return 'csv'
}

/**
 * Uploaded files waiting to be imported: `<dataDir>/imports/<uploadId>.<csv|xlsx>` with a small
 * `<uploadId>.json` beside it (the name the operator's file had). A file over the size cap, an
 * unreadable kind, or a CSV that is not UTF-8 is refused while it arrives and nothing is kept.
 */
export class ImportFiles {
  readonly folder: string

  constructor(
    dataDir: string,
    private readonly maxBytes = MAX_IMPORT_BYTES
  ) {
    this.folder = join(dataDir, 'imports')
  }

  async stage(input: Readable, fileName: string): Promise<StagedUpload> {
    const name = fileName.replace(/[\\/]/g, '_').slice(0, 300) || 'import'
    await mkdir(this.folder, { recursive: true, mode: 0o700 })
    const uploadId = `upl_${randomBytes(15).toString('base64url').replace(/[-_]/g, 'x')}`
    const partial = join(this.folder, `${uploadId}.part`)
    let bytes = 0
    let kind: ImportFileKind | null = null
    // The kind is told from the first four bytes, however the stream cuts its chunks; UTF-8 is
    // checked from the first byte and matters once the file turns out to be CSV.
    let head = Buffer.alloc(0)
    let notUtf8 = false
    const decoder = new TextDecoder('utf-8', { fatal: true })
    const decode = (chunk?: Buffer): void => {
      if (notUtf8) return
      try {
        if (chunk) decoder.decode(chunk, { stream: true })
        else decoder.decode()
      } catch {
        notUtf8 = true
      }
    }
    const out = createWriteStream(partial, { mode: 0o600 })
    try {
      for await (const piece of input) {
        const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as string)
        bytes += chunk.length
        if (bytes > this.maxBytes)
          throw fileError(
            `larger than ${Math.floor(this.maxBytes / 1024 / 1024)} MiB, the most an import reads: split it into several files`
          )
        if (head.length < 4) head = Buffer.concat([head, chunk.subarray(0, 4 - head.length)])
        if (head.length >= 4) kind ??= fileKind(name, head)
        decode(chunk)
        if (kind === 'csv' && notUtf8) throw fileError(NOT_UTF8)
        if (!out.write(chunk))
          await new Promise<void>((resolve) => out.once('drain', () => resolve()))
      }
      if (bytes === 0) throw fileError('the file is empty')
      kind ??= fileKind(name, head)
      decode()
      if (kind === 'csv' && notUtf8) throw fileError(NOT_UTF8)
      await new Promise<void>((resolve, reject) => {
        out.once('error', reject)
        out.end(() => resolve())
      })
      const path = join(this.folder, `${uploadId}.${kind}`)
      await rename(partial, path)
      await writeFile(
        join(this.folder, `${uploadId}.json`),
        JSON.stringify({ fileName: name, bytes, kind }),
        { mode: 0o600 }
      )
      return { uploadId, fileName: name, bytes }
    } catch (error) {
      // Closed before the partial file goes: a late open must not bring it back.
      await new Promise<void>((resolve) => {
        if (out.closed) resolve()
        else out.once('close', () => resolve())
        out.destroy()
      })
      input.destroy()
      await rm(partial, { force: true })
      throw error
    }
  }

  async find(uploadId: string): Promise<StagedFile> {
    if (!UPLOAD_ID.test(uploadId)) throw notFound('Upload', uploadId)
    let facts: { fileName: string; bytes: number; kind: ImportFileKind }
    try {
      facts = JSON.parse(await readFile(join(this.folder, `${uploadId}.json`), 'utf8'))
    } catch {
      throw notFound('Upload', uploadId)
    }
    return { uploadId, ...facts, path: join(this.folder, `${uploadId}.${facts.kind}`) }
  }
}
