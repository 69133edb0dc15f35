import { describe, expect, it } from 'vitest'
import { exportRowCounter, logExportFileName } from '@shared/log-export'
import { csvCell } from '@shared/csv'

const encoder = new TextEncoder()

/** Feeds the text in pieces of `size` bytes, as a network stream might cut it. */
function countInPieces(format: 'csv' | 'ndjson', text: string, size: number): number {
  const bytes = encoder.encode(text)
  const counter = exportRowCounter(format)
  let rows = 0
  for (let start = 0; start < bytes.length; start += size)
    rows = counter.add(bytes.subarray(start, start + size))
  return rows
}

const values = ['plain', 'a,b', 'He said "hi"', 'two\r\nlines', 'bare\nLF', '"', 'Grüße 🚲', '']
const csv = 'id,body\r\n' + values.map((value, n) => `${n},${csvCell(value)}\r\n`).join('')
const ndjson = values.map((value, n) => `${JSON.stringify({ id: n, body: value })}\n`).join('')

describe('counting exported attempts as the bytes stream past', () => {
  it('counts CSV records, not lines: quoted line breaks and quotes stay inside a record', () => {
    for (const size of [1, 2, 3, 7, 64, 100_000])
      expect(countInPieces('csv', csv, size), `pieces of ${size}`).toBe(values.length)
    expect(countInPieces('csv', 'id,body\r\n', 4)).toBe(0)
    expect(exportRowCounter('csv').add(new Uint8Array())).toBe(0)
  })

  it('counts NDJSON lines (JSON escapes every line break inside a string)', () => {
    for (const size of [1, 5, 100_000]) expect(countInPieces('ndjson', ndjson, size)).toBe(8)
  })

  it('suggests a file name with the app and the day, in the chosen format', () => {
    const at = new Date('2026-11-30T23:59:59Z')
    expect(logExportFileName(3, 'csv', at)).toBe('delivery-log-app-3-2026-11-30.csv')
    expect(logExportFileName(12, 'ndjson', at)).toBe('delivery-log-app-12-2026-11-30.ndjson')
  })
})
