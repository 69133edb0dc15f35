import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { ImportJobDto, StagedUpload } from '@shared/imports'
import { eventually, type Harness } from './core-harness'

/** Stages a file's bytes as an upload would, in chunks of 64 KiB. */
export function stage(
  harness: Harness,
  fileName: string,
  content: string | Buffer
): Promise<StagedUpload> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
  const chunks: Buffer[] = []
  for (let i = 0; i < bytes.length; i += 65_536) chunks.push(bytes.subarray(i, i + 65_536))
  return harness.core.imports.stage(Readable.from(chunks), fileName)
}

/** CSV text from rows (cells written as given: the tests quote where they mean to). */
export function csvText(rows: string[][], delimiter = ','): string {
  return rows.map((row) => row.join(delimiter)).join('\r\n') + '\r\n'
}

/** A real XLSX made by exceljs, first worksheet holding `rows` (cells as exceljs takes them). */
export async function xlsxFile(rows: unknown[][], extraSheet = false): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Products')
  for (const row of rows) sheet.addRow(row)
  if (extraSheet) workbook.addWorksheet('Other').addRow(['name', 'ignored'])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** Waits until the job is no longer running and answers it. */
export function finished(harness: Harness, jobId: number): Promise<ImportJobDto> {
  return eventually(async () => {
    const job = await harness.call('imports.get', { jobId })
    return job.state !== 'running' && job
  }, 20_000)
}

/** Starts an import and waits for its end. */
export async function runImport(
  harness: Harness,
  input: Record<string, unknown>
): Promise<ImportJobDto> {
  const job = await harness.call('imports.start', input)
  return finished(harness, job.id)
}
