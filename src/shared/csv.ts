/**
 * Writing CSV the one way every export of the app uses (RFC 4180, CRLF records), with formula
 * injection neutralized as OWASP recommends: response bodies and record values come from people
 * outside the operator's control, and a spreadsheet opening the file runs any cell that starts
 * like a formula (`=HYPERLINK(...)`, `+cmd`, `@SUM(...)`).
 */

/** What starts a formula in Excel, LibreOffice or Google Sheets (OWASP's list, tab and CR too). */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A cell's text: `'` before text that would start a formula, then quoted when it holds a comma,
 * a quote, CR or LF (quotes doubled). A spreadsheet shows the `'`-prefixed cell as the text it
 * was, and anyone reading the file sees the `'` and the original.
 *
 * A finite number the app itself writes (an id, a status, a duration) is written as it is, so the
 * column stays numeric: `String(n)` is digits with at most a sign, a point and an exponent
 * (`-1.5e-7`), which a spreadsheet reads as a number, never a call or a reference. Text that
 * looks like a number (a response body of `-1`) is still text from outside and gets the `'`.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  const text = String(value)
  const safe = FORMULA_START.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** One CSV record, CRLF-terminated, every cell through `csvCell`. */
export function csvRow(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(csvCell).join(',')}\r\n`
}
