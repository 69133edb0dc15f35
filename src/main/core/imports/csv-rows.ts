import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { parse, type CsvError } from 'csv-parse'
import { fileError, NOT_UTF8 } from './import-files'
import type { ReadProgress, SourceRow } from './source-row'

/** A record longer than this is a broken file (an unclosed quote swallowing the rest). */
const MAX_RECORD_CHARS = 4 * 1024 * 1024

/**
 * `,` or `;`, whichever the header line holds more of outside quotes (`,` on a tie): Excel
 * writes `;` where the decimal separator is a comma.
 */
export function detectDelimiter(head: string): ',' | ';' {
  let commas = 0
  let semicolons = 0
  let quoted = false
  for (const char of head.replace(/^\uFEFF/, '')) {
    if (char === '"') quoted = !quoted
    else if (!quoted && (char === '\n' || char === '\r')) break
    else if (!quoted && char === ',') commas++
    else if (!quoted && char === ';') semicolons++
  }
  return semicolons > commas ? ';' : ','
}

async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(64 * 1024)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead).toString('utf8')
  } finally {
    await handle.close()
  }
}

/**
 * Passes the bytes on unchanged, refusing the file at the first byte that is not UTF-8. The parser
 * gets bytes, not text, so its `info.bytes` says how far into the file the rows it gave go.
 */
function utf8Checked(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        decoder.decode(chunk, { stream: true })
        done(null, chunk)
      } catch {
        done(fileError(NOT_UTF8))
      }
    },
    flush(done) {
      try {
        decoder.decode()
        done()
      } catch {
        done(fileError(NOT_UTF8))
      }
    }
  })
}

function quoteProblem(error: CsvError): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED')
    return 'a quote opened in this row is never closed: nothing after it could be read'
  if (
    error.code === 'CSV_INVALID_CLOSING_QUOTE' ||
    error.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE'
  )
    return 'a quote inside a cell must be doubled ("")'
  if (error.code === 'CSV_MAX_RECORD_SIZE')
    return 'a record over 4 MiB (an unclosed quote?): it was not read'
  return error.message
}

/**
 * The records of a CSV file, streamed: RFC 4180 through csv-parse, nothing relaxed but the
 * column count (a row with more or fewer cells than the header is refused by the import, with
 * its count). A record the parser cannot read (a stray or unclosed quote) comes as a row with a
 * `problem`, and reading goes on where the parser can: after a quote that is never closed
 * nothing is left, and that row's message says so.
 */
export async function* csvRows(path: string, progress: ReadProgress): AsyncGenerator<SourceRow> {
  const delimiter = detectDelimiter(await readHead(path))
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_CHARS,
    skip_records_with_error: true,
    // Pushed into the parser's own output, so a refused record keeps its place among the rows.
    on_skip: (error) => {
      if (error) parser.push({ skipped: error })
      return undefined
    }
  })
  const file = createReadStream(path)
  const text = utf8Checked()
  file.on('error', (error) => text.destroy(error))
  text.on('error', (error) => parser.destroy(error))
  file.pipe(text).pipe(parser)
  type Parsed = string[] | { skipped: CsvError }
  // Rows are counted as a spreadsheet shows the file: one per record (a cell's line breaks do
  // not count), an empty line being an empty row, which is skipped.
  let row = 0
  try {
    for await (const parsed of parser as AsyncIterable<Parsed>) {
      row++
      // Where the parser stands, not the file stream: the streams between read ahead by up to a
      // few hundred KiB, which early in a file would show the bar far ahead of the saves.
      progress.bytesRead = parser.info.bytes
      if (!Array.isArray(parsed)) yield { row, cells: [], problem: quoteProblem(parsed.skipped) }
      else if (parsed.some((cell) => cell !== '')) yield { row, cells: parsed }
    }
  } finally {
    file.destroy()
    parser.destroy()
  }
}
