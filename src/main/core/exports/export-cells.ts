import { csvRow } from '@shared/csv'

/** A cell as an export writes it: text, a number, a boolean, or empty. */
export type ExportCell = string | number | boolean | null

/** Text already starting with `'` and then a formula character (`'=x`): see `escapeQuote`. */
const QUOTED_FORMULA = /^'+[=+\-@\t\r]/

/**
 * `csvCell` writes `=x` as `'=x` (a spreadsheet shows the text, never runs it), and the import
 * drops one `'` before a formula character, so `=x` comes back as it was. A value that itself
 * starts with `'` and a formula character gets one more `'` here, so that drop gives it back
 * too: the export and the import are exact inverses for every text.
 */
export function escapeQuote(text: string): string {
  return QUOTED_FORMULA.test(text) ? `'${text}` : text
}

/** One CSV record (RFC 4180, CRLF), formulas neutralized by `csvCell` (src/shared/csv.ts). */
export function csvRecord(cells: readonly ExportCell[]): string {
  return csvRow(
    cells.map((cell) =>
      typeof cell === 'string' ? escapeQuote(cell) : typeof cell === 'boolean' ? String(cell) : cell
    )
  )
}

/**
 * OOXML's escape for what XML cannot carry: a carriage return would come back as a line feed
 * (XML normalizes line ends), so it is written `_x000D_`, and a literal `_xHHHH_` gets its `_`
 * as `_x005F_`, as Excel does; the import decodes both (`decodeXString`).
 */
function encodeXString(text: string): string {
  return text.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_').replace(/\r/g, '_x000D_')
}

/**
 * One XLSX row: text stays a typed text cell, which no spreadsheet evaluates, so it is written
 * as it is (only `escapeQuote` and `encodeXString`, for the import's sake); numbers and
 * booleans stay typed.
 */
export function xlsxRow(cells: readonly ExportCell[]): ExportCell[] {
  return cells.map((cell) => (typeof cell === 'string' ? encodeXString(escapeQuote(cell)) : cell))
}
