import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { csvCell, csvRow } from '@shared/csv'
import { parseCsv } from '../support/parse-csv'

describe('csvCell', () => {
  it('quotes per RFC 4180 only what needs it', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a"b')).toBe('"a""b"')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"')
    expect(csvCell('')).toBe('')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
  })

  it("puts a ' before text that would start a formula (OWASP), then quotes", () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`)
    expect(csvCell('+cmd')).toBe("'+cmd")
    expect(csvCell('-2+3')).toBe("'-2+3")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\t=1')).toBe("'\t=1")
    expect(csvCell('\r=1')).toBe(`"'\r=1"`)
    // Text from outside that looks like a number is still text from outside.
    expect(csvCell('-1')).toBe("'-1")
    // Only the first character decides: these are plain text to a spreadsheet.
    expect(csvCell('a=1')).toBe('a=1')
    expect(csvCell(' =1')).toBe(' =1')
    expect(csvCell("'=1")).toBe("'=1")
  })

  it('writes the numbers the app itself holds as numbers, a negative one too', () => {
    expect(csvCell(0)).toBe('0')
    expect(csvCell(200)).toBe('200')
    expect(csvCell(-1)).toBe('-1')
    expect(csvCell(-1.5e-7)).toBe('-1.5e-7')
    // Not a finite number: written as text, and neutralized like text.
    expect(csvCell(-Infinity)).toBe("'-Infinity")
    expect(csvCell(NaN)).toBe('NaN')
  })
})

describe('csvRow', () => {
  it('joins cells into a CRLF record that reads back as the neutralized cells', () => {
    const row = csvRow([1, '=1+1', 'a,"b"', null, '\r\n@x'])
    expect(row.endsWith('\r\n')).toBe(true)
    expect(parseCsv(row)).toEqual([['1', "'=1+1", 'a,"b"', '', "'\r\n@x"]])
  })
})

/** Every source file, outside node_modules and the build. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|vue|mjs)$/.test(entry.name) ? [path] : []
  })
}

describe('every CSV the app writes', () => {
  it('is written through src/shared/csv.ts (a file joining cells with commas into CRLF records)', () => {
    const root = fileURLToPath(new URL('../../src', import.meta.url))
    const writers = sourceFiles(root).filter((file) => {
      const text = readFileSync(file, 'utf8')
      return /join\(\s*['"],['"]\s*\)/.test(text) && text.includes('\\r\\n')
    })
    expect(writers.map((file) => relative(root, file))).toEqual([join('shared', 'csv.ts')])
    // The delivery-log export, the one CSV today, goes through it.
    const exporter = readFileSync(join(root, 'main/core/logs/log-export.ts'), 'utf8')
    expect(exporter).toContain("from '@shared/csv'")
  })
})
