import type { FieldValue } from '@shared/dto'
import type { FieldSpec } from '@shared/entity-fields'
import { MAX_IMPORT_CELL_CHARS } from '@shared/imports'
import type { CellValue } from './source-row'

/** A cell turned into what its field takes, or why it cannot be. */
export type Converted = { value: FieldValue } | { problem: string }

const QUOTED_FORMULA = /^'+[=+\-@\t\r]/

const TRUE = new Set(['true', 'yes', 'y', '1', 'x', 'ja', 'oui', 'wahr', 'vrai'])
const FALSE = new Set(['false', 'no', 'n', '0', 'nein', 'non', 'falsch', 'faux'])

/** `12.5`, `-3`, `1e3`, and `12,50` (a decimal comma, as `;` files write it). */
function numberOf(text: string): number | null {
  const plain = /^[+-]?\d+,\d+$/.test(text) ? text.replace(',', '.') : text
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(plain)) return null
  return Number(plain)
}

/**
 * One cell for one field, before validation (which the field's zod schema does, as for any
 * save). An empty cell is `null`: it clears the field (or is "required"). Text is trimmed.
 * A relation's cell stays text here: the import resolves it by external id or name.
 */
export function convertCell(field: FieldSpec | 'externalId', cell: CellValue): Converted {
  if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) {
    if ('formula' in cell)
      return { problem: `is a formula (=${cell.formula.slice(0, 40)}): save the sheet with values` }
    return { problem: `holds the spreadsheet error ${cell.error}` }
  }
  if (typeof cell === 'string' && cell.length > MAX_IMPORT_CELL_CHARS)
    return {
      problem: `is longer than ${MAX_IMPORT_CELL_CHARS / 1024} KiB (${cell.length} characters)`
    }
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return { value: null }
  // An export writes text that starts like a formula (`=x`) as `'=x`, so a spreadsheet shows it
  // as text (src/main/core/exports/export-cells.ts): one `'` before such a start is dropped.
  if (typeof cell === 'string' && QUOTED_FORMULA.test(cell)) cell = cell.slice(1)
  if (field === 'externalId') return { value: cellText(cell) }
  switch (field.kind) {
    case 'number':
    case 'integer': {
      if (typeof cell === 'number') return { value: cell }
      const number = typeof cell === 'string' ? numberOf(cell.trim()) : null
      return number === null
        ? { problem: `must be a number, not "${cellText(cell).slice(0, 40)}"` }
        : { value: number }
    }
    case 'boolean': {
      if (typeof cell === 'boolean') return { value: cell }
      const text = cellText(cell).toLowerCase()
      if (TRUE.has(text)) return { value: true }
      if (FALSE.has(text)) return { value: false }
      return { problem: `must be true or false, not "${text.slice(0, 40)}"` }
    }
    case 'datetime':
      return { value: cell instanceof Date ? cell.toISOString() : cellText(cell) }
    default:
      return { value: cellText(cell) }
  }
}

export function cellText(
  cell: Exclude<CellValue, null | { formula: string } | { error: string }>
): string {
  if (cell instanceof Date) return cell.toISOString()
  return String(cell).trim()
}
