/** A cell as a file gives it: CSV gives text, XLSX typed values (or a formula, refused later). */
export type CellValue =
  string | number | boolean | Date | null | { formula: string } | { error: string }

/** One record of a file: its number as a spreadsheet shows it (the header is row 1). */
export interface SourceRow {
  row: number
  cells: CellValue[]
  /** The record could not be read (CSV: a quote problem); the row is refused with this. */
  problem?: string
}

/** How far a reader got in its file, for the time left. */
export interface ReadProgress {
  bytesRead: number
  totalBytes: number
}
