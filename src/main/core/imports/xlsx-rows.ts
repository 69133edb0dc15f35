import { createReadStream } from 'node:fs'
import ExcelJS from 'exceljs'
import { fileError } from './import-files'
import type { CellValue, ReadProgress, SourceRow } from './source-row'

/**
 * OOXML writes a character XML cannot carry, such as a carriage return (which an XML reader
 * turns into a line feed), as `_xHHHH_`, and a literal `_x` that looks like one as `_x005F_`
 * first; Excel reads them back so, and so does the import (the record export writes them).
 */
export function decodeXString(text: string): string {
  return text.includes('_x')
    ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
        String.fromCharCode(parseInt(hex, 16))
      )
    : text
}

/** An XLSX cell's value as the import sees it: text, number, boolean, date, formula or error. */
export function xlsxCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return decodeXString(value)
  if (typeof value === 'number' || typeof value === 'boolean') return value
  if (value instanceof Date) return value
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>
    if ('formula' in object || 'sharedFormula' in object)
      return { formula: String(object.formula ?? object.sharedFormula ?? '') }
    if ('error' in object) return { error: String(object.error) }
    if (Array.isArray(object.richText))
      return decodeXString(
        (object.richText as Array<{ text?: string }>).map((part) => part.text ?? '').join('')
      )
    if ('text' in object) return String(object.text)
  }
  return String(value)
}

/**
 * The rows of the first worksheet of an XLSX file, streamed with exceljs's WorkbookReader (the
 * file is never loaded whole). Dates come as dates (styles are read for that), shared strings
 * are cached by exceljs (the one part kept in memory, as Excel itself needs), rows without a
 * value are skipped. Row numbers are the sheet's.
 */
export async function* xlsxRows(path: string, progress: ReadProgress): AsyncGenerator<SourceRow> {
  const file = createReadStream(path)
  file.on('data', (chunk) => (progress.bytesRead += chunk.length))
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'emit'
  })
  try {
    for await (const sheet of workbook) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1).map(xlsxCell)
        if (values.every((cell) => cell === null || cell === '')) continue
        yield { row: row.number, cells: values }
      }
      break
    }
  } catch (error) {
    // A damaged archive or sheet: the whole file is unreadable, said in the operator's words.
    throw fileError(
      `not a readable XLSX file (${String((error as Error)?.message ?? error).slice(0, 200)})`
    )
  } finally {
    file.destroy()
  }
}
