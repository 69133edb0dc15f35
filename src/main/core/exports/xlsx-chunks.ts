import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { xlsxRow, type ExportCell } from './export-cells'

/**
 * Rows into an XLSX file as chunks of bytes, with exceljs's streaming `WorkbookWriter`: each
 * row is committed (written to the zip stream and dropped) as it comes, and the zipped bytes
 * that have come out by the end of each page are handed on, so memory holds about a page.
 * Inline strings, no shared-strings table: that table would grow with the file. Stopping the
 * iteration stops asking `pages` for more; the unfinished workbook is dropped.
 */
export async function* xlsxChunks(
  sheetName: string,
  header: readonly string[],
  pages: AsyncIterable<ExportCell[][]>
): AsyncGenerator<Buffer> {
  const out = new PassThrough()
  let pending: Buffer[] = []
  out.on('data', (chunk: Buffer) => pending.push(chunk))
  // A stop mid-way destroys `out` while the zip may still write to it: nothing to report then.
  out.on('error', () => {})
  const take = (): Buffer | null => {
    if (pending.length === 0) return null
    const bytes = Buffer.concat(pending)
    pending = []
    return bytes
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false
  })
  try {
    const sheet = workbook.addWorksheet(sheetName)
    sheet.addRow([...header]).commit()
    for await (const rows of pages) {
      for (const row of rows) sheet.addRow(xlsxRow(row)).commit()
      const bytes = take()
      if (bytes) yield bytes
    }
    sheet.commit()
    await workbook.commit()
    const rest = take()
    if (rest) yield rest
  } finally {
    out.destroy()
  }
}
