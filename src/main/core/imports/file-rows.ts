import { csvRows } from './csv-rows'
import type { StagedFile } from './import-files'
import type { ReadProgress, SourceRow } from './source-row'
import { xlsxRows } from './xlsx-rows'

/**
 * A staged file's records, streamed: the first is the header. Nothing is read ahead beyond what
 * the parsers buffer, so memory does not grow with the file. A problem with the whole file (not
 * UTF-8) is thrown while reading.
 */
export function fileRows(file: StagedFile, progress: ReadProgress): AsyncGenerator<SourceRow> {
  progress.totalBytes = file.bytes
  return file.kind === 'xlsx' ? xlsxRows(file.path, progress) : csvRows(file.path, progress)
}

/**
 * The header's cells as column names: trimmed text, `Column N` for an empty one, and a name seen
 * before gets ` (2)`, ` (3)`, ... so a mapping names each column once.
 */
export function headerNames(header: SourceRow): string[] {
  const seen = new Set<string>()
  return header.cells.map((cell, index) => {
    const text = cell === null || typeof cell === 'object' ? '' : String(cell).trim()
    let name = text || `Column ${index + 1}`
    for (let n = 2; seen.has(name); n++) name = `${text} (${n})`
    seen.add(name)
    return name
  })
}
