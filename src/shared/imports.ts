import type { EntityType } from './entity-catalog'

/**
 * Imports of records from CSV or XLSX files (issue 23): what the API answers about an uploaded
 * file, a proposed mapping, a job and its refused rows. The inputs are in `import-inputs.ts`.
 */

/** Largest file an import accepts (the staging refuses the rest, keeping nothing). */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024
/** Largest cell: a row holding a longer one is refused, naming the column. */
export const MAX_IMPORT_CELL_CHARS = 64 * 1024
/** Rows the preview shows. */
export const IMPORT_PREVIEW_ROWS = 20
/** Refused-row messages kept per job; beyond, only counted (`errorsBeyond`). */
export const MAX_IMPORT_ROW_ERRORS = 10_000

export const importJobStates = [
  'running',
  'finished',
  'cancelled',
  'interrupted',
  'failed'
] as const
export type ImportJobState = (typeof importJobStates)[number]

/**
 * Column header -> field name (`externalId` or a field of the type's spec). A relation field
 * (`brandId`) takes the referenced record's external id or its name (title field).
 */
export type ImportMapping = Record<string, string>

export interface StagedUpload {
  uploadId: string
  fileName: string
  bytes: number
}

export type ImportRowAction = 'create' | 'update' | 'unchanged' | 'refuse'

export interface ImportRowMessage {
  /** The file's column header, or null for a message about the whole row. */
  column: string | null
  message: string
}

export interface ImportPreviewRow {
  /** The row's number in the file, the header being row 1. */
  row: number
  action: ImportRowAction
  /** Field values as they would be saved (references as record ids). */
  fields: Record<string, string | number | boolean | null>
  messages: ImportRowMessage[]
}

export interface ImportPreviewDto {
  uploadId: string
  type: EntityType
  headers: string[]
  mapping: ImportMapping
  /** Where the mapping came from: given by the caller, remembered for the type, or proposed. */
  mappingSource: 'given' | 'remembered' | 'proposed'
  unmappedColumns: string[]
  rows: ImportPreviewRow[]
}

export interface ImportJobDto {
  id: number
  type: EntityType
  fileName: string
  mapping: ImportMapping
  matchBy: string
  dryRun: boolean
  state: ImportJobState
  /** Known once the whole file was read. */
  rowsTotal: number | null
  rowsDone: number
  created: number
  updated: number
  unchanged: number
  refused: number
  /** Every row up to this one (file row number) is committed; null before the first batch. */
  committedThroughRow: number | null
  errorsBeyond: number
  startedAt: string
  finishedAt: string | null
  error: string | null
  /** One sentence for the operator: what happened and up to which row. */
  summary: string
}

export interface ImportProgressDto {
  jobId: number
  state: ImportJobState
  rowsDone: number
  committedThroughRow: number | null
  /** Rows per second since the start. */
  rowsPerSecond: number
  /** From the share of the file read so far; null until it can be told. */
  secondsLeft: number | null
}

export interface ImportRowErrorDto {
  row: number
  column: string | null
  message: string
}

export interface ImportErrorPage {
  items: ImportRowErrorDto[]
  /** Pass back for the next page; null at the end. */
  nextCursor: string | null
}

export interface ImportErrorsCsv {
  fileName: string
  csv: string
}

/** What the import methods answer, merged into `ApiOutputs` (api-contract.ts). */
export interface ImportOutputs {
  'imports.preview': ImportPreviewDto
  'imports.start': ImportJobDto
  'imports.progress': ImportProgressDto
  'imports.cancel': ImportJobDto
  'imports.get': ImportJobDto
  'imports.list': ImportJobDto[]
  'imports.errors': ImportErrorPage
  'imports.errorsCsv': ImportErrorsCsv
}
